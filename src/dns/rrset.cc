// rrset.cc — see rrset.h.
#include "dns/rrset.h"

#include <algorithm>

#include "dns/message.h"
#include "dns/wire.h"

namespace dns4eu::dns {
namespace {

RRType rrsig_type_covered(const Rdata& rd) {
  return rd.size() >= 2 ? static_cast<RRType>(load_u16(rd.data())) : RRType{0};
}

RRset* find_rrset(std::vector<RRset>& sets, const Name& owner, RRType type, RRClass rclass) {
  for (auto& s : sets)
    if (s.type == type && s.rclass == rclass && s.owner == owner) return &s;
  return nullptr;
}

bool contains(const std::vector<Rdata>& v, const Rdata& rd) {
  return std::find(v.begin(), v.end(), rd) != v.end();
}

}  // namespace

Result<std::vector<RRset>> collect_rrsets(const MessageView& msg, Section section) {
  std::vector<RRset> sets;
  std::vector<std::pair<Name, RRset>> sigs;  // RRSIG rdata with owner, attached at the end
  for (const RecordRef& rr : msg.records(section)) {
    auto owner = msg.name_at(rr.owner_offset);
    if (!owner) return tl::unexpected(owner.error());
    auto rd = msg.rdata(rr);
    if (!rd) return tl::unexpected(rd.error());
    if (rr.type == RRType::kRRSIG) {
      RRset sig{*owner, rrsig_type_covered(*rd), rr.rclass, rr.ttl, {std::move(*rd)}, {}};
      sigs.emplace_back(*owner, std::move(sig));
      continue;
    }
    RRset* s = find_rrset(sets, *owner, rr.type, rr.rclass);
    if (s == nullptr) {
      sets.push_back(RRset{*owner, rr.type, rr.rclass, rr.ttl, {}, {}});
      s = &sets.back();
    }
    s->ttl = std::min(s->ttl, rr.ttl);
    if (!contains(s->rdatas, *rd)) s->rdatas.push_back(std::move(*rd));
  }
  for (auto& [owner, sig] : sigs) {
    RRset* s = find_rrset(sets, owner, sig.type, sig.rclass);
    if (s != nullptr) {
      if (!contains(s->rrsigs, sig.rdatas[0])) s->rrsigs.push_back(std::move(sig.rdatas[0]));
      continue;
    }
    RRset* orphan = find_rrset(sets, owner, RRType::kRRSIG, sig.rclass);
    if (orphan == nullptr) {
      sets.push_back(RRset{owner, RRType::kRRSIG, sig.rclass, sig.ttl, {}, {}});
      orphan = &sets.back();
    }
    orphan->ttl = std::min(orphan->ttl, sig.ttl);
    orphan->rdatas.push_back(std::move(sig.rdatas[0]));
  }
  return sets;
}

}  // namespace dns4eu::dns
