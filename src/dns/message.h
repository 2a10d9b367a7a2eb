// message.h — a zero-copy, fully validated view of a DNS message.
//
// MessageView::parse() checks the whole packet once: header counts against
// content, every name (compression pointers backwards only, no loops, no
// out-of-bounds), every RDATA length, and the OPT record (at most one, in the
// additional section, owner root). After that, iterating records never fails
// and never allocates: a RecordRef is a set of offsets into the packet.
//
//   auto msg = MessageView::parse(packet);
//   if (!msg) return formerr(msg.error());       // error says the offset
//   auto q = msg->question();                    // std::optional<QuestionRef>
//   for (const RecordRef& rr : msg->records(Section::kAnswer)) { ... rr.type ... }
//
// The view borrows the packet: it must outlive the view.
// Thread-safety: const methods only; safe to share once built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "dns/edns.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/result.h"
#include "dns/types.h"

namespace dns4eu::dns {

inline constexpr std::size_t kHeaderSize = 12;

enum class Section : uint8_t { kQuestion = 0, kAnswer = 1, kAuthority = 2, kAdditional = 3 };

struct Header {
  uint16_t id = 0;
  uint16_t flags = 0;  // QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode (low 4 bits)
  uint16_t qdcount = 0, ancount = 0, nscount = 0, arcount = 0;

  bool qr() const { return flags & flags::kQR; }
  bool aa() const { return flags & flags::kAA; }
  bool tc() const { return flags & flags::kTC; }
  bool rd() const { return flags & flags::kRD; }
  bool ra() const { return flags & flags::kRA; }
  bool ad() const { return flags & flags::kAD; }
  bool cd() const { return flags & flags::kCD; }
  Opcode opcode() const { return static_cast<Opcode>((flags >> 11) & 0xF); }
  uint8_t rcode_low() const { return flags & 0xF; }
};

struct QuestionRef {
  std::size_t name_offset = 0;
  RRType type{};
  RRClass rclass{};
};

struct RecordRef {
  Section section = Section::kAnswer;
  std::size_t owner_offset = 0;  // possibly compressed owner name
  RRType type{};
  RRClass rclass{};
  uint32_t ttl = 0;
  std::size_t ttl_offset = 0;    // where the TTL sits, for in-place patching
  std::size_t rdata_offset = 0;
  uint16_t rdlength = 0;
};

class MessageView;

class RecordIterator {
 public:
  RecordIterator(const MessageView* msg, std::size_t offset, Section section, uint16_t left_in_section);
  const RecordRef& operator*() const { return current_; }
  const RecordRef* operator->() const { return &current_; }
  RecordIterator& operator++();
  bool operator==(const RecordIterator& o) const { return offset_ == o.offset_ && left_ == o.left_; }

 private:
  void load();
  const MessageView* msg_;
  std::size_t offset_;
  Section section_;
  uint16_t left_;
  RecordRef current_{};
};

class MessageView {
 public:
  static Result<MessageView> parse(std::span<const uint8_t> packet);

  std::span<const uint8_t> packet() const { return packet_; }
  const Header& header() const { return header_; }
  // The first question (queries and responses carry exactly one in practice).
  std::optional<QuestionRef> question() const;
  Result<Name> question_name() const;  // never fails after parse when qdcount ≥ 1

  struct Range {
    RecordIterator b, e;
    RecordIterator begin() const { return b; }
    RecordIterator end() const { return e; }
  };
  // Records of one section (not kQuestion). The OPT record is skipped.
  Range records(Section s) const;
  // Header count of a section; for kAdditional the OPT record is not counted,
  // so count(s) is the number of records that records(s) yields.
  uint16_t count(Section s) const;

  // The OPT record, if present.
  const std::optional<EdnsView>& edns() const { return edns_; }
  // 12-bit rcode combining the header and the OPT's upper bits.
  Rcode rcode() const;

  // Helpers over this packet.
  Result<Name> name_at(std::size_t offset) const;
  bool name_at_equals(std::size_t offset, const Name& n) const { return packet_name_equals(packet_, offset, n); }
  Result<Rdata> rdata(const RecordRef& rr) const { return rdata_from_packet(rr.type, packet_, rr.rdata_offset, rr.rdlength); }

  // Internal: section start offsets (after parse). Public for the iterator.
  std::size_t section_offset(Section s) const { return section_offsets_[static_cast<int>(s)]; }
  std::size_t end_offset() const { return end_offset_; }
  std::size_t opt_offset() const { return opt_offset_; }  // 0 when no OPT

 private:
  std::span<const uint8_t> packet_;
  Header header_{};
  std::size_t section_offsets_[4] = {};
  std::size_t end_offset_ = 0;
  std::size_t opt_offset_ = 0;
  std::optional<EdnsView> edns_;
};

// Reads the header alone (first 12 octets).
Result<Header> parse_header(std::span<const uint8_t> packet);

// In-place patches on a packet that parse() accepted.
void patch_id(std::span<uint8_t> packet, uint16_t id);
// Offsets of the TTL fields of every record except OPT.
Result<std::vector<uint16_t>> ttl_offsets(std::span<const uint8_t> packet);
// Sets each TTL at `offsets` to max(0, ttl - elapsed) — TTLs read from `original`.
void age_ttls(std::span<uint8_t> packet, std::span<const uint8_t> original,
              std::span<const uint16_t> offsets, uint32_t elapsed_seconds);

}  // namespace dns4eu::dns
