// query_log.cc — see query_log.h.
#include "telemetry/query_log.h"

#include <ctime>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include "dns/name.h"
#include "dns/types.h"

namespace dns4eu::telemetry {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr auto kTickInterval = std::chrono::milliseconds(250);
constexpr std::size_t kWriteBatch = 256u << 10;  // bytes formatted before one write

// JSON string body: quotes, backslashes and control characters escaped; other
// bytes as they are (DNS names in presentation format are ASCII: \DDD
// escapes everything else).
void append_escaped(std::string& out, std::string_view s) {
  static const char* const kHex = "0123456789abcdef";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u >= 0x7f) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
}

// `,"key":"value"` with the value escaped: the fragments are built once per
// name set, not once per line.
std::string fragment(std::string_view key, std::string_view value) {
  std::string out = ",\"";
  out += key;
  out += "\":\"";
  append_escaped(out, value);
  out += '"';
  return out;
}

char* put(char* p, std::string_view s) {
  if (!s.empty()) std::memcpy(p, s.data(), s.size());  // an empty view may have no data pointer
  return p + s.size();
}

char* put_number(char* p, uint64_t v) { return std::to_chars(p, p + 20, v).ptr; }

char* put_digits(char* p, unsigned v, int n) {
  for (int i = n - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
  return p + n;
}

// How put_qname writes a label byte: as it is, `\c`, `\DDD` (dns::Name::to_text's
// rules), or (for `\` and `"`) `\` then the byte JSON-escaped.
enum : uint8_t { kPlain, kEscape, kDecimal, kJsonEscape };
constexpr std::array<uint8_t, 256> kLabelByte = [] {
  std::array<uint8_t, 256> t{};
  for (unsigned c = 0; c < 256; ++c) t[c] = c <= 0x20 || c >= 0x7F ? kDecimal : kPlain;
  for (unsigned char c : {'.', '(', ')', ';', '@', '$'}) t[c] = kEscape;
  t['\\'] = t['"'] = kJsonEscape;
  return t;
}();

// The qname's wire form as presentation text (exactly dns::Name::to_text),
// JSON-escaped on the way: `\` becomes `\\`, so `\.` is written `\\.`, and a
// `\"` in the name `\\\"`. Returns nullptr when the wire form is not a
// well-formed name. Writes at most 5 * 255 + 1 bytes.
char* put_qname(char* p, const uint8_t* w, std::size_t n) {
  if (n == 1 && w[0] == 0) return put(p, ".");
  std::size_t i = 0;
  while (i < n && w[i] != 0) {
    uint8_t len = w[i];
    if (len > 63 || i + 1 + len >= n) return nullptr;
    for (const uint8_t *c = w + i + 1, *end = c + len; c < end; ++c) {
      switch (kLabelByte[*c]) {
        case kPlain:
          *p++ = static_cast<char>(*c);
          break;
        case kEscape:
          *p++ = '\\', *p++ = '\\', *p++ = static_cast<char>(*c);
          break;
        case kDecimal:
          *p++ = '\\', *p++ = '\\';
          p = put_digits(p, *c, 3);
          break;
        default:  // `\\` or `\"` in the text, each character JSON-escaped
          *p++ = '\\', *p++ = '\\', *p++ = '\\', *p++ = static_cast<char>(*c);
          break;
      }
    }
    *p++ = '.';
    i += 1 + len;
  }
  return i + 1 == n ? p : nullptr;
}

// `{"time":"2026-11-28T13:40:00.123Z"`; the part up to the seconds is cached.
char* put_time(char* p, int64_t us, int64_t& cached_second, char (&prefix)[32]) {
  int64_t sec = us / 1000000;
  if (sec != cached_second) {
    std::time_t t = static_cast<std::time_t>(sec);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(prefix, sizeof prefix, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = sec;
  }
  p = put(p, "{\"time\":\"");
  p = put(p, prefix);
  *p++ = '.';
  p = put_digits(p, static_cast<unsigned>((us / 1000) % 1000), 3);
  return put(p, "Z\"");
}

// The header flags the log names, as a 7-bit index into the formatter's table.
constexpr std::pair<uint16_t, std::string_view> kFlags[] = {
    {dns::flags::kQR, "qr"}, {dns::flags::kAA, "aa"}, {dns::flags::kTC, "tc"}, {dns::flags::kRD, "rd"},
    {dns::flags::kRA, "ra"}, {dns::flags::kAD, "ad"}, {dns::flags::kCD, "cd"}};

unsigned flag_index(uint16_t f) {
  unsigned i = 0;
  for (std::size_t k = 0; k < std::size(kFlags); ++k)
    if (f & kFlags[k].first) i |= 1u << k;
  return i;
}

constexpr std::size_t kCachedTypes = 300;
constexpr std::size_t kCachedRcodes = 32;

}  // namespace

QueryLineFormatter::QueryLineFormatter(const QueryLogNames& names) {
  profile_ = fragment("profile", names.profile);
  for (unsigned i = 0; i < static_cast<unsigned>(Transport::kCount); ++i)
    transports_.push_back(fragment("transport", label(static_cast<Transport>(i))));
  for (unsigned i = 0; i < static_cast<unsigned>(AnswerSource::kCount); ++i) {
    auto src = static_cast<AnswerSource>(i);
    bool hit = src == AnswerSource::kAnswerCache || src == AnswerSource::kRRsetCache;
    sources_.push_back(fragment("cache", label(src)) + (hit ? ",\"cache_hit\":true" : ",\"cache_hit\":false"));
  }
  for (unsigned i = 0; i < (1u << std::size(kFlags)); ++i) {
    std::string f = ",\"flags\":[";
    for (std::size_t k = 0; k < std::size(kFlags); ++k) {
      if (!(i & (1u << k))) continue;
      if (f.back() != '[') f += ',';
      f += '"';
      f += kFlags[k].second;
      f += '"';
    }
    flags_.push_back(f + "]");
  }
  for (const auto& f : names.flavours) flavours_.push_back(fragment("flavour", f));
  for (const auto& l : names.policy_lists) lists_.push_back(fragment("list", l));
  for (std::size_t t = 0; t < kCachedTypes; ++t)
    qtypes_.push_back(fragment("qtype", dns::rrtype_to_text(static_cast<dns::RRType>(t))));
  for (std::size_t r = 0; r < kCachedRcodes; ++r)
    rcodes_.push_back(fragment("rcode", dns::rcode_to_text(static_cast<dns::Rcode>(r))));
  fixed_ = profile_.size() + 1024;
  std::size_t longest = 0;
  for (const auto* v : {&flavours_, &lists_, &qtypes_, &rcodes_, &transports_, &sources_, &flags_})
    for (const auto& s : *v) longest = std::max(longest, s.size());
  fixed_ += 7 * longest + 5 * 255;  // seven table fragments at most, and the qname
}

// Written by hand rather than through a JSON DOM: this runs once per query
// (a DOM with a dozen keys cost several microseconds per line). Everything
// but the rare fallbacks and a kept client address goes straight into `out`.
void QueryLineFormatter::append(LineBuffer& out, const QueryRecord& r, AddressFilter& filter) {
  // Rare cases build their fragment here: an index without a name, a type or
  // rcode outside the tables, a client address the profile keeps.
  std::string flavour_spare, list_spare, qtype_spare, rcode_spare, client;
  std::string_view flavour =
      r.flavour < flavours_.size()
          ? std::string_view(flavours_[r.flavour])
          : std::string_view(flavour_spare = fragment("flavour", "flavour" + std::to_string(r.flavour)));
  std::string_view list;
  if (r.has_verdict && r.policy_list != 0)
    list = r.policy_list < lists_.size()
               ? std::string_view(lists_[r.policy_list])
               : std::string_view(list_spare = fragment("list", "list" + std::to_string(r.policy_list)));
  std::string_view qtype =
      r.qtype < kCachedTypes
          ? std::string_view(qtypes_[r.qtype])
          : std::string_view(qtype_spare = fragment("qtype", dns::rrtype_to_text(static_cast<dns::RRType>(r.qtype))));
  std::string_view rcode =
      r.rcode < kCachedRcodes
          ? std::string_view(rcodes_[r.rcode])
          : std::string_view(rcode_spare = fragment("rcode", dns::rcode_to_text(static_cast<dns::Rcode>(r.rcode))));
  if (!filter.drops()) {
    if (auto text = filter.text(r.client)) client = fragment("client", *text);
    if (auto port = filter.port(r.client)) client += ",\"client_port\":" + std::to_string(*port);
  }
  char* start = out.reserve(fixed_ + flavour_spare.size() + list_spare.size() + qtype_spare.size() +
                            rcode_spare.size() + client.size());
  char* p = put_time(start, r.time_us, cached_second_, prefix_);
  p = put(p, profile_);
  p = put(p, flavour);
  p = put(p, r.transport < Transport::kCount ? std::string_view(transports_[static_cast<unsigned>(r.transport)])
                                             : std::string_view(",\"transport\":\"?\""));
  if (r.qname_size > 0) {
    char* q = put(p, ",\"qname\":\"");
    if (char* end = put_qname(q, r.qname.data(), r.qname_size)) {
      p = end;
      *p++ = '"';
    }
    p = put(p, qtype);
  }
  p = put(p, rcode);
  p = put(p, flags_[flag_index(r.flags)]);
  p = put(p, ",\"latency_us\":");
  p = put_number(p, r.latency_us);
  p = put(p, r.source < AnswerSource::kCount ? std::string_view(sources_[static_cast<unsigned>(r.source)])
                                             : std::string_view(",\"cache\":\"?\",\"cache_hit\":false"));
  if (r.has_verdict) {
    p = put(p, ",\"policy\":{\"verdict\":\"");
    p = put(p, label(r.verdict));
    *p++ = '"';
    p = put(p, list);
    *p++ = '}';
  }
  if (r.ede != 0xFFFF) {
    p = put(p, ",\"ede\":[");
    p = put_number(p, r.ede);
    *p++ = ']';
  }
  p = put(p, client);
  if (r.client_asn != 0) {
    p = put(p, ",\"client_asn\":");
    p = put_number(p, r.client_asn);
  }
  p = put(p, "}\n");
  out.commit(static_cast<std::size_t>(p - start));
}

char* LineBuffer::reserve(std::size_t n) {
  if (size_ + n > cap_) {
    std::size_t cap = std::max(cap_ * 2, size_ + n);
    auto data = std::make_unique<char[]>(cap);
    if (size_) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    cap_ = cap;
  }
  return data_.get() + size_;
}

void append_query_record(std::string& out, const QueryRecord& r, const QueryLogNames& names, AddressFilter& filter) {
  QueryLineFormatter f(names);
  LineBuffer buf;
  f.append(buf, r, filter);
  out.append(buf.view());
}

std::string format_query_record(const QueryRecord& r, const QueryLogNames& names, AddressFilter& filter) {
  std::string out;
  append_query_record(out, r, names, filter);
  return out;
}

QueryLog::QueryLog(RotatingFileConfig file, std::size_t workers, std::size_t queue_size, AddressFilterConfig filter,
                   QueryLogNames names)
    : file_(std::move(file)), filter_(filter), names_(std::move(names)) {
  for (std::size_t i = 0; i < workers; ++i) rings_.push_back(std::make_unique<Ring>(queue_size));
}

QueryLog::~QueryLog() { stop(); }

Status QueryLog::start() {
  if (auto s = file_.open(); !s) return s;
  thread_ = std::thread([this] { run(); });
  return {};
}

void QueryLog::stop() {
  if (!thread_.joinable()) return;
  stop_.store(true);
  thread_.join();
}

QueryLogStats QueryLog::stats() const {
  return {written_.load(), asn_unknown_.load(), write_errors_.load(), files_deleted_.load()};
}

void QueryLog::set_names(QueryLogNames names) {
  std::lock_guard lock(names_mu_);
  names_ = std::move(names);
  names_changed_ = true;
}

std::size_t QueryLog::drain(LineBuffer& buf) {
  std::size_t n = 0;
  std::lock_guard lock(names_mu_);
  if (!formatter_ || names_changed_) {
    formatter_ = std::make_unique<QueryLineFormatter>(names_);
    names_changed_ = false;
  }
  for (auto& ring : rings_) {
    // Records are formatted in place in the ring and released in batches.
    n += ring->consume([&](const QueryRecord& r) {
      formatter_->append(buf, r, filter_);
      if (expect_asn_ && r.client_asn == 0) asn_unknown_.fetch_add(1, std::memory_order_relaxed);
      if (buf.size() >= kWriteBatch) {
        if (!file_.write(buf.view())) write_errors_.fetch_add(1);
        buf.clear();
      }
    });
  }
  if (buf.size() && !file_.write(buf.view())) write_errors_.fetch_add(1);
  buf.clear();
  written_.fetch_add(n);
  return n;
}

void QueryLog::run() {
  LineBuffer buf;
  auto next_tick = std::chrono::steady_clock::now();
  for (;;) {
    bool stopping = stop_.load();
    if (drain(buf) > 0 && !file_.flush()) write_errors_.fetch_add(1);
    if (stopping) break;
    if (std::chrono::steady_clock::now() >= next_tick) {
      files_deleted_.fetch_add(file_.tick());
      next_tick = std::chrono::steady_clock::now() + kTickInterval;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  (void)file_.flush();
}

}  // namespace dns4eu::telemetry
