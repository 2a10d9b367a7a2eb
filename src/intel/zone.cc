// zone.cc — see zone.h.
#include "intel/zone.h"

#include "dns/message.h"

namespace dns4eu::intel {

bool serial_lt(uint32_t a, uint32_t b) {
  return a != b && ((a < b && b - a < (1u << 31)) || (a > b && a - b > (1u << 31)));
}

std::string Zone::key_of(const Rr& r) {
  dns::Name low = r.owner.lowercased();
  auto w = low.wire();
  std::string k(w.begin(), w.end());
  k.push_back(char(static_cast<uint16_t>(r.type) >> 8));
  k.push_back(char(static_cast<uint16_t>(r.type) & 0xff));
  k.append(r.rdata.begin(), r.rdata.end());
  return k;
}

std::string Zone::to_text() const {
  std::string out;
  auto line = [&](const Rr& r) {
    out += r.owner.to_text() + " " + std::to_string(r.ttl) + " IN " + dns::rrtype_to_text(r.type) + " " +
           dns::rdata_to_text(r.type, r.rdata) + "\n";
  };
  line(soa);
  for (const auto& [k, r] : records) line(r);
  return out;
}

XfrReader::XfrReader(dns::Name zone, XfrKind kind, const Zone* base) : name_(std::move(zone)), kind_(kind), base_(base) {
  if (kind_ == XfrKind::kIxfr && !base_) kind_ = XfrKind::kAxfr;
}

Status XfrReader::add(std::span<const uint8_t> message) {
  auto msg = dns::MessageView::parse(message);
  if (!msg) return tl::unexpected(msg.error());
  const dns::Header& h = msg->header();
  if (!h.qr()) return fail(ErrorCode::kMalformed, "transfer message is not a response");
  if (msg->rcode() != dns::Rcode::kNoError)
    return fail(ErrorCode::kMalformed, "the primary answered rcode " + std::to_string(static_cast<int>(msg->rcode())));
  if (h.tc()) return fail(ErrorCode::kMalformed, "transfer message has TC set");
  if (messages_++ == 0 && h.qdcount != 1) return fail(ErrorCode::kMalformed, "first transfer message has no question");
  if (auto q = msg->question()) {
    if (!msg->name_at_equals(q->name_offset, name_)) return fail_at(ErrorCode::kMalformed, q->name_offset, "question is not the zone");
  }
  if (state_ == State::kDone && msg->count(dns::Section::kAnswer) > 0)
    return fail(ErrorCode::kMalformed, "records after the end of the transfer");
  std::size_t before = seen_;
  for (const dns::RecordRef& rr : msg->records(dns::Section::kAnswer)) {
    if (state_ == State::kDone) return fail_at(ErrorCode::kMalformed, rr.owner_offset, "record after the closing SOA");
    if (rr.rclass != dns::RRClass::kIN) return fail_at(ErrorCode::kMalformed, rr.owner_offset, "record class is not IN");
    auto owner = msg->name_at(rr.owner_offset);
    if (!owner) return tl::unexpected(owner.error());
    if (!owner->is_subdomain_of(name_)) return fail_at(ErrorCode::kMalformed, rr.owner_offset, "owner " + owner->to_text() + " is outside the zone");
    auto rd = msg->rdata(rr);
    if (!rd) return tl::unexpected(rd.error());
    Rr r{*owner, rr.type, rr.ttl, std::move(*rd)};
    ++seen_;
    if (auto s = on_record(r, rr.owner_offset); !s) return s;
  }
  // IXFR: a lone SOA in the first message means "nothing newer" (or no IXFR for this serial).
  if (state_ == State::kSecond && before == 0 && seen_ == 1) {
    if (!serial_gt(new_serial_, base_->serial)) {
      up_to_date_ = true;
      state_ = State::kDone;
    } else {
      return fail(ErrorCode::kUnsupported, "IXFR answered by a lone newer SOA");
    }
  }
  return {};
}

Status XfrReader::on_record(const Rr& r, std::size_t offset) {
  bool soa = r.type == dns::RRType::kSOA;
  uint32_t serial = 0;
  if (soa) {
    if (!(r.owner == name_)) return fail_at(ErrorCode::kMalformed, offset, "SOA owner is not the zone apex");
    auto v = dns::SoaView::parse(r.rdata);
    if (!v) return fail_at(ErrorCode::kMalformed, offset, "bad SOA: " + v.error().message);
    serial = v->serial;
  }
  auto inconsistent = [&](const std::string& what) { return fail_at(ErrorCode::kUnsupported, offset, "IXFR: " + what); };
  switch (state_) {
    case State::kFirst:
      if (!soa) return fail_at(ErrorCode::kMalformed, offset, "transfer does not start with the zone's SOA");
      first_soa_ = r;
      new_serial_ = serial;
      zone_.origin = name_;
      if (kind_ == XfrKind::kAxfr) {
        state_ = State::kFull;
      } else {
        state_ = State::kSecond;
      }
      return {};
    case State::kSecond:
      if (soa && serial == base_->serial && serial != new_serial_) {
        incremental_ = true;
        zone_ = *base_;
        current_ = serial;
        state_ = State::kDel;
        return {};
      }
      state_ = State::kFull;  // the server sent the whole zone (AXFR-style)
      return on_record(r, offset);
    case State::kFull:
      if (soa) {
        if (serial != new_serial_) return fail_at(ErrorCode::kMalformed, offset, "closing SOA serial differs from the opening one");
        state_ = State::kDone;
        return {};
      }
      zone_.records[Zone::key_of(r)] = r;
      return {};
    case State::kDelSoa:
      return inconsistent("expected a SOA");
    case State::kDel:
      if (soa) {
        if (!serial_gt(serial, current_)) return inconsistent("delta does not move the serial forward");
        current_ = serial;
        state_ = State::kAdd;
        return {};
      }
      if (zone_.records.erase(Zone::key_of(r)) == 0)
        return inconsistent("deletes " + r.owner.to_text() + " " + dns::rrtype_to_text(r.type) + ", which the base lacks");
      return {};
    case State::kAdd:
      if (soa) {
        if (serial == new_serial_ && current_ == new_serial_) {
          state_ = State::kDone;
          return {};
        }
        if (serial != current_) return inconsistent("delta does not start at the previous delta's serial");
        state_ = State::kDel;
        return {};
      }
      zone_.records[Zone::key_of(r)] = r;
      return {};
    case State::kDone:
      return fail_at(ErrorCode::kMalformed, offset, "record after the closing SOA");
  }
  return {};
}

Result<Zone> XfrReader::take() {
  if (state_ != State::kDone) return fail(ErrorCode::kMalformed, "transfer truncated: no closing SOA after " + std::to_string(seen_) + " records");
  if (up_to_date_) return *base_;
  zone_.origin = name_;
  zone_.soa = first_soa_;
  zone_.serial = new_serial_;
  return std::move(zone_);
}

}  // namespace dns4eu::intel
