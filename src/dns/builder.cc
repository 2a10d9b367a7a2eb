// builder.cc — see builder.h.
#include "dns/builder.h"

#include <algorithm>
#include <cstring>

#include "dns/wire.h"

namespace dns4eu::dns {
namespace {

constexpr std::size_t kMaxMessage = 65535;
constexpr std::size_t kMaxPointerTarget = 0x3FFF;
constexpr std::size_t kOptFixedSize = 11;  // root owner + TYPE CLASS TTL RDLENGTH

uint32_t hash_label(uint32_t h, const uint8_t* label) {
  // FNV-1a over the length octet and the label octets, seeded with the hash
  // of the suffix to the right, so every suffix of a name costs one pass.
  for (std::size_t i = 0; i <= label[0]; ++i) {
    h ^= label[i];
    h *= 16777619u;
  }
  return h;
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

}  // namespace

// Private helpers with access to the builder's state.
struct MessageBuilder::Impl {
  static uint8_t* grow(MessageBuilder& b, std::size_t n) {
    std::size_t old = b.out_.size();
    b.out_.resize(old + n);
    return b.out_.data() + old;
  }
  static void append(MessageBuilder& b, std::span<const uint8_t> data) {
    if (!data.empty()) std::memcpy(grow(b, data.size()), data.data(), data.size());
  }

  // True when the name written at `offset` (possibly via pointers) is exactly `suffix`.
  static bool equal_at(const std::vector<uint8_t>& out, std::size_t pos, std::span<const uint8_t> suffix) {
    std::size_t i = 0;
    while (pos < out.size() && i < suffix.size()) {
      uint8_t len = out[pos];
      if ((len & 0xC0) == 0xC0) {
        if (pos + 1 >= out.size()) return false;
        std::size_t target = ((len & 0x3F) << 8) | out[pos + 1];
        if (target >= pos) return false;  // our own output only points backwards
        pos = target;
        continue;
      }
      if (len != suffix[i]) return false;
      if (len == 0) return true;
      if (pos + 1 + len > out.size() || i + 1 + len > suffix.size()) return false;
      if (std::memcmp(&out[pos + 1], &suffix[i + 1], len) != 0) return false;
      pos += 1 + len;
      i += 1 + len;
    }
    return false;
  }

