// builder.cc — see builder.h.
#include "dns/builder.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "dns/wire.h"

namespace dns4eu::dns {
namespace {

constexpr std::size_t kMaxMessage = 65535;
constexpr std::size_t kMaxPointerTarget = 0x3FFF;
constexpr std::size_t kOptFixedSize = 11;  // root owner + TYPE CLASS TTL RDLENGTH

inline uint64_t load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint32_t load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Hash of one label (length octet included) chained to the hash of the suffix
// on its right, so all suffixes of a name cost one pass. Reads whole words
// (overlapping at the end) instead of octets: labels are short.
uint32_t hash_label(uint32_t h, const uint8_t* label) {
  const std::size_t n = std::size_t(label[0]) + 1;
  uint64_t x = h ^ (uint64_t(n) << 32);
  auto mix = [&x](uint64_t v) { x = (x ^ v) * 0x9E3779B97F4A7C15ull; x ^= x >> 29; };
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) mix(load64(label + i));
    mix(load64(label + n - 8));
  } else if (n >= 4) {
    mix((uint64_t(load32(label)) << 32) | load32(label + n - 4));
  } else {
    mix(uint64_t(label[0]) | (uint64_t(label[n / 2]) << 8) | (uint64_t(label[n - 1]) << 16));
  }
  return static_cast<uint32_t>(x >> 32) ^ static_cast<uint32_t>(x);
}

// Equality of n octets (n <= 64), by words.
inline bool bytes_equal(const uint8_t* a, const uint8_t* b, std::size_t n) {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (load64(a + i) != load64(b + i)) return false;
    return load64(a + n - 8) == load64(b + n - 8);
  }
  if (n >= 4) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// RR types whose RDATA carries no domain name: copied from a received packet
// as-is, without the decompressing (allocating) rdata_from_packet().
bool rdata_has_no_names(RRType t) {
  switch (t) {
    case RRType::kA: case RRType::kAAAA: case RRType::kTXT: case RRType::kHINFO:
    case RRType::kDS: case RRType::kSSHFP: case RRType::kDNSKEY: case RRType::kNSEC3:
    case RRType::kNSEC3PARAM: case RRType::kTLSA: case RRType::kCDS: case RRType::kCDNSKEY:
    case RRType::kZONEMD: case RRType::kCAA:
      return true;
    default:
      return false;
  }
}

// Fixed RDATA layouts of common types with names: `prefix` octets, then
// `names` uncompressed names, then the rest (`exact_tail` octets, or anything
// when exact_tail < 0). Other types go through rdata_for_each_name().
struct NameLayout {
  uint8_t prefix;
  uint8_t names;
  int8_t exact_tail;
};

std::optional<NameLayout> name_layout(RRType t) {
  switch (t) {
    case RRType::kNS: case RRType::kCNAME: case RRType::kPTR: case RRType::kDNAME: return NameLayout{0, 1, 0};
    case RRType::kMX: return NameLayout{2, 1, 0};
    case RRType::kSRV: return NameLayout{6, 1, 0};
    case RRType::kSOA: return NameLayout{0, 2, 20};
    case RRType::kRRSIG: return NameLayout{18, 1, -1};
    case RRType::kNSEC: return NameLayout{0, 1, -1};
    default: return std::nullopt;
  }
}

// Size of the uncompressed name at `pos` in `rdata`, or 0 when it is not one.
std::size_t wire_name_size(std::span<const uint8_t> rdata, std::size_t pos) {
  const std::size_t start = pos;
  while (pos < rdata.size()) {
    uint8_t len = rdata[pos];
    if (len > Name::kMaxLabelSize) return 0;
    pos += 1 + len;
    if (pos - start > Name::kMaxWireSize) return 0;
    if (len == 0) return pos - start;
  }
  return 0;
}

}  // namespace

// Private helpers with access to the builder's state.
struct MessageBuilder::Impl {
  static uint8_t* grow(MessageBuilder& b, std::size_t n) {
    if (b.len_ + n > b.out_.size()) b.out_.resize(std::max(b.out_.size() * 2, b.len_ + n));
    uint8_t* p = b.out_.data() + b.len_;
    b.len_ += n;
    return p;
  }
  static void append(MessageBuilder& b, std::span<const uint8_t> data) {
    if (!data.empty()) std::memcpy(grow(b, data.size()), data.data(), data.size());
  }

