// query_log.cc — see query_log.h.
#include "telemetry/query_log.h"

#include <ctime>

#include <charconv>
#include <cstdio>

#include "dns/name.h"
#include "dns/types.h"

namespace dns4eu::telemetry {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr auto kTickInterval = std::chrono::milliseconds(250);

// JSON string body: quotes, backslashes and control characters escaped; other
// bytes as they are (DNS names in presentation format are ASCII: to_text()
// escapes everything else as \DDD).
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

void append_string(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":\"";
  append_escaped(out, value);
  out += '"';
}

void append_number(std::string& out, std::string_view key, uint64_t v) {
  out += ",\"";
  out += key;
  out += "\":";
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// "2026-11-28T13:40:00.123Z"; the part up to the seconds is cached per second.
void append_time(std::string& out, int64_t us) {
  thread_local int64_t cached_second = -1;
  thread_local char prefix[32];
  int64_t sec = us / 1000000;
  if (sec != cached_second) {
    std::time_t t = static_cast<std::time_t>(sec);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(prefix, sizeof prefix, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = sec;
  }
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>((us / 1000) % 1000));
  out += "{\"time\":\"";
  out += prefix;
  out += ms;
  out += '"';
}

void append_flags(std::string& out, uint16_t f) {
  static constexpr std::pair<uint16_t, const char*> kFlags[] = {
      {dns::flags::kQR, "qr"}, {dns::flags::kAA, "aa"}, {dns::flags::kTC, "tc"}, {dns::flags::kRD, "rd"},
      {dns::flags::kRA, "ra"}, {dns::flags::kAD, "ad"}, {dns::flags::kCD, "cd"}};
  out += ",\"flags\":[";
  bool first = true;
  for (auto [bit, name] : kFlags) {
    if (!(f & bit)) continue;
    if (!first) out += ',';
    first = false;
    out += '"';
    out += name;
    out += '"';
  }
  out += ']';
}

// names[i], or `fallback` + i (kept in `spare`) for an index without a name.
std::string_view name_at(const std::vector<std::string>& names, std::size_t i, const char* fallback,
                         std::string& spare) {
  if (i < names.size()) return names[i];
  spare = fallback + std::to_string(i);
  return spare;
}

}  // namespace

// Written by hand rather than through a JSON DOM: this runs once per query
// (a DOM with a dozen keys cost several microseconds per line).
void append_query_record(std::string& out, const QueryRecord& r, const QueryLogNames& names, AddressFilter& filter) {
  append_time(out, r.time_us);
  append_string(out, "profile", names.profile);
  std::string spare;
  append_string(out, "flavour", name_at(names.flavours, r.flavour, "flavour", spare));
  append_string(out, "transport", label(r.transport));
  if (r.qname_size > 0) {
    auto name = dns::Name::from_wire(std::span<const uint8_t>(r.qname.data(), r.qname_size));
    if (name) append_string(out, "qname", name->to_text());
    append_string(out, "qtype", dns::rrtype_to_text(static_cast<dns::RRType>(r.qtype)));
  }
  append_string(out, "rcode", dns::rcode_to_text(static_cast<dns::Rcode>(r.rcode)));
  append_flags(out, r.flags);
  append_number(out, "latency_us", r.latency_us);
  append_string(out, "cache", label(r.source));
  bool hit = r.source == AnswerSource::kAnswerCache || r.source == AnswerSource::kRRsetCache;
  out += hit ? ",\"cache_hit\":true" : ",\"cache_hit\":false";
  if (r.has_verdict) {
    out += ",\"policy\":{\"verdict\":\"";
    out += label(r.verdict);
    out += '"';
    if (r.policy_list != 0) append_string(out, "list", name_at(names.policy_lists, r.policy_list, "list", spare));
    out += '}';
  }
  if (r.ede != 0xFFFF) {
    out += ",\"ede\":[";
    out += std::to_string(r.ede);
    out += ']';
  }
  if (auto client = filter.text(r.client)) append_string(out, "client", *client);
  if (auto port = filter.port(r.client)) append_number(out, "client_port", *port);
  out += "}\n";
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

QueryLogStats QueryLog::stats() const { return {written_.load(), write_errors_.load(), files_deleted_.load()}; }

void QueryLog::set_names(QueryLogNames names) {
  std::lock_guard lock(names_mu_);
  names_ = std::move(names);
}

std::size_t QueryLog::drain(std::string& buf) {
  std::size_t n = 0;
  QueryRecord r;
  std::lock_guard lock(names_mu_);
  for (auto& ring : rings_) {
    while (ring->try_pop(r)) {
      append_query_record(buf, r, names_, filter_);
      ++n;
      if (buf.size() >= (64u << 10)) {
        if (!file_.write(buf)) write_errors_.fetch_add(1);
        buf.clear();
      }
    }
  }
  if (!buf.empty() && !file_.write(buf)) write_errors_.fetch_add(1);
  buf.clear();
  written_.fetch_add(n);
  return n;
}

void QueryLog::run() {
  std::string buf;
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
