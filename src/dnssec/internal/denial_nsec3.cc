// internal/denial_nsec3.cc — NSEC3 proofs (RFC 5155 §8, RFC 9276 §3.2):
// closest encloser proofs, opt-out and the iteration limit. See denial.h.
#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "dnssec/internal/denial_nsec.h"
#include "dnssec/nsec3_hash.h"

namespace dns4eu::dnssec::internal {
namespace {

using dns::Name;
using dns::RRType;
using Hash = std::array<uint8_t, 20>;

struct Nsec3 {
  Hash owner{};
  Hash next{};
  dns::Nsec3View view;
};

struct Chain {
  std::vector<Nsec3> records;
  bool too_many_iterations = false;
  uint16_t iterations = 0;
};

Chain collect(std::span<const dns::RRset> records, const Name& zone, const ValidationLimits& limits) {
  Chain c;
  for (const auto& s : records) {
    if (s.type != RRType::kNSEC3 || s.owner.label_count() != zone.label_count() + 1 || !(s.owner.parent() == zone))
      continue;
    auto owner = dns::base32hex_decode(s.owner.label(0));
    if (!owner || owner->size() != 20) continue;
    for (const auto& rd : s.rdatas) {
      auto v = dns::Nsec3View::parse(rd);
      if (!v || v->hash_algorithm != 1 || v->next_hashed_owner.size() != 20) continue;  // RFC 5155 §8.1
      if (v->iterations > limits.max_nsec3_iterations) {
        c.too_many_iterations = true;
        c.iterations = std::max(c.iterations, v->iterations);
        continue;
      }
      Nsec3 n{{}, {}, *v};
      std::memcpy(n.owner.data(), owner->data(), 20);
      std::memcpy(n.next.data(), v->next_hashed_owner.data(), 20);
      c.records.push_back(n);
    }
  }
  return c;
}

class Hasher {
 public:
  Hasher(const Chain& c, const ValidationLimits& l) : chain_(c), left_(l.max_nsec3_hashes) {}
  // The hash of `name` with the parameters of the chain's first record.
  std::optional<Hash> operator()(const Name& name) {
    if (chain_.records.empty() || left_-- <= 0) return std::nullopt;
    const auto& v = chain_.records.front().view;
    auto h = nsec3_hash(name, v.salt, v.iterations, v.hash_algorithm, v.iterations);
    if (!h || h->size() != 20) return std::nullopt;
    Hash out{};
    std::memcpy(out.data(), h->data(), 20);
    return out;
  }