  // True when the name written at `pos` (possibly via pointers) is exactly `suffix`.
  static bool equal_at(const MessageBuilder& b, std::size_t pos, const uint8_t* suffix, std::size_t size) {
    const uint8_t* out = b.out_.data();
    std::size_t i = 0;
    while (pos < b.len_ && i < size) {
      uint8_t len = out[pos];
      if ((len & 0xC0) == 0xC0) {
        if (pos + 1 >= b.len_) return false;
        std::size_t target = ((len & 0x3F) << 8) | out[pos + 1];
        if (target >= pos) return false;  // our own output only points backwards
        pos = target;
        continue;
      }
      if (len != suffix[i]) return false;
      if (len == 0) return true;
      if (pos + 1 + len > b.len_ || i + 1 + len > size) return false;
      if (!bytes_equal(out + pos + 1, suffix + i + 1, len)) return false;
      pos += 1 + len;
      i += 1 + len;
    }
    return false;
  }

  static std::size_t lookup(const MessageBuilder& b, uint32_t h, const uint8_t* suffix, std::size_t size) {
    for (std::size_t k = 0, idx = h & (kSlots - 1); k < kSlots; ++k, idx = (idx + 1) & (kSlots - 1)) {
      const Slot& s = b.table_[idx];
      if (s.offset == 0) return 0;
      if (s.hash == h && s.offset != kTombstone && equal_at(b, s.offset, suffix, size)) return s.offset;
    }
    return 0;
  }

  static void insert(MessageBuilder& b, uint32_t h, std::size_t offset) {
    if (offset > kMaxPointerTarget || b.table_used_ >= kSlots * 3 / 4) return;
    for (std::size_t idx = h & (kSlots - 1);; idx = (idx + 1) & (kSlots - 1)) {
      Slot& s = b.table_[idx];
      if (s.offset == 0 || s.offset == kTombstone) {
        if (s.offset == 0) ++b.table_used_;
        s = {h, static_cast<uint16_t>(offset)};
        return;
      }
    }
  }

  // Forgets everything written from `start` on.
  static void rollback(MessageBuilder& b, std::size_t start) {
    b.len_ = start;
    for (Slot& s : b.table_)
      if (s.offset != 0 && s.offset != kTombstone && s.offset >= start) s.offset = kTombstone;
  }

  // Label starts in the uncompressed name `w` and the hash of the suffix at each; returns the label count.
  static int suffix_hashes(const uint8_t* w, uint8_t* starts, uint32_t* hashes) {
    int labels = 0;
    for (std::size_t i = 0; w[i] != 0; i += 1 + w[i]) starts[labels++] = static_cast<uint8_t>(i);
    hashes[labels] = 2166136261u;
    for (int k = labels - 1; k >= 0; --k) hashes[k] = hash_label(hashes[k + 1], w + starts[k]);
    return labels;
  }

  // Writes the valid uncompressed name `w` (`size` octets), compressed against
  // the table, and adds its new suffixes as targets.
  static void write_wire_name(MessageBuilder& b, const uint8_t* w, std::size_t size) {
    uint8_t starts[128];
    uint32_t hashes[129];
    const int labels = suffix_hashes(w, starts, hashes);
    int match = labels;
    std::size_t target = 0;
    for (int k = 0; k < labels; ++k) {
      target = lookup(b, hashes[k], w + starts[k], size - starts[k]);
      if (target != 0) {
        match = k;
        break;
      }
    }
    const std::size_t base = b.len_;
    const std::size_t literal = match < labels ? starts[match] : size - 1;
    uint8_t* p = grow(b, literal + (target ? 2 : 1));
    std::memcpy(p, w, literal);
    if (target) store_u16(p + literal, static_cast<uint16_t>(0xC000 | target));
    else p[literal] = 0;
    for (int k = 0; k < match; ++k) insert(b, hashes[k], base + starts[k]);
  }

  // Adds the name written uncompressed at `at` as a target (its suffixes too).
  static void register_name(MessageBuilder& b, const uint8_t* w, std::size_t at) {
    uint8_t starts[128];
    uint32_t hashes[129];
    const int labels = suffix_hashes(w, starts, hashes);
    for (int k = 0; k < labels; ++k) insert(b, hashes[k], at + starts[k]);
  }

