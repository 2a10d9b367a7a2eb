// negative_cache.cc — RFC 2308 negative cache: blob packing, TTL rules and
// the NegativeRef handle.
#include "cache/negative_cache.h"

#include <algorithm>
#include <utility>

#include "cache/internal/key.h"
#include "cache/internal/negative_layout.h"
#include "cache/internal/rrset_layout.h"
#include "cache/internal/store.h"
#include "dns/wire.h"

namespace dns4eu::cache {

using internal::Blob;
using internal::KeyBuf;
using internal::NegHead;

namespace {
constexpr std::size_t kMinSoaRdata = 22;  // two root names + 5 × u32

KeyBuf make_key(const dns::Name& name, uint16_t type, dns::RRClass rclass) {
  KeyBuf k(name);
  k.u16(type);
  k.u16(static_cast<uint16_t>(rclass));
  return k;
}
}  // namespace

// ---- NegativeRef ----

NegativeKind NegativeRef::kind() const { return NegativeKind(internal::read_neg_head(blob_->payload()).kind); }
Security NegativeRef::security() const { return Security(blob_->tag.load(std::memory_order_relaxed)); }

std::span<const uint8_t> NegativeRef::soa_owner_wire() const {
  NegHead h = internal::read_neg_head(blob_->payload());
  return {blob_->payload() + sizeof h, h.soa_owner_size};
}
dns::Name NegativeRef::soa_owner() const { return *dns::Name::from_wire(soa_owner_wire()); }
std::span<const uint8_t> NegativeRef::soa_rdata() const {
  NegHead h = internal::read_neg_head(blob_->payload());
  return {blob_->payload() + sizeof h + h.soa_owner_size, h.soa_rdata_size};
}
PackedRdata NegativeRef::soa_rrsigs() const {
  NegHead h = internal::read_neg_head(blob_->payload());
  return PackedRdata(blob_->payload() + sizeof h + h.soa_owner_size + h.soa_rdata_size,
                     h.rrsig_bytes, h.rrsig_count);
}
std::span<const uint8_t> NegativeRef::proof() const {
  NegHead h = internal::read_neg_head(blob_->payload());
  return {blob_->payload() + sizeof h + h.soa_owner_size + h.soa_rdata_size + h.rrsig_bytes,
          h.proof_bytes};
}

// ---- NegativeCache ----

NegativeCache::NegativeCache(const CacheConfig& config)
    : config_(config), store_(std::make_unique<internal::Store>(config)) {}
NegativeCache::~NegativeCache() = default;

InsertResult NegativeCache::insert_nxdomain(const dns::Name& name, dns::RRClass rclass,
                                            const dns::RRset& soa, std::span<const uint8_t> proof,
                                            Security security, uint32_t now) {
  return insert(NegativeKind::kNxDomain, name, dns::RRType(0), rclass, soa, proof, security, now);
}

InsertResult NegativeCache::insert_nodata(const dns::Name& name, dns::RRType type,
                                          dns::RRClass rclass, const dns::RRset& soa,
                                          std::span<const uint8_t> proof, Security security,
                                          uint32_t now) {
  return insert(NegativeKind::kNoData, name, type, rclass, soa, proof, security, now);
}

InsertResult NegativeCache::insert(NegativeKind kind, const dns::Name& name, dns::RRType type,
                                   dns::RRClass rclass, const dns::RRset& soa,
                                   std::span<const uint8_t> proof, Security security, uint32_t now) {
  if (soa.rdatas.empty() || soa.rdatas[0].size() < kMinSoaRdata || soa.rdatas[0].size() > 0xFFFF)
    return InsertResult::kUncacheable;
  const dns::Rdata& rd = soa.rdatas[0];
  const uint32_t minimum = dns::load_u32(&rd[rd.size() - 4]);
  uint32_t ttl = std::max(std::min(soa.ttl, minimum), config_.min_ttl);
  ttl = std::min(ttl, config_.max_negative_ttl);
  bool ok = soa.rrsigs.size() <= 0xFFFF && proof.size() <= 0xFFFFFF;
  const std::size_t sig_bytes = internal::packed_size(soa.rrsigs, ok);
  if (!ok || ttl == 0) return InsertResult::kUncacheable;

  const dns::Name soa_owner = soa.owner.lowercased();
  NegHead h{uint8_t(kind), uint8_t(soa_owner.wire_size()), uint16_t(rd.size()),
            uint16_t(soa.rrsigs.size()), 0, uint32_t(sig_bytes), uint32_t(proof.size())};
  KeyBuf key = make_key(name, static_cast<uint16_t>(type), rclass);
  Blob* b = Blob::create(key.bytes(), sizeof h + soa_owner.wire_size() + rd.size() + sig_bytes + proof.size());
  if (b == nullptr) return InsertResult::kTooLarge;
  uint8_t* p = b->payload();
  std::memcpy(p, &h, sizeof h);
  p += sizeof h;
  std::memcpy(p, soa_owner.wire().data(), soa_owner.wire_size());
  p += soa_owner.wire_size();
  std::memcpy(p, rd.data(), rd.size());
  p = internal::pack(p + rd.size(), soa.rrsigs);
  if (!proof.empty()) std::memcpy(p, proof.data(), proof.size());
  b->expire = now + ttl;
  b->tag.store(uint8_t(security), std::memory_order_relaxed);
  return store_->insert(b, key.ref().hash, now, [](const Blob&) { return false; });
}

std::optional<NegativeRef> NegativeCache::lookup(const dns::Name& name, dns::RRType type,
                                                 dns::RRClass rclass, uint32_t now, LookupMode mode) {
  std::optional<NegativeRef> out;
  auto take = [&](Blob& b, bool stale) {
    b.acquire();
    out.emplace(NegativeRef(&b, b.expire, stale));
  };
  if (store_->find(make_key(name, 0, rclass).ref(), now, mode, take, /*count_miss=*/false)) return out;
  store_->find(make_key(name, static_cast<uint16_t>(type), rclass).ref(), now, mode, take);
  return out;
}

bool NegativeCache::set_security(const dns::Name& name, dns::RRType type, dns::RRClass rclass,
                                 Security security) {
  auto set = [&](Blob& b) { b.tag.store(uint8_t(security), std::memory_order_relaxed); };
  // now = 0: any entry not past its retention counts; a stale one is fine here.
  if (store_->with_entry(make_key(name, 0, rclass).ref(), 0, set)) return true;
  return store_->with_entry(make_key(name, static_cast<uint16_t>(type), rclass).ref(), 0, set);
}

std::size_t NegativeCache::flush_below(const dns::Name& name) {
  const dns::Name lower = name.lowercased();
  return store_->erase_if(
      [&](const Blob& b) { return internal::key_name_at_or_below(b.key(), lower.wire()); });
}

void NegativeCache::flush_all() { store_->clear(); }
std::size_t NegativeCache::purge_dead(uint32_t now) { return store_->purge_dead(now); }
CacheStats NegativeCache::stats() const { return store_->stats(); }
std::size_t NegativeCache::bytes() const { return store_->bytes(); }
std::size_t NegativeCache::entries() const { return store_->entries(); }

}  // namespace dns4eu::cache
