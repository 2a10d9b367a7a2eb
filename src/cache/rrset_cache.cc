// rrset_cache.cc — RRset cache: packing RRsets into one blob, trust-ranked
// replacement, and the pinned RRsetRef handle.
#include "cache/rrset_cache.h"

#include <algorithm>
#include <utility>

#include "cache/internal/key.h"
#include "cache/internal/rrset_layout.h"
#include "cache/internal/store.h"
#include "dns/wire.h"

namespace dns4eu::cache {

using internal::Blob;
using internal::KeyBuf;
using internal::RRsetHead;

namespace {
KeyBuf make_key(const dns::Name& name, dns::RRType type, dns::RRClass rclass) {
  KeyBuf k(name);
  k.u16(static_cast<uint16_t>(type));
  k.u16(static_cast<uint16_t>(rclass));
  return k;
}
}  // namespace

// ---- RRsetRef ----

std::span<const uint8_t> RRsetRef::owner_wire() const {
  auto key = blob_->key();
  return key.first(internal::key_name_size(key));
}
dns::Name RRsetRef::owner() const { return *dns::Name::from_wire(owner_wire()); }
dns::RRType RRsetRef::type() const {
  auto key = blob_->key();
  return dns::RRType(dns::load_u16(&key[key.size() - 4]));
}
dns::RRClass RRsetRef::rclass() const {
  auto key = blob_->key();
  return dns::RRClass(dns::load_u16(&key[key.size() - 2]));
}
uint32_t RRsetRef::original_ttl() const { return internal::read_head(blob_->payload()).original_ttl; }
Trust RRsetRef::trust() const { return Trust(internal::read_head(blob_->payload()).trust); }
Security RRsetRef::security() const { return Security(blob_->tag.load(std::memory_order_relaxed)); }

PackedRdata RRsetRef::rdatas() const {
  RRsetHead h = internal::read_head(blob_->payload());
  const uint8_t* p = blob_->payload() + sizeof h;
  return PackedRdata(p, internal::packed_span(p, h.rdata_count), h.rdata_count);
}
PackedRdata RRsetRef::rrsigs() const {
  RRsetHead h = internal::read_head(blob_->payload());
  const std::size_t off = sizeof h + internal::packed_span(blob_->payload() + sizeof h, h.rdata_count);
  const uint8_t* p = blob_->payload() + off;
  const std::size_t size = blob_->payload_size - off;
  return PackedRdata(p, size, static_cast<uint16_t>(internal::packed_count(p, size)));
}

dns::RRset RRsetRef::to_rrset(uint32_t now) const {
  dns::RRset s;
  s.owner = owner();
  s.type = type();
  s.rclass = rclass();
  s.ttl = ttl(now);
  for (auto rd : rdatas()) s.rdatas.emplace_back(rd.begin(), rd.end());
  for (auto rd : rrsigs()) s.rrsigs.emplace_back(rd.begin(), rd.end());
  return s;
}

// ---- RRsetCache ----

RRsetCache::RRsetCache(const CacheConfig& config)
    : config_(config), store_(std::make_unique<internal::Store>(config)) {}
RRsetCache::~RRsetCache() = default;

InsertResult RRsetCache::insert(const dns::RRset& rrset, Trust trust, Security security, uint32_t now) {
  const uint32_t ttl = std::clamp(rrset.ttl, config_.min_ttl, config_.max_ttl);
  bool ok = !rrset.rdatas.empty() && rrset.rdatas.size() <= 0xFFFF && rrset.rrsigs.size() <= 0xFFFF;
  const std::size_t rd_bytes = internal::packed_size(rrset.rdatas, ok);
  const std::size_t sig_bytes = internal::packed_size(rrset.rrsigs, ok);
  if (!ok || ttl == 0) return InsertResult::kUncacheable;

  KeyBuf key = make_key(rrset.owner, rrset.type, rrset.rclass);
  Blob* b = Blob::create(key.bytes(), sizeof(RRsetHead) + rd_bytes + sig_bytes);
  if (b == nullptr) return InsertResult::kTooLarge;
  RRsetHead h{ttl, uint16_t(rrset.rdatas.size()), uint8_t(trust), 0};
  std::memcpy(b->payload(), &h, sizeof h);
  internal::pack(internal::pack(b->payload() + sizeof h, rrset.rdatas), rrset.rrsigs);
  b->expire = now + ttl;
  b->tag.store(uint8_t(security), std::memory_order_relaxed);

  return store_->insert(b, key.ref().hash, now, [&](const Blob& old) {
    return now < old.expire && internal::read_head(old.payload()).trust > uint8_t(trust);
  });
}

std::optional<RRsetRef> RRsetCache::lookup(const dns::Name& name, dns::RRType type,
                                           dns::RRClass rclass, uint32_t now, LookupMode mode) {
  KeyBuf key = make_key(name, type, rclass);
  std::optional<RRsetRef> out;
  store_->find(key.ref(), now, mode, [&](Blob& b, bool stale) {
    b.acquire();
    out.emplace(RRsetRef(&b, b.expire, stale));
  });
  return out;
}

bool RRsetCache::set_security(const dns::Name& name, dns::RRType type, dns::RRClass rclass,
                              Security security, uint32_t now, std::optional<uint32_t> new_ttl) {
  KeyBuf key = make_key(name, type, rclass);
  return store_->with_entry(key.ref(), now, [&](Blob& b) {
    b.tag.store(uint8_t(security), std::memory_order_relaxed);
    if (new_ttl) b.expire = uint32_t(std::min<uint64_t>(b.expire, uint64_t(now) + *new_ttl));
  });
}

bool RRsetCache::erase(const dns::Name& name, dns::RRType type, dns::RRClass rclass) {
  return store_->erase(make_key(name, type, rclass).ref());
}

std::size_t RRsetCache::flush_below(const dns::Name& name) {
  const dns::Name lower = name.lowercased();
  return store_->erase_if(
      [&](const Blob& b) { return internal::key_name_at_or_below(b.key(), lower.wire()); });
}

void RRsetCache::flush_all() { store_->clear(); }
std::size_t RRsetCache::purge_dead(uint32_t now) { return store_->purge_dead(now); }
CacheStats RRsetCache::stats() const { return store_->stats(); }
std::size_t RRsetCache::bytes() const { return store_->bytes(); }
std::size_t RRsetCache::entries() const { return store_->entries(); }

}  // namespace dns4eu::cache
