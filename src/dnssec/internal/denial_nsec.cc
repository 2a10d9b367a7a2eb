// internal/denial_nsec.cc — NSEC proofs (RFC 4035 §5.4, RFC 6840 §4.1/§4.3,
// RFC 7129). See denial.h for the contract.
#include <vector>

#include "dnssec/internal/denial_nsec.h"

namespace dns4eu::dnssec::internal {
namespace {

using dns::Name;
using dns::RRType;

struct Nsec {
  Name owner;
  Name next;
  dns::NsecView view;
};

std::vector<Nsec> collect(std::span<const dns::RRset> records, const Name& zone) {
  std::vector<Nsec> out;
  for (const auto& s : records) {
    if (s.type != RRType::kNSEC || !s.owner.is_subdomain_of(zone)) continue;
    for (const auto& rd : s.rdatas)
      if (auto v = dns::NsecView::parse(rd)) out.push_back(Nsec{s.owner, v->next, *v});
  }
  return out;
}

// The NSEC's span (owner, next) contains `name` strictly, and the NSEC can
// speak for it: not a name below a delegation point or a DNAME.
bool covers(const Nsec& n, const Name& name) {
  if (name.is_subdomain_of(n.owner) && !(name == n.owner)) {
    if (n.view.has_type(RRType::kDNAME)) return false;
    if (n.view.has_type(RRType::kNS) && !n.view.has_type(RRType::kSOA)) return false;
  }
  int after_owner = n.owner.canonical_compare(name);
  if (after_owner >= 0) return false;
  int before_next = name.canonical_compare(n.next);
  if (n.owner.canonical_compare(n.next) < 0) return before_next < 0;
  return true;  // the last NSEC of the zone: next wraps to the apex
}

// Closest encloser of `qname` given the NSEC that covers it (RFC 4035 §5.4).
Name closest_encloser(const Nsec& n, const Name& qname) {
  int labels = std::max(qname.common_labels(n.owner), qname.common_labels(n.next));
  return qname.suffix(labels);
}

Result<Name> wildcard_of(const Name& ce) { return Name::from_text("*", &ce); }

bool nodata_bits_ok(const Nsec& n, RRType qtype) {
  if (n.view.has_type(qtype) || n.view.has_type(RRType::kCNAME)) return false;
  if (qtype == RRType::kDS) return !n.view.has_type(RRType::kSOA) || n.owner.is_root();  // parent side
  // A delegation's NSEC in the parent says nothing of the child's apex data.
  return !(n.view.has_type(RRType::kNS) && !n.view.has_type(RRType::kSOA));
}

const Nsec* find_covering(const std::vector<Nsec>& all, const Name& name) {
  for (const auto& n : all)
    if (covers(n, name)) return &n;
  return nullptr;
}

const Nsec* find_matching(const std::vector<Nsec>& all, const Name& name) {
  for (const auto& n : all)
    if (n.owner == name) return &n;
  return nullptr;
}

}  // namespace

std::optional<DenialProof> nsec_nxdomain(std::span<const dns::RRset> records, const Name& qname, const Name& zone) {
  auto all = collect(records, zone);
  if (all.empty()) return std::nullopt;
  const Nsec* n = find_covering(all, qname);
  if (!n) return DenialProof{Denial::kNotProven, "no NSEC covers " + qname.to_text()};
  Name ce = closest_encloser(*n, qname);
  if (!ce.is_subdomain_of(zone)) return DenialProof{Denial::kNotProven, "NSEC closest encloser outside the zone"};
  auto wc = wildcard_of(ce);
  if (!wc) return DenialProof{Denial::kNotProven, "wildcard name too long"};
  if (find_matching(all, *wc) || !find_covering(all, *wc))
    return DenialProof{Denial::kNotProven, "no NSEC proves that " + wc->to_text() + " does not exist"};
  return DenialProof{Denial::kProven, {}};
}

std::optional<DenialProof> nsec_nodata(std::span<const dns::RRset> records, const Name& qname, RRType qtype,
                                       const Name& zone) {
  auto all = collect(records, zone);
  if (all.empty()) return std::nullopt;
  if (const Nsec* m = find_matching(all, qname)) {
    if (nodata_bits_ok(*m, qtype)) return DenialProof{Denial::kProven, {}};
    return DenialProof{Denial::kNotProven, "the NSEC of " + qname.to_text() + " lists the type asked for"};
  }
  const Nsec* n = find_covering(all, qname);
  if (!n) return DenialProof{Denial::kNotProven, "no NSEC matches or covers " + qname.to_text()};
  // An empty non-terminal: the next name lies below qname (RFC 7129 §3.2).
  if (n->next.is_subdomain_of(qname) && !(n->next == qname)) return DenialProof{Denial::kProven, {}};
  // Wildcard NODATA: qname does not exist, the wildcard does without qtype.
  Name ce = closest_encloser(*n, qname);
  auto wc = wildcard_of(ce);
  if (wc)
    if (const Nsec* w = find_matching(all, *wc); w && nodata_bits_ok(*w, qtype)) return DenialProof{Denial::kProven, {}};
  return DenialProof{Denial::kNotProven, "NSEC records do not prove NODATA for " + qname.to_text()};
}

std::optional<DenialProof> nsec_wildcard(std::span<const dns::RRset> records, const Name& qname, uint8_t sig_labels,
                                         const Name& zone) {
  auto all = collect(records, zone);
  if (all.empty()) return std::nullopt;
  if (sig_labels >= qname.label_count()) return DenialProof{Denial::kNotProven, "not a wildcard expansion"};
  // qname itself must not exist: an NSEC covers it (and so the next closer name).
  if (find_covering(all, qname)) return DenialProof{Denial::kProven, {}};
  return DenialProof{Denial::kNotProven, "no NSEC proves that " + qname.to_text() + " does not exist"};
}

}  // namespace dns4eu::dnssec::internal
