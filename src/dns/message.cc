// message.cc — see message.h.
#include "dns/message.h"

#include "dns/wire.h"

namespace dns4eu::dns {
namespace {

constexpr std::size_t kFixedRrSize = 10;  // TYPE, CLASS, TTL, RDLENGTH

// Skips a name that parse() already validated: labels until the root label or
// a pointer (which ends the name as it appears at this position). Cannot fail.
inline std::size_t skip_valid_name(std::span<const uint8_t> p, std::size_t pos) {
  while (pos < p.size()) {
    uint8_t len = p[pos];
    if (len == 0) return pos + 1;
    if ((len & 0xC0) == 0xC0) return pos + 2;
    pos += 1 + len;
  }
  return p.size();
}

// Recently validated names and their suffixes (offset, uncompressed size): a
// pointer to one of them (an owner pointing at the question, a name pointing
// at "example.com" inside an earlier one) ends the walk at once instead of
// re-walking the target. Anything unusual falls back to skip_packet_name().
class ValidatedNames {
 public:
  // Validates and skips the name at `pos`; returns its uncompressed size.
  Result<std::size_t> skip(std::span<const uint8_t> p, std::size_t& pos) {
    const std::size_t start = pos;
    if (std::size_t n = fast_skip(p, pos)) return n;
    pos = start;
    auto r = skip_packet_name(p, pos);
    if (r) remember(start, *r);
    return r;
  }

 private:
  static constexpr std::size_t kSize = 16;
  static constexpr std::size_t kMaxLabels = 8;

  // 0 when the name needs the full walk (unknown pointer target, or an error).
  std::size_t fast_skip(std::span<const uint8_t> p, std::size_t& pos) {
    uint16_t label_at[kMaxLabels], size_before[kMaxLabels];
    std::size_t labels = 0, at = pos, total = 0;
    while (at < p.size()) {
      const uint8_t len = p[at];
      if ((len & 0xC0) == 0xC0) {
        if (at + 1 >= p.size()) return 0;
        const std::size_t target = ((len & 0x3F) << 8) | p[at + 1];
        const std::size_t known = target < at ? size_at(target) : 0;
        if (known == 0 || total + known > Name::kMaxWireSize) return 0;
        pos = at + 2;
        total += known;
        break;
      }
      if (len > Name::kMaxLabelSize || at + 1 + len > p.size()) return 0;
      if (len == 0) {
        pos = at + 1;
        total += 1;
        if (total > Name::kMaxWireSize) return 0;  // 255 octets of labels + the root: the full walk says why
        break;
      }
      if (labels == kMaxLabels) return 0;
      label_at[labels] = static_cast<uint16_t>(at);
      size_before[labels++] = static_cast<uint16_t>(total);
      total += 1 + len;
      if (total > Name::kMaxWireSize) return 0;
      at += 1 + len;
    }
    if (at >= p.size()) return 0;
    for (std::size_t i = 0; i < labels; ++i) remember(label_at[i], total - size_before[i]);
    return total;
  }