  // Writes RDATA: names compressed when `compress` (RFC 1035 types), else
  // written as they are but registered as targets (RFC 3597 §4 forbids
  // compressing them, not pointing to them). False when RDATA is malformed.
  static bool write_rdata(MessageBuilder& b, RRType type, std::span<const uint8_t> rdata, bool compress) {
    if (auto layout = name_layout(type)) return write_layout_rdata(b, *layout, rdata, compress);
    if (!compress) {
      const std::size_t at = b.len_;
      append(b, rdata);
      if (rdata_has_no_names(type)) return true;
      struct Ctx {
        MessageBuilder* b;
        std::size_t at;
      } ctx{&b, at};
      Ctx* c = &ctx;  // one pointer: fits std::function's local storage, no allocation
      (void)rdata_for_each_name(type, rdata, [c](std::size_t off, const Name& n) {
        register_name(*c->b, n.wire().data(), c->at + off);
      });
      return true;
    }
    struct Ctx {
      MessageBuilder* b;
      std::span<const uint8_t> rdata;
      std::size_t pos;
      bool ok;
    } ctx{&b, rdata, 0, true};
    Ctx* c = &ctx;
    bool valid = rdata_for_each_name(type, rdata, [c](std::size_t off, const Name& n) {
      if (!c->ok || off < c->pos || off + n.wire_size() > c->rdata.size()) {
        c->ok = false;
        return;
      }
      append(*c->b, c->rdata.subspan(c->pos, off - c->pos));
      write_wire_name(*c->b, n.wire().data(), n.wire_size());
      c->pos = off + n.wire_size();
    });
    if (!valid || !ctx.ok) return false;
    append(b, rdata.subspan(ctx.pos));
    return true;
  }

  static bool write_layout_rdata(MessageBuilder& b, NameLayout l, std::span<const uint8_t> rdata, bool compress) {
    std::size_t pos = l.prefix;
    std::size_t at[2], size[2];
    for (int i = 0; i < l.names; ++i) {
      size[i] = pos <= rdata.size() ? wire_name_size(rdata, pos) : 0;
      if (size[i] == 0) return false;
      at[i] = pos;
      pos += size[i];
    }
    if (l.exact_tail >= 0 && rdata.size() - pos != std::size_t(l.exact_tail)) return false;
    const std::size_t base = b.len_;
    if (!compress) {
      append(b, rdata);
      for (int i = 0; i < l.names; ++i) register_name(b, rdata.data() + at[i], base + at[i]);
      return true;
    }
    append(b, rdata.first(l.prefix));
    for (int i = 0; i < l.names; ++i) write_wire_name(b, rdata.data() + at[i], size[i]);
    append(b, rdata.subspan(pos));
    return true;
  }

  static std::size_t opt_size(const EdnsParams& p) {
    std::size_t n = kOptFixedSize + (p.pad_to_block ? 4 : 0);
    for (const auto& [code, data] : p.options) n += 4 + data.size();
    return n;
  }

  static void write_opt(MessageBuilder& b) {
    const EdnsParams& p = *b.edns_;
    uint8_t* f = grow(b, kOptFixedSize);
    f[0] = 0;
    store_u16(f + 1, static_cast<uint16_t>(RRType::kOPT));
    store_u16(f + 3, p.udp_size);
    uint32_t ttl = (uint32_t(b.ext_rcode_ & 0xFF) << 24) | (uint32_t(p.version) << 16) | (p.do_bit ? 0x8000u : 0u);
    store_u32(f + 5, ttl);
    const std::size_t rdlen_at = b.len_ - 2;
    const std::size_t rdata_start = b.len_;
    for (const auto& [code, data] : p.options) {
      uint8_t* o = grow(b, 4);
      store_u16(o, code);
      store_u16(o + 2, static_cast<uint16_t>(data.size()));
      append(b, data);
    }
    if (p.pad_to_block) {
      // RFC 8467 block padding, never beyond max_size (the 4-octet header is reserved).
      std::size_t pad = padding_length(b.len_, p.pad_to_block);
      pad = std::min(pad, b.max_size_ - b.len_ - 4);
      uint8_t* o = grow(b, 4 + pad);
      store_u16(o, kOptionPadding);
      store_u16(o + 2, static_cast<uint16_t>(pad));
      std::memset(o + 4, 0, pad);
    }
    store_u16(&b.out_[rdlen_at], static_cast<uint16_t>(b.len_ - rdata_start));
  }
};

