// builder.h — builds DNS messages with name compression and a size limit.
//
// The builder appends to a caller-owned buffer. Records are added whole;
// add_rrset() is all-or-nothing, so a message cut at the size limit keeps
// whole RRsets and the caller (or truncate_message) sets TC. The OPT record
// described by set_edns() is written by finish(), and its room is reserved as
// soon as set_edns() is called so it always fits.
//
//   std::vector<uint8_t> out;
//   MessageBuilder b(out, 1232);
//   b.set_id(q.id); b.set_flags(flags::kQR | flags::kRD | flags::kRA);
//   b.add_question(qname, RRType::kA, RRClass::kIN);
//   if (!b.add_rrset(Section::kAnswer, qname, RRType::kA, RRClass::kIN, 300, rdatas)) b.set_tc();
//   b.finish();
//
// Names (owners, and names inside RDATA of RFC 1035 types) are compressed
// against every name already written, matching exact octets so that the case
// of every name is preserved on the wire. Pointers only target offsets below
// 0x4000. Building allocates nothing beyond the growth of `out` (reuse the
// vector to avoid even that). Thread-safety: none (one per thread).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dns/edns.h"
#include "dns/message.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/result.h"
#include "dns/types.h"

namespace dns4eu::dns {

class MessageBuilder {
 public:
  // `out` is cleared; the message will not exceed `max_size` octets.
  MessageBuilder(std::vector<uint8_t>& out, std::size_t max_size = 65535);

  void set_id(uint16_t id);
  void set_flags(uint16_t flags);              // whole flags word except the rcode bits
  void add_flags(uint16_t f);
  void set_tc();
  void set_opcode(Opcode op);
  void set_rcode(Rcode rcode);                 // extended rcodes go to the OPT record
  // Reserves room for the OPT record now; returns kTooLong if even that does not fit.
  Status set_edns(EdnsParams params);

  Status add_question(const Name& name, RRType type, RRClass rclass);
  // Must be called in section order (answer, authority, additional).
  Status add_record(Section s, const Name& owner, RRType type, RRClass rclass, uint32_t ttl,
                    std::span<const uint8_t> rdata);
  // All RRs of one RRset, or none (kTooLong when it would not fit).
  Status add_rrset(Section s, const Name& owner, RRType type, RRClass rclass, uint32_t ttl,
                   std::span<const Rdata> rdatas);
  // Copies a record out of a parsed message (names re-compressed). The OPT
  // record cannot be copied this way (use set_edns).
  Status add_record_from(Section s, const MessageView& msg, const RecordRef& rr);
  // Copies several records of `msg` (typically one RRset), all or none.
  Status add_records_from(Section s, const MessageView& msg, std::span<const RecordRef> rrs);

  // Writes counts and the OPT record (with padding if asked). Returns the size.
  // `out` holds exactly the message only after finish().
  Result<std::size_t> finish();

  // Octets written so far plus those reserved for the OPT record (the padding
  // body, decided by finish(), is not included).
  std::size_t size() const;
  std::size_t max_size() const { return max_size_; }

 private:
  struct Impl;
  std::vector<uint8_t>& out_;
  std::size_t max_size_;
  std::size_t reserved_ = 0;  // octets kept for the OPT record
  uint16_t counts_[4] = {};
  Section current_ = Section::kQuestion;
  uint16_t ext_rcode_ = 0;
  std::optional<EdnsParams> edns_;
  // Compression table, fixed size so that building never allocates per name:
  // open addressing from the hash of a written name suffix (exact octets, so
  // case is preserved) to its offset in out_ (< 0x4000). Offset 0 marks an
  // empty slot, kTombstone one emptied by a rollback. When 3/4 full, later
  // names are still written, just not added as targets.
  struct Slot {
    uint32_t hash;
    uint16_t offset;
  };
  static constexpr std::size_t kSlots = 256;
  static constexpr uint16_t kTombstone = 0xFFFF;
  Slot table_[kSlots] = {};
  std::size_t table_used_ = 0;
  // Octets of the message in out_; out_ itself is grown ahead in chunks (so
  // appending is a bounds check and a copy) and trimmed to len_ by finish().
  std::size_t len_ = 0;
  bool finished_ = false;

  Status write_name(const Name& n, bool compress);
  Status write_record(Section s, const Name& owner, RRType type, RRClass rclass, uint32_t ttl,
                      std::span<const uint8_t> rdata);
};

// Rebuilds `packet` so that it fits `max_size`: question kept, answer and
// authority RRsets kept whole in order while they fit, additional records
// dropped as needed (the OPT record is kept). TC is set when any answer or
// authority data was dropped (RFC 2181 §9). Returns the new packet.
Result<std::vector<uint8_t>> truncate_message(std::span<const uint8_t> packet, std::size_t max_size);

}  // namespace dns4eu::dns