  std::size_t size_at(std::size_t offset) const {
    for (std::size_t i = 0; i < kSize; ++i)
      if (offset_[i] == offset) return size_[i];
    return 0;
  }
  void remember(std::size_t offset, std::size_t size) {
    if (offset > 0x3FFF) return;  // no pointer can reach it
    offset_[next_] = static_cast<uint16_t>(offset);
    size_[next_] = static_cast<uint16_t>(size);
    next_ = (next_ + 1) % kSize;
  }
  uint16_t offset_[kSize] = {};  // 0 never holds a name (it is the header)
  uint16_t size_[kSize] = {};
  std::size_t next_ = 0;
};

const char* section_name(Section s) {
  switch (s) {
    case Section::kQuestion: return "question";
    case Section::kAnswer: return "answer";
    case Section::kAuthority: return "authority";
    case Section::kAdditional: return "additional";
  }
  return "?";
}

}  // namespace

// ---- iteration --------------------------------------------------------------

RecordIterator::RecordIterator(const MessageView* msg, std::size_t offset, Section section,
                               uint16_t left_in_section)
    : msg_(msg), offset_(offset), section_(section), left_(left_in_section) {
  load();
}

RecordIterator& RecordIterator::operator++() {
  if (left_ == 0) return *this;
  offset_ = current_.rdata_offset + current_.rdlength;
  --left_;
  load();
  return *this;
}

void RecordIterator::load() {
  auto p = msg_->packet();
  while (left_ > 0) {
    std::size_t pos = skip_valid_name(p, offset_);
    current_.section = section_;
    current_.owner_offset = offset_;
    current_.type = static_cast<RRType>(load_u16(&p[pos]));
    current_.rclass = static_cast<RRClass>(load_u16(&p[pos + 2]));
    current_.ttl_offset = pos + 4;
    current_.ttl = load_u32(&p[pos + 4]);
    current_.rdlength = load_u16(&p[pos + 8]);
    current_.rdata_offset = pos + kFixedRrSize;
    if (offset_ != msg_->opt_offset() || msg_->opt_offset() == 0) return;
    // The OPT pseudo-record is exposed through edns(), not as a record.
    offset_ = current_.rdata_offset + current_.rdlength;
    --left_;
  }
}

// ---- parsing ------------------------------------------------------------------

Result<Header> parse_header(std::span<const uint8_t> packet) {
  if (packet.size() < kHeaderSize)
    return fail_at(ErrorCode::kOutOfBounds, packet.size(), "message shorter than the 12-octet header");
  const uint8_t* p = packet.data();
  Header h;
  h.id = load_u16(p);
  h.flags = load_u16(p + 2);
  h.qdcount = load_u16(p + 4);
  h.ancount = load_u16(p + 6);
  h.nscount = load_u16(p + 8);
  h.arcount = load_u16(p + 10);
  return h;
}

Result<MessageView> MessageView::parse(std::span<const uint8_t> packet) {
  auto h = parse_header(packet);
  if (!h) return tl::unexpected(h.error());
  MessageView m;
  m.packet_ = packet;
  m.header_ = *h;
  std::size_t pos = kHeaderSize;
  m.section_offsets_[0] = pos;
  ValidatedNames names;
  for (uint16_t i = 0; i < m.header_.qdcount; ++i) {
    if (auto r = names.skip(packet, pos); !r) return tl::unexpected(r.error());
    if (packet.size() - pos < 4) return fail_at(ErrorCode::kOutOfBounds, pos, "truncated question");
    pos += 4;
  }
  const uint16_t counts[3] = {m.header_.ancount, m.header_.nscount, m.header_.arcount};
  for (int s = 1; s <= 3; ++s) {
    m.section_offsets_[s] = pos;
    const Section sec = static_cast<Section>(s);
    for (uint16_t i = 0; i < counts[s - 1]; ++i) {
      const std::size_t owner = pos;
      auto owner_size = names.skip(packet, pos);
      if (!owner_size) return tl::unexpected(owner_size.error());
      if (packet.size() - pos < kFixedRrSize)
        return fail_at(ErrorCode::kOutOfBounds, pos,
                       std::string("truncated record header in ") + section_name(sec) + " section");
      const uint8_t* f = &packet[pos];
      const uint16_t type = load_u16(f);
      const uint16_t rdlength = load_u16(f + 8);
      const std::size_t rdata_at = pos + kFixedRrSize;
      if (packet.size() - rdata_at < rdlength)
        return fail_at(ErrorCode::kOutOfBounds, rdata_at, "RDATA runs past the end of the message");
      if (type == static_cast<uint16_t>(RRType::kOPT)) {
        if (sec != Section::kAdditional)
          return fail_at(ErrorCode::kMalformed, owner, std::string("OPT record in ") + section_name(sec) + " section");
        if (m.opt_offset_ != 0) return fail_at(ErrorCode::kMalformed, owner, "second OPT record");
        if (*owner_size != 1) return fail_at(ErrorCode::kMalformed, owner, "OPT record owner is not the root");
        auto e = EdnsView::parse(load_u16(f + 2), load_u32(f + 4), packet.subspan(rdata_at, rdlength), rdata_at);
        if (!e) return tl::unexpected(e.error());
        m.opt_offset_ = owner;
        m.edns_ = *e;
      }
      pos = rdata_at + rdlength;
    }
  }
  m.end_offset_ = pos;
  // Trailing octets after the last counted record are rejected: no legitimate
  // sender produces them, and accepting them would let a cached or forwarded
  // copy smuggle bytes that nothing validated.
  if (pos != packet.size())
    return fail_at(ErrorCode::kMalformed, pos,
                   std::to_string(packet.size() - pos) + " trailing octets after the last record");
  return m;
}

// ---- accessors -----------------------------------------------------------------

std::optional<QuestionRef> MessageView::question() const {
  if (header_.qdcount == 0) return std::nullopt;
  std::size_t pos = skip_valid_name(packet_, kHeaderSize);
  QuestionRef q;
  q.name_offset = kHeaderSize;
  q.type = static_cast<RRType>(load_u16(&packet_[pos]));
  q.rclass = static_cast<RRClass>(load_u16(&packet_[pos + 2]));
  return q;
}

Result<Name> MessageView::question_name() const {
  if (header_.qdcount == 0) return fail(ErrorCode::kNotFound, "message has no question");
  return name_at(kHeaderSize);
}

MessageView::Range MessageView::records(Section s) const {
  int i = static_cast<int>(s);
  if (s == Section::kQuestion) {
    RecordIterator e(this, section_offsets_[1], s, 0);
    return {e, e};
  }
  std::size_t end = i < 3 ? section_offsets_[i + 1] : end_offset_;
  const uint16_t counts[4] = {header_.qdcount, header_.ancount, header_.nscount, header_.arcount};
  return {RecordIterator(this, section_offsets_[i], s, counts[i]), RecordIterator(this, end, s, 0)};
}

uint16_t MessageView::count(Section s) const {
  switch (s) {
    case Section::kQuestion: return header_.qdcount;
    case Section::kAnswer: return header_.ancount;
    case Section::kAuthority: return header_.nscount;
    case Section::kAdditional: return static_cast<uint16_t>(header_.arcount - (opt_offset_ != 0 ? 1 : 0));
  }
  return 0;
}

Rcode MessageView::rcode() const {
  uint16_t ext = edns_ ? edns_->ext_rcode : 0;
  return static_cast<Rcode>((ext << 4) | header_.rcode_low());
}

Result<Name> MessageView::name_at(std::size_t offset) const {
  return Name::from_packet(packet_, offset);
}

// ---- in-place patches for the answer cache ------------------------------------------

void patch_id(std::span<uint8_t> packet, uint16_t id) {
  if (packet.size() >= 2) store_u16(packet.data(), id);
}

Result<std::vector<uint16_t>> ttl_offsets(std::span<const uint8_t> packet) {
  auto m = MessageView::parse(packet);
  if (!m) return tl::unexpected(m.error());
  std::vector<uint16_t> out;
  out.reserve(m->count(Section::kAnswer) + m->count(Section::kAuthority) + m->count(Section::kAdditional));
  for (int s = 1; s <= 3; ++s)
    for (const RecordRef& rr : m->records(static_cast<Section>(s)))
      out.push_back(static_cast<uint16_t>(rr.ttl_offset));
  return out;
}

void age_ttls(std::span<uint8_t> packet, std::span<const uint8_t> original,
              std::span<const uint16_t> offsets, uint32_t elapsed_seconds) {
  for (uint16_t off : offsets) {
    if (std::size_t(off) + 4 > packet.size() || std::size_t(off) + 4 > original.size()) continue;
    uint32_t ttl = load_u32(&original[off]);
    store_u32(&packet[off], ttl > elapsed_seconds ? ttl - elapsed_seconds : 0);
  }
}

}  // namespace dns4eu::dns
