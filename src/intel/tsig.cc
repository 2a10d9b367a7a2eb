// tsig.cc — see tsig.h.
#include "intel/tsig.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dns/message.h"
#include "dns/types.h"
#include "dns/wire.h"

namespace dns4eu::intel {
namespace {

const EVP_MD* md_of(TsigAlgorithm a) {
  switch (a) {
    case TsigAlgorithm::kHmacSha256: return EVP_sha256();
    case TsigAlgorithm::kHmacSha512: return EVP_sha512();
    case TsigAlgorithm::kHmacSha1: return EVP_sha1();
  }
  return EVP_sha256();
}

void put16(std::vector<uint8_t>& v, uint16_t x) {
  v.push_back(uint8_t(x >> 8));
  v.push_back(uint8_t(x));
}
void put48(std::vector<uint8_t>& v, uint64_t x) {
  for (int s = 40; s >= 0; s -= 8) v.push_back(uint8_t(x >> s));
}
void put_bytes(std::vector<uint8_t>& v, std::span<const uint8_t> b) { v.insert(v.end(), b.begin(), b.end()); }

std::string_view tsig_error_name(uint16_t e) {
  switch (e) {
    case 16: return "BADSIG";
    case 17: return "BADKEY";
    case 18: return "BADTIME";
    case 22: return "BADTRUNC";
    default: return "error";
  }
}

struct ParsedTsig {
  std::size_t owner_offset = 0;  // where the TSIG record starts: the message before it is what was signed
  dns::Name key, algorithm;
  uint64_t time = 0;
  uint16_t fudge = 0, original_id = 0, error = 0;
  std::span<const uint8_t> mac, other;
};

// The TSIG record of `msg` (the last additional record), if any.
Result<std::optional<ParsedTsig>> find_tsig(const dns::MessageView& msg) {
  std::optional<dns::RecordRef> last;
  uint16_t n = 0;
  for (const dns::RecordRef& rr : msg.records(dns::Section::kAdditional)) {
    ++n;
    if (rr.type == dns::RRType::kTSIG) {
      if (n != msg.count(dns::Section::kAdditional) || msg.opt_offset() > rr.owner_offset)
        return fail_at(ErrorCode::kMalformed, rr.owner_offset, "TSIG is not the last record");
      last = rr;
    }
  }
  for (auto s : {dns::Section::kAnswer, dns::Section::kAuthority})
    for (const dns::RecordRef& rr : msg.records(s))
      if (rr.type == dns::RRType::kTSIG) return fail_at(ErrorCode::kMalformed, rr.owner_offset, "TSIG outside the additional section");
  if (!last) return std::optional<ParsedTsig>{};
  ParsedTsig t;
  t.owner_offset = last->owner_offset;
  auto key = msg.name_at(last->owner_offset);
  if (!key) return tl::unexpected(key.error());
  t.key = key->lowercased();
  auto p = msg.packet();
  std::size_t off = last->rdata_offset, end = off + last->rdlength;
  auto alg = dns::Name::from_packet(p, off);
  if (!alg) return tl::unexpected(alg.error());
  t.algorithm = alg->lowercased();
  auto need = [&](std::size_t k) { return off + k <= end; };
  if (!need(10)) return fail_at(ErrorCode::kMalformed, off, "TSIG RDATA too short");
  for (int i = 0; i < 6; ++i) t.time = (t.time << 8) | p[off + i];
  t.fudge = dns::load_u16(&p[off + 6]);
  uint16_t mac_size = dns::load_u16(&p[off + 8]);
  off += 10;
  if (!need(mac_size + 6u)) return fail_at(ErrorCode::kMalformed, off, "TSIG MAC runs past its RDATA");
  t.mac = p.subspan(off, mac_size);
  off += mac_size;
  t.original_id = dns::load_u16(&p[off]);
  t.error = dns::load_u16(&p[off + 2]);
  uint16_t other = dns::load_u16(&p[off + 4]);
  off += 6;
  if (off + other != end) return fail_at(ErrorCode::kMalformed, off, "TSIG other data does not fill its RDATA");
  t.other = p.subspan(off, other);
  return std::optional<ParsedTsig>(t);
}

// The message as it was before the TSIG was added: original ID, ARCOUNT - 1.
void append_unsigned(std::vector<uint8_t>& out, std::span<const uint8_t> packet, const ParsedTsig& t) {
  std::size_t at = out.size();
  out.insert(out.end(), packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(t.owner_offset));
  dns::store_u16(&out[at], t.original_id);
  dns::store_u16(&out[at + 10], static_cast<uint16_t>(dns::load_u16(&out[at + 10]) - 1));
}

}  // namespace

std::optional<TsigAlgorithm> tsig_algorithm_from_text(std::string_view s) {
  if (s == "hmac-sha256") return TsigAlgorithm::kHmacSha256;
  if (s == "hmac-sha512") return TsigAlgorithm::kHmacSha512;
  if (s == "hmac-sha1") return TsigAlgorithm::kHmacSha1;
  return std::nullopt;
}

std::string_view to_string(TsigAlgorithm a) {
  switch (a) {
    case TsigAlgorithm::kHmacSha256: return "hmac-sha256";
    case TsigAlgorithm::kHmacSha512: return "hmac-sha512";
    case TsigAlgorithm::kHmacSha1: return "hmac-sha1";
  }
  return "hmac-sha256";
}

dns::Name algorithm_name(TsigAlgorithm a) { return *dns::Name::from_text(std::string(to_string(a)) + "."); }

std::vector<uint8_t> tsig_hmac(const TsigKey& key, std::span<const uint8_t> data) {
  std::vector<uint8_t> mac(EVP_MAX_MD_SIZE);
  unsigned len = 0;
  HMAC(md_of(key.algorithm), key.secret.data(), static_cast<int>(key.secret.size()), data.data(), data.size(),
       mac.data(), &len);
  mac.resize(len);
  return mac;
}

Status TsigSession::sign(std::vector<uint8_t>& message, uint64_t now) {
  if (message.size() < dns::kHeaderSize) return fail(ErrorCode::kInvalidArgument, "message shorter than a header");
  dns::Name key = key_.name.lowercased(), alg = algorithm_name(key_.algorithm);
  std::vector<uint8_t> data(message);
  put_bytes(data, key.wire());
  put16(data, 255);  // class ANY
  data.insert(data.end(), {0, 0, 0, 0});
  put_bytes(data, alg.wire());
  put48(data, now);
  put16(data, fudge_);
  put16(data, 0);  // error
  put16(data, 0);  // other len
  request_mac_ = tsig_hmac(key_, data);
  uint16_t id = dns::load_u16(&message[0]);
  std::vector<uint8_t> rdata;
  put_bytes(rdata, alg.wire());
  put48(rdata, now);
  put16(rdata, fudge_);
  put16(rdata, static_cast<uint16_t>(request_mac_.size()));
  put_bytes(rdata, request_mac_);
  put16(rdata, id);
  put16(rdata, 0);
  put16(rdata, 0);
  put_bytes(message, key.wire());
  put16(message, static_cast<uint16_t>(dns::RRType::kTSIG));
  put16(message, 255);
  message.insert(message.end(), {0, 0, 0, 0});
  put16(message, static_cast<uint16_t>(rdata.size()));
  put_bytes(message, rdata);
  dns::store_u16(&message[10], static_cast<uint16_t>(dns::load_u16(&message[10]) + 1));
  prior_mac_ = request_mac_;
  return {};
}

Status TsigSession::verify(std::span<const uint8_t> message, uint64_t now) {
  auto msg = dns::MessageView::parse(message);
  if (!msg) return tl::unexpected(msg.error());
  auto t = find_tsig(*msg);
  if (!t) return tl::unexpected(t.error());
  bool first = messages_ == 0;
  ++messages_;
  if (!*t) {
    if (first) return fail(ErrorCode::kMalformed, "TSIG: the first response message is not signed");
    if (++unsigned_run_ > 99) return fail(ErrorCode::kMalformed, "TSIG: more than 99 unsigned messages in a row");
    put_bytes(pending_, message);
    return {};
  }
  const ParsedTsig& s = **t;
  if (!(s.key == key_.name.lowercased()))
    return fail(ErrorCode::kMalformed, "TSIG: unknown key " + s.key.to_text() + " (expected " + key_.name.to_text() + ")");
  if (!(s.algorithm == algorithm_name(key_.algorithm)))
    return fail(ErrorCode::kMalformed, "TSIG: unexpected algorithm " + s.algorithm.to_text());
  if (s.error != 0)
    return fail(ErrorCode::kMalformed, "TSIG: the primary answered " + std::string(tsig_error_name(s.error)) + " (" +
                                           std::to_string(s.error) + "): it does not accept our key or signature");
  std::vector<uint8_t> data;
  put16(data, static_cast<uint16_t>(prior_mac_.size()));
  put_bytes(data, prior_mac_);
  put_bytes(data, pending_);
  append_unsigned(data, message, s);
  if (first) {
    put_bytes(data, s.key.wire());
    put16(data, 255);
    data.insert(data.end(), {0, 0, 0, 0});
    put_bytes(data, s.algorithm.wire());
    put48(data, s.time);
    put16(data, s.fudge);
    put16(data, s.error);
    put16(data, static_cast<uint16_t>(s.other.size()));
    put_bytes(data, s.other);
  } else {
    put48(data, s.time);
    put16(data, s.fudge);
  }
  auto mac = tsig_hmac(key_, data);
  if (s.mac.size() != mac.size() || CRYPTO_memcmp(mac.data(), s.mac.data(), mac.size()) != 0)
    return fail(ErrorCode::kMalformed, "TSIG: bad MAC in response message " + std::to_string(messages_) +
                                           " (wrong secret for key " + key_.name.to_text() + "?)");
  uint64_t lo = now > s.fudge ? now - s.fudge : 0;
  if (s.time < lo || s.time > now + s.fudge)
    return fail(ErrorCode::kMalformed, "TSIG: time signed " + std::to_string(s.time) + " is outside now " +
                                           std::to_string(now) + " +- fudge " + std::to_string(s.fudge));
  prior_mac_.assign(s.mac.begin(), s.mac.end());
  pending_.clear();
  unsigned_run_ = 0;
  return {};
}

}  // namespace dns4eu::intel