  static std::size_t lookup(const MessageBuilder& b, uint32_t h, std::span<const uint8_t> suffix) {
    for (std::size_t k = 0, idx = h & (kSlots - 1); k < kSlots; ++k, idx = (idx + 1) & (kSlots - 1)) {
      const Slot& s = b.table_[idx];
      if (s.offset == 0) return 0;
      if (s.offset != kTombstone && s.hash == h && equal_at(b.out_, s.offset, suffix)) return s.offset;
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
    b.out_.resize(start);
    for (Slot& s : b.table_)
      if (s.offset != 0 && s.offset != kTombstone && s.offset >= start) s.offset = kTombstone;
  }

  // Label starts in `n`'s wire form and the hash of the suffix at each; returns the label count.
  static int suffix_hashes(const Name& n, uint8_t* starts, uint32_t* hashes) {
    auto w = n.wire();
    int labels = 0;
    for (std::size_t i = 0; w[i] != 0; i += 1 + w[i]) starts[labels++] = static_cast<uint8_t>(i);
    hashes[labels] = 2166136261u;
    for (int k = labels - 1; k >= 0; --k) hashes[k] = hash_label(hashes[k + 1], &w[starts[k]]);
    return labels;
  }

  // Names inside RDATA that must stay uncompressed (RFC 3597 §4) may still be
  // pointed to by later names: register them as targets.
  static void register_rdata_names(MessageBuilder& b, RRType type, std::size_t rdata_start,
                                   std::span<const uint8_t> rdata) {
    if (rdata_has_no_names(type)) return;
    struct Ctx {
      MessageBuilder* b;
      std::size_t at;
    } ctx{&b, rdata_start};
    Ctx* c = &ctx;  // one pointer: fits std::function's local storage, no allocation
    (void)rdata_for_each_name(type, rdata, [c](std::size_t off, const Name& n) {
      uint8_t starts[128];
      uint32_t hashes[129];
      const int labels = suffix_hashes(n, starts, hashes);
      for (int k = 0; k < labels; ++k) insert(*c->b, hashes[k], c->at + off + starts[k]);
    });
  }

  struct RdataCtx {
    MessageBuilder* b;
    std::span<const uint8_t> rdata;
    std::size_t pos;
    bool ok;
  };

  // Writes RDATA, compressing the names inside it.
  static bool write_compressed_rdata(MessageBuilder& b, RRType type, std::span<const uint8_t> rdata) {
    RdataCtx ctx{&b, rdata, 0, true};
    RdataCtx* c = &ctx;  // one pointer: fits std::function's local storage, no allocation
    bool valid = rdata_for_each_name(type, rdata, [c](std::size_t off, const Name& n) {
      if (!c->ok || off < c->pos || off + n.wire_size() > c->rdata.size()) {
        c->ok = false;
        return;
      }
      append(*c->b, c->rdata.subspan(c->pos, off - c->pos));
      (void)c->b->write_name(n, true);
      c->pos = off + n.wire_size();
    });
    if (!valid || !ctx.ok) return false;
    append(b, rdata.subspan(ctx.pos));
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
    const std::size_t rdlen_at = b.out_.size() - 2;
    const std::size_t rdata_start = b.out_.size();
    for (const auto& [code, data] : p.options) {
      uint8_t* o = grow(b, 4);
      store_u16(o, code);
      store_u16(o + 2, static_cast<uint16_t>(data.size()));
      append(b, data);
    }
    if (p.pad_to_block) {
      // RFC 8467 block padding, never beyond max_size (the 4-octet header is reserved).
      std::size_t pad = padding_length(b.out_.size(), p.pad_to_block);
      pad = std::min(pad, b.max_size_ - b.out_.size() - 4);
      uint8_t* o = grow(b, 4 + pad);
      store_u16(o, kOptionPadding);
      store_u16(o + 2, static_cast<uint16_t>(pad));
      std::memset(o + 4, 0, pad);
    }
    store_u16(&b.out_[rdlen_at], static_cast<uint16_t>(b.out_.size() - rdata_start));
  }
};

MessageBuilder::MessageBuilder(std::vector<uint8_t>& out, std::size_t max_size)
    : out_(out), max_size_(std::clamp(max_size, kHeaderSize, kMaxMessage)) {
  out_.clear();
  out_.resize(kHeaderSize, 0);
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
  if (out_.size() + need > max_size_)
    return fail(ErrorCode::kTooLong, "OPT record of " + std::to_string(need) + " octets does not fit in " +
                                         std::to_string(max_size_));
  edns_ = std::move(params);
  reserved_ = need;
  return {};
}

std::size_t MessageBuilder::size() const { return out_.size() + reserved_; }

Status MessageBuilder::write_name(const Name& n, bool compress) {
  auto w = n.wire();
  uint8_t starts[128];
  uint32_t hashes[129];
  const int labels = Impl::suffix_hashes(n, starts, hashes);
  int match = labels;
  std::size_t target = 0;
  if (compress) {
    for (int k = 0; k < labels; ++k) {
      target = Impl::lookup(*this, hashes[k], w.subspan(starts[k]));
      if (target != 0) {
        match = k;
        break;
      }
    }
  }
  const std::size_t base = out_.size();
  const std::size_t literal = match < labels ? starts[match] : w.size() - 1;
  uint8_t* p = Impl::grow(*this, literal + (target ? 2 : 1));
  std::memcpy(p, w.data(), literal);
  if (target) store_u16(p + literal, static_cast<uint16_t>(0xC000 | target));
  else p[literal] = 0;
  if (compress)
    for (int k = 0; k < match; ++k) Impl::insert(*this, hashes[k], base + starts[k]);
  return {};
}

Status MessageBuilder::write_record(Section s, const Name& owner, RRType type, RRClass rclass, uint32_t ttl,
                                   std::span<const uint8_t> rdata) {
  (void)s;
  const std::size_t start = out_.size();
  if (rdata.size() > 0xFFFF) return fail(ErrorCode::kTooLong, "RDATA longer than 65535 octets");
  // Cheap early refusal: even fully compressed, the record needs this much.
  if (start + 2 + 10 + reserved_ > max_size_) return fail(ErrorCode::kTooLong, "record does not fit in the message");
  (void)write_name(owner, true);
  uint8_t* f = Impl::grow(*this, 10);
  store_u16(f, static_cast<uint16_t>(type));
  store_u16(f + 2, static_cast<uint16_t>(rclass));
  store_u32(f + 4, ttl);
  const std::size_t rdata_start = out_.size();
  if (rdata_names_compressible(type)) {
    if (!Impl::write_compressed_rdata(*this, type, rdata)) {
      Impl::rollback(*this, start);
      return fail(ErrorCode::kMalformed, "malformed " + rrtype_to_text(type) + " RDATA");
    }
  } else {
    Impl::append(*this, rdata);
    Impl::register_rdata_names(*this, type, rdata_start, rdata);
  }
  std::size_t rdlength = out_.size() - rdata_start;
  if (rdlength > 0xFFFF || out_.size() + reserved_ > max_size_) {
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
  const std::size_t start = out_.size();
  (void)write_name(name, true);
  uint8_t* f = Impl::grow(*this, 4);
  store_u16(f, static_cast<uint16_t>(type));
  store_u16(f + 2, static_cast<uint16_t>(rclass));
  if (out_.size() + reserved_ > max_size_) {
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
  const std::size_t start = out_.size();
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
  const std::size_t start = out_.size();
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
  if (finished_) return out_.size();
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
  return out_.size();
}

// ---- truncation ---------------------------------------------------------------------

namespace {

bool same_rrset(const MessageView& m, const RecordRef& a, const RecordRef& b) {
  if (a.type != b.type || a.rclass != b.rclass) return false;
  if (a.owner_offset == b.owner_offset) return true;
  auto n = m.name_at(a.owner_offset);
  return n && m.name_at_equals(b.owner_offset, *n);
}

EdnsParams params_from(const EdnsView& e) {
  EdnsParams p;
  p.udp_size = e.udp_size;
  p.do_bit = e.do_bit;
  p.version = e.version;
  for (EdnsOption o : e.options()) {
    // The old padding was sized for the old message; pad the new one afresh.
    if (o.code == kOptionPadding) p.pad_to_block = 468;  // RFC 8467 §4.1 response block
    else p.options.emplace_back(o.code, std::vector<uint8_t>(o.data.begin(), o.data.end()));
  }
  return p;
}

// Copies section `s` RRset by RRset; returns false at the first RRset that does not fit.
bool copy_section(MessageBuilder& b, const MessageView& m, Section s, std::vector<RecordRef>& run) {
  run.clear();
  for (const RecordRef& rr : m.records(s)) {
    if (!run.empty() && !same_rrset(m, run.front(), rr)) {
      if (!b.add_records_from(s, m, run)) return false;
      run.clear();
    }
    run.push_back(rr);
  }
  return run.empty() || b.add_records_from(s, m, run).has_value();
}

}  // namespace

Result<std::vector<uint8_t>> truncate_message(std::span<const uint8_t> packet, std::size_t max_size) {
  auto m = MessageView::parse(packet);
  if (!m) return tl::unexpected(m.error());
  if (packet.size() <= max_size) return std::vector<uint8_t>(packet.begin(), packet.end());
  std::vector<uint8_t> out;
  MessageBuilder b(out, max_size);
  b.set_id(m->header().id);
  b.set_flags(m->header().flags);
  if (m->edns()) {
    if (auto st = b.set_edns(params_from(*m->edns())); !st) return tl::unexpected(st.error());
  }
  b.set_rcode(m->rcode());
  if (auto q = m->question()) {
    auto qname = m->question_name();
    if (!qname) return tl::unexpected(qname.error());
    if (auto st = b.add_question(*qname, q->type, q->rclass); !st) return tl::unexpected(st.error());
  }
  std::vector<RecordRef> run;
  // RFC 2181 §9: whole RRsets only; TC when answer or authority data is lost.
  bool complete = copy_section(b, *m, Section::kAnswer, run) && copy_section(b, *m, Section::kAuthority, run);
  if (complete) {
    // Additional data is optional: keep the RRsets that fit, drop the rest silently.
    run.clear();
    for (const RecordRef& rr : m->records(Section::kAdditional)) {
      if (!run.empty() && !same_rrset(*m, run.front(), rr)) {
        (void)b.add_records_from(Section::kAdditional, *m, run);
        run.clear();
      }
      run.push_back(rr);
    }
    if (!run.empty()) (void)b.add_records_from(Section::kAdditional, *m, run);
  } else {
    b.set_tc();
  }
  auto size = b.finish();
  if (!size) return tl::unexpected(size.error());
  return out;
}

}  // namespace dns4eu::dns