MessageBuilder::MessageBuilder(std::vector<uint8_t>& out, std::size_t max_size)
    : out_(out), max_size_(std::clamp(max_size, kHeaderSize, kMaxMessage)) {
  // Room for a typical response up front; a reused vector keeps its capacity.
  out_.assign(std::min<std::size_t>(max_size_, 512), 0);
  len_ = kHeaderSize;
}

void MessageBuilder::set_id(uint16_t id) { store_u16(&out_[0], id); }

void MessageBuilder::set_flags(uint16_t f) {
  store_u16(&out_[2], static_cast<uint16_t>((f & ~0xFu) | (load_u16(&out_[2]) & 0xFu)));
}

void MessageBuilder::add_flags(uint16_t f) {
  store_u16(&out_[2], static_cast<uint16_t>(load_u16(&out_[2]) | (f & ~0xFu)));
}

void MessageBuilder::set_tc() { add_flags(flags::kTC); }

void MessageBuilder::set_opcode(Opcode op) {
  uint16_t f = load_u16(&out_[2]);
  store_u16(&out_[2], static_cast<uint16_t>((f & ~0x7800u) | ((uint16_t(op) & 0xFu) << 11)));
}

void MessageBuilder::set_rcode(Rcode rcode) {
  uint16_t r = static_cast<uint16_t>(rcode);
  store_u16(&out_[2], static_cast<uint16_t>((load_u16(&out_[2]) & ~0xFu) | (r & 0xFu)));
  ext_rcode_ = static_cast<uint16_t>((r >> 4) & 0xFF);
}

Status MessageBuilder::set_edns(EdnsParams params) {
  if (finished_) return fail(ErrorCode::kInvalidArgument, "set_edns after finish");
  std::size_t need = Impl::opt_size(params);
  if (need - kOptFixedSize > 0xFFFF) return fail(ErrorCode::kTooLong, "EDNS options exceed 65535 octets");
  if (len_ + need > max_size_)
    return fail(ErrorCode::kTooLong, "OPT record of " + std::to_string(need) + " octets does not fit in " +
                                         std::to_string(max_size_));
  edns_ = std::move(params);
  reserved_ = need;
  return {};
}

std::size_t MessageBuilder::size() const { return len_ + reserved_; }

Status MessageBuilder::write_name(const Name& n, bool compress) {
  if (compress) Impl::write_wire_name(*this, n.wire().data(), n.wire_size());
  else Impl::append(*this, n.wire());
  return {};
}

Status MessageBuilder::write_record(Section s, const Name& owner, RRType type, RRClass rclass, uint32_t ttl,
                                   std::span<const uint8_t> rdata) {
  (void)s;
  const std::size_t start = len_;
  if (rdata.size() > 0xFFFF) return fail(ErrorCode::kTooLong, "RDATA longer than 65535 octets");
  // Cheap early refusal: even fully compressed, the record needs this much.
  if (start + 2 + 10 + reserved_ > max_size_) return fail(ErrorCode::kTooLong, "record does not fit in the message");
  Impl::write_wire_name(*this, owner.wire().data(), owner.wire_size());
  uint8_t* f = Impl::grow(*this, 10);
  store_u16(f, static_cast<uint16_t>(type));
  store_u16(f + 2, static_cast<uint16_t>(rclass));
  store_u32(f + 4, ttl);
  const std::size_t rdata_start = len_;
  if (!Impl::write_rdata(*this, type, rdata, rdata_names_compressible(type))) {
    Impl::rollback(*this, start);
    return fail(ErrorCode::kMalformed, "malformed " + rrtype_to_text(type) + " RDATA");
  }
  std::size_t rdlength = len_ - rdata_start;
  if (rdlength > 0xFFFF || len_ + reserved_ > max_size_) {
    Impl::rollback(*this, start);
    return fail(ErrorCode::kTooLong, "record does not fit in " + std::to_string(max_size_) + " octets");
  }
  store_u16(&out_[rdata_start - 2], static_cast<uint16_t>(rdlength));
  return {};
}