 private:
  const Chain& chain_;
  int left_;
};

bool same_params(const Nsec3& a, const Nsec3& b) {
  return a.view.iterations == b.view.iterations && a.view.salt.size() == b.view.salt.size() &&
         std::equal(a.view.salt.begin(), a.view.salt.end(), b.view.salt.begin());
}

const Nsec3* matching(const Chain& c, const Hash& h) {
  for (const auto& n : c.records)
    if (n.owner == h && same_params(n, c.records.front())) return &n;
  return nullptr;
}

const Nsec3* covering(const Chain& c, const Hash& h) {
  for (const auto& n : c.records) {
    if (!same_params(n, c.records.front())) continue;
    bool after_owner = n.owner < h;
    bool before_next = h < n.next;
    if (n.owner < n.next ? (after_owner && before_next) : (after_owner || before_next)) return &n;
  }
  return nullptr;
}

struct EncloserProof {
  Name closest;
  const Nsec3* next_closer_cover = nullptr;
};

// RFC 5155 §8.3: the longest ancestor of qname with a matching NSEC3 whose
// next closer name is covered. nullopt when there is none within budget.
std::optional<EncloserProof> closest_encloser(const Chain& c, const Name& qname, const Name& zone, Hasher& hash) {
  for (int labels = qname.label_count() - 1; labels >= zone.label_count(); --labels) {
    Name ce = qname.suffix(labels);
    auto h = hash(ce);
    if (!h) return std::nullopt;
    const Nsec3* m = matching(c, *h);
    if (!m) continue;
    // RFC 5155 §8.3: a DNAME, or NS without SOA, at the encloser cannot prove below it.
    if (m->view.has_type(RRType::kDNAME) || (m->view.has_type(RRType::kNS) && !m->view.has_type(RRType::kSOA)))
      return std::nullopt;
    auto nh = hash(qname.suffix(labels + 1));
    if (!nh) return std::nullopt;
    const Nsec3* cover = covering(c, *nh);
    if (!cover) return std::nullopt;
    return EncloserProof{ce, cover};
  }
  return std::nullopt;
}

DenialProof iterations_insecure(const Chain& c) {
  return {Denial::kInsecure, "NSEC3 iterations " + std::to_string(c.iterations) + " above the limit (RFC 9276)", true};
}

}  // namespace

std::optional<DenialProof> nsec3_nxdomain(std::span<const dns::RRset> records, const Name& qname, const Name& zone,
                                          const ValidationLimits& limits) {
  Chain c = collect(records, zone, limits);
  if (c.records.empty()) {
    if (c.too_many_iterations) return iterations_insecure(c);
    return std::nullopt;
  }
  Hasher hash(c, limits);
  auto cep = closest_encloser(c, qname, zone, hash);
  if (!cep) return DenialProof{Denial::kNotProven, "no NSEC3 closest encloser proof for " + qname.to_text()};
  auto wc = Name::from_text("*", &cep->closest);
  auto wh = wc ? hash(*wc) : std::nullopt;
  if (!wh || !covering(c, *wh))
    return DenialProof{Denial::kNotProven, "no NSEC3 proves that the wildcard at " + cep->closest.to_text() +
                                               " does not exist"};
  if (cep->next_closer_cover->view.opt_out())
    return DenialProof{Denial::kInsecure, "NSEC3 opt-out span covers " + qname.to_text()};
  return DenialProof{Denial::kProven, {}};
}

std::optional<DenialProof> nsec3_nodata(std::span<const dns::RRset> records, const Name& qname, RRType qtype,
                                        const Name& zone, const ValidationLimits& limits) {
  Chain c = collect(records, zone, limits);
  if (c.records.empty()) {
    if (c.too_many_iterations) return iterations_insecure(c);
    return std::nullopt;
  }
  Hasher hash(c, limits);
  auto qh = hash(qname);
  if (!qh) return DenialProof{Denial::kNotProven, "NSEC3 hashing failed"};
  if (const Nsec3* m = matching(c, *qh)) {
    bool ok = !m->view.has_type(qtype) && !m->view.has_type(RRType::kCNAME);
    if (qtype == RRType::kDS) ok = ok && (!m->view.has_type(RRType::kSOA) || qname.is_root());
    else ok = ok && !(m->view.has_type(RRType::kNS) && !m->view.has_type(RRType::kSOA));
    if (ok) return DenialProof{Denial::kProven, {}};
    return DenialProof{Denial::kNotProven, "the NSEC3 of " + qname.to_text() + " lists the type asked for"};
  }
  auto cep = closest_encloser(c, qname, zone, hash);
  if (!cep) return DenialProof{Denial::kNotProven, "no NSEC3 matches " + qname.to_text()};
  if (qtype == RRType::kDS) {  // RFC 5155 §8.6: an opt-out span may hold an unsigned delegation
    if (cep->next_closer_cover->view.opt_out())
      return DenialProof{Denial::kInsecure, "NSEC3 opt-out span covers " + qname.to_text()};
    return DenialProof{Denial::kNotProven, "no NSEC3 proves the DS of " + qname.to_text() + " absent"};
  }
  // RFC 5155 §8.7: wildcard NODATA.
  auto wc = Name::from_text("*", &cep->closest);
  auto wh = wc ? hash(*wc) : std::nullopt;
  if (wh)
    if (const Nsec3* w = matching(c, *wh);
        w && !w->view.has_type(qtype) && !w->view.has_type(RRType::kCNAME)) {
      if (cep->next_closer_cover->view.opt_out())  // qname itself may be an unsigned delegation
        return DenialProof{Denial::kInsecure, "NSEC3 opt-out span covers " + qname.to_text()};
      return DenialProof{Denial::kProven, {}};
    }
  return DenialProof{Denial::kNotProven, "NSEC3 records do not prove NODATA for " + qname.to_text()};
}

std::optional<DenialProof> nsec3_wildcard(std::span<const dns::RRset> records, const Name& qname, uint8_t sig_labels,
                                          const Name& zone, const ValidationLimits& limits) {
  Chain c = collect(records, zone, limits);
  if (c.records.empty()) {
    if (c.too_many_iterations) return iterations_insecure(c);
    return std::nullopt;
  }
  if (sig_labels >= qname.label_count()) return DenialProof{Denial::kNotProven, "not a wildcard expansion"};
  Hasher hash(c, limits);
  auto nh = hash(qname.suffix(sig_labels + 1));  // the next closer name (RFC 5155 §8.8)
  if (!nh) return DenialProof{Denial::kNotProven, "NSEC3 hashing failed"};
  const Nsec3* cover = covering(c, *nh);
  if (!cover) return DenialProof{Denial::kNotProven, "no NSEC3 covers the next closer name of " + qname.to_text()};
  if (cover->view.opt_out())  // an unsigned delegation may own the next closer name
    return DenialProof{Denial::kInsecure, "NSEC3 opt-out span covers " + qname.to_text()};
  return DenialProof{Denial::kProven, {}};
}

}  // namespace dns4eu::dnssec::internal
