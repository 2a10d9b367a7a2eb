// internal/proof_codec.cc — see proof_codec.h. Layout per RRset: owner wire
// name, type (u16), RDATA count (u16) and each RDATA as u16 length + octets,
// then the RRSIGs the same way.
#include "resolver/internal/proof_codec.h"

namespace dns4eu::resolver::internal {
namespace {

void put16(std::vector<uint8_t>& out, std::size_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

void put_list(std::vector<uint8_t>& out, const std::vector<dns::Rdata>& list) {
  put16(out, list.size());
  for (const auto& rd : list) {
    put16(out, rd.size());
    out.insert(out.end(), rd.begin(), rd.end());
  }
}

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : b_(b) {}
  bool u16(uint16_t& v) {
    if (pos_ + 2 > b_.size()) return false;
    v = static_cast<uint16_t>((b_[pos_] << 8) | b_[pos_ + 1]);
    pos_ += 2;
    return true;
  }
  bool bytes(std::size_t n, std::span<const uint8_t>& out) {
    if (pos_ + n > b_.size()) return false;
    out = b_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  bool name(dns::Name& out) {
    std::size_t start = pos_;
    while (pos_ < b_.size() && b_[pos_] != 0) pos_ += 1 + b_[pos_];
    if (pos_ >= b_.size()) return false;
    ++pos_;
    auto n = dns::Name::from_wire(b_.subspan(start, pos_ - start));
    if (!n) return false;
    out = *n;
    return true;
  }
  bool list(std::vector<dns::Rdata>& out) {
    uint16_t count = 0;
    if (!u16(count)) return false;
    for (uint16_t i = 0; i < count; ++i) {
      uint16_t len = 0;
      std::span<const uint8_t> data;
      if (!u16(len) || !bytes(len, data)) return false;
      out.emplace_back(data.begin(), data.end());
    }
    return true;
  }
  bool done() const { return pos_ >= b_.size(); }

 private:
  std::span<const uint8_t> b_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<uint8_t> encode_proof(std::span<const dns::RRset> sets) {
  std::vector<uint8_t> out;
  for (const auto& s : sets) {
    auto w = s.owner.wire();
    out.insert(out.end(), w.begin(), w.end());
    put16(out, static_cast<uint16_t>(s.type));
    put_list(out, s.rdatas);
    put_list(out, s.rrsigs);
  }
  return out;
}

std::vector<dns::RRset> decode_proof(std::span<const uint8_t> bytes, uint32_t ttl) {
  std::vector<dns::RRset> out;
  Reader r(bytes);
  while (!r.done()) {
    dns::RRset s;
    uint16_t type = 0;
    if (!r.name(s.owner) || !r.u16(type) || !r.list(s.rdatas) || !r.list(s.rrsigs)) break;
    s.type = static_cast<dns::RRType>(type);
    s.ttl = ttl;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace dns4eu::resolver::internal