Status MessageBuilder::add_question(const Name& name, RRType type, RRClass rclass) {
  if (finished_ || current_ != Section::kQuestion)
    return fail(ErrorCode::kInvalidArgument, "question added after records or finish");
  if (counts_[0] == 0xFFFF) return fail(ErrorCode::kTooLong, "too many questions");
  const std::size_t start = len_;
  (void)write_name(name, true);
  uint8_t* f = Impl::grow(*this, 4);
  store_u16(f, static_cast<uint16_t>(type));
  store_u16(f + 2, static_cast<uint16_t>(rclass));
  if (len_ + reserved_ > max_size_) {
    Impl::rollback(*this, start);
    return fail(ErrorCode::kTooLong, "question does not fit in the message");
  }
  ++counts_[0];
  return {};
}

Status MessageBuilder::add_record(Section s, const Name& owner, RRType type, RRClass rclass, uint32_t ttl,
                                  std::span<const uint8_t> rdata) {
  if (finished_) return fail(ErrorCode::kInvalidArgument, "record added after finish");
  if (s == Section::kQuestion || s < current_)
    return fail(ErrorCode::kInvalidArgument, "records must be added in section order");
  if (type == RRType::kOPT) return fail(ErrorCode::kInvalidArgument, "OPT is written by set_edns/finish");
  const int i = static_cast<int>(s);
  if (counts_[i] == 0xFFFF) return fail(ErrorCode::kTooLong, "too many records in one section");
  if (auto st = write_record(s, owner, type, rclass, ttl, rdata); !st) return st;
  current_ = s;
  ++counts_[i];
  return {};
}

Status MessageBuilder::add_rrset(Section s, const Name& owner, RRType type, RRClass rclass, uint32_t ttl,
                                 std::span<const Rdata> rdatas) {
  const std::size_t start = len_;
  const uint16_t saved = counts_[static_cast<int>(s)];
  const Section saved_section = current_;
  for (const Rdata& rd : rdatas) {
    if (auto st = add_record(s, owner, type, rclass, ttl, rd); !st) {
      Impl::rollback(*this, start);
      counts_[static_cast<int>(s)] = saved;
      current_ = saved_section;
      return st;
    }
  }
  return {};
}

Status MessageBuilder::add_record_from(Section s, const MessageView& msg, const RecordRef& rr) {
  if (rr.type == RRType::kOPT) return fail(ErrorCode::kInvalidArgument, "OPT is written by set_edns/finish");
  auto owner = msg.name_at(rr.owner_offset);
  if (!owner) return tl::unexpected(owner.error());
  if (rdata_has_no_names(rr.type) || (!rdata_names_compressible(rr.type) && rr.rdlength == 0))
    return add_record(s, *owner, rr.type, rr.rclass, rr.ttl, msg.packet().subspan(rr.rdata_offset, rr.rdlength));
  auto rd = msg.rdata(rr);
  if (!rd) return tl::unexpected(rd.error());
  return add_record(s, *owner, rr.type, rr.rclass, rr.ttl, *rd);
}

Status MessageBuilder::add_records_from(Section s, const MessageView& msg, std::span<const RecordRef> rrs) {
  const std::size_t start = len_;
  const uint16_t saved = counts_[static_cast<int>(s)];
  const Section saved_section = current_;
  for (const RecordRef& rr : rrs) {
    if (auto st = add_record_from(s, msg, rr); !st) {
      Impl::rollback(*this, start);
      counts_[static_cast<int>(s)] = saved;
      current_ = saved_section;
      return st;
    }
  }
  return {};
}

Result<std::size_t> MessageBuilder::finish() {
  if (finished_) return len_;
  if (ext_rcode_ != 0 && !edns_) return fail(ErrorCode::kInvalidArgument, "extended rcode needs EDNS");
  uint16_t arcount = counts_[3];
  if (edns_) {
    if (arcount == 0xFFFF) return fail(ErrorCode::kTooLong, "no room in ARCOUNT for the OPT record");
    reserved_ = 0;
    Impl::write_opt(*this);
    ++arcount;
  }
  store_u16(&out_[4], counts_[0]);
  store_u16(&out_[6], counts_[1]);
  store_u16(&out_[8], counts_[2]);
  store_u16(&out_[10], arcount);
  finished_ = true;
  out_.resize(len_);
  return len_;
}

}  // namespace dns4eu::dns
