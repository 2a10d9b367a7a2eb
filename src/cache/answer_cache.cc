// answer_cache.cc — whole-packet cache: insert parses the packet once to find
// TTL offsets and the expiry; lookup is hash + lock + memcpy + patches.
#include "cache/answer_cache.h"

#include <algorithm>
#include <cstring>

#include "cache/internal/answer_layout.h"
#include "cache/internal/key.h"
#include "cache/internal/store.h"
#include "dns/message.h"
#include "dns/wire.h"

namespace dns4eu::cache {

using internal::Blob;
using internal::KeyBuf;

namespace {
KeyBuf make_key(const AnswerKey& k) {
  KeyBuf b(k.qname);
  b.u16(static_cast<uint16_t>(k.qtype));
  b.u16(static_cast<uint16_t>(k.qclass));
  b.u8(uint8_t((k.do_bit ? 1 : 0) | (k.cd_bit ? 2 : 0)));
  b.u16(k.view);
  b.u16(static_cast<uint16_t>(k.epoch >> 16));
  b.u16(static_cast<uint16_t>(k.epoch));
  return b;
}

// The TTL to cache `msg` for, 0 when it must not be cached.
uint32_t packet_ttl(const dns::MessageView& msg, std::span<const uint16_t> offsets,
                    const CacheConfig& c) {
  if (offsets.empty()) return 0;
  uint32_t ttl = UINT32_MAX;
  for (uint16_t off : offsets) ttl = std::min(ttl, dns::load_u32(&msg.packet()[off]));
  ttl = std::clamp(ttl, c.min_ttl, c.max_ttl);
  const bool negative = msg.rcode() == dns::Rcode::kNXDomain ||
                        (msg.rcode() == dns::Rcode::kNoError && msg.count(dns::Section::kAnswer) == 0);
  if (negative) ttl = std::min(ttl, c.max_negative_ttl);
  return ttl;
}
}  // namespace

AnswerCache::AnswerCache(const AnswerCacheConfig& config)
    : config_(config), store_(std::make_unique<internal::Store>(config.base)) {}
AnswerCache::~AnswerCache() = default;

InsertResult AnswerCache::insert(const AnswerKey& key, std::span<const uint8_t> packet, uint32_t now) {
  if (packet.size() > std::min<std::size_t>(config_.max_packet, 0xFFFF)) return InsertResult::kUncacheable;
  auto msg = dns::MessageView::parse(packet);
  if (!msg) return InsertResult::kUncacheable;
  auto q = msg->question();
  if (!q || q->name_offset != dns::kHeaderSize || q->type != key.qtype || q->rclass != key.qclass ||
      !msg->name_at_equals(q->name_offset, key.qname))
    return InsertResult::kUncacheable;
  auto offsets = dns::ttl_offsets(packet);
  if (!offsets) return InsertResult::kUncacheable;
  const uint32_t ttl = packet_ttl(*msg, *offsets, config_.base);
  if (ttl == 0) return InsertResult::kUncacheable;

  KeyBuf k = make_key(key);
  const std::size_t n = offsets->size();
  Blob* b = Blob::create(k.bytes(), internal::kAnswerHead + 2 * n + packet.size());
  if (b == nullptr) return InsertResult::kTooLarge;
  uint8_t* p = b->payload();
  dns::store_u32(p, now);
  dns::store_u16(p + 4, uint16_t(packet.size()));
  dns::store_u16(p + 6, uint16_t(n));
  for (std::size_t i = 0; i < n; ++i) dns::store_u16(p + internal::kAnswerHead + 2 * i, (*offsets)[i]);
  std::memcpy(p + internal::kAnswerHead + 2 * n, packet.data(), packet.size());
  b->expire = now + ttl;
  return store_->insert(b, k.ref().hash, now, [](const Blob&) { return false; });
}

std::optional<AnswerHit> AnswerCache::lookup(const AnswerKey& key, uint16_t id, uint32_t now,
                                             std::span<uint8_t> out, LookupMode mode) {
  KeyBuf k = make_key(key);
  std::optional<AnswerHit> hit;
  const uint32_t stale_ttl = config_.stale_answer_ttl;
  store_->find(k.ref(), now, mode, [&](Blob& b, bool stale) {
    const uint8_t* p = b.payload();
    const std::size_t size = dns::load_u16(p + 4);
    if (size > out.size()) return;
    const std::size_t n = dns::load_u16(p + 6);
    const uint8_t* pkt = p + internal::kAnswerHead + 2 * n;
    std::memcpy(out.data(), pkt, size);
    const uint32_t inserted = dns::load_u32(p);
    internal::age_packet_ttls(out.data(), pkt, p + internal::kAnswerHead, n,
                              now > inserted ? now - inserted : 0, stale, stale_ttl);
    hit = AnswerHit{size, stale ? 0 : b.expire - now, stale};
  });
  if (!hit) return std::nullopt;
  dns::store_u16(out.data(), id);
  auto wire = key.qname.wire();  // echo the client's case (0x20); same length
  std::memcpy(out.data() + dns::kHeaderSize, wire.data(), wire.size());
  return hit;
}

bool AnswerCache::erase(const AnswerKey& key) { return store_->erase(make_key(key).ref()); }

std::size_t AnswerCache::flush_below(const dns::Name& name) {
  const dns::Name lower = name.lowercased();
  return store_->erase_if(
      [&](const Blob& b) { return internal::key_name_at_or_below(b.key(), lower.wire()); });
}

void AnswerCache::flush_all() { store_->clear(); }
std::size_t AnswerCache::purge_dead(uint32_t now) { return store_->purge_dead(now); }
CacheStats AnswerCache::stats() const { return store_->stats(); }
std::size_t AnswerCache::bytes() const { return store_->bytes(); }
std::size_t AnswerCache::entries() const { return store_->entries(); }

}  // namespace dns4eu::cache
