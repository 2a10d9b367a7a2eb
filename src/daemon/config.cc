// config.cc — loading dns4eud.yaml: YAML parsing, the top-level keys, and
// the built-in defaults. Section readers live in internal/config_*.cc.
#include "daemon/config.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <yaml-cpp/yaml.h>

#include "daemon/internal/config_names.h"
#include "daemon/internal/config_reader.h"
#include "daemon/internal/config_sections.h"
#include "daemon/internal/config_telemetry.h"
#include "daemon/internal/config_yaml.h"

namespace dns4eu::daemon {
namespace {

using internal::Diagnostics;
using internal::Field;
using internal::MapReader;

constexpr std::size_t kMaxFileSize = 1 << 20;

template <typename E, std::size_t N>
std::string_view name_of(E value, const std::array<std::string_view, N>& names) {
  auto i = static_cast<std::size_t>(value);
  return i < N ? names[i] : "?";
}

IpPrefix prefix(std::string_view text) { return IpPrefix::parse(text).value(); }  // built-in constants only

void read_top(const Field& top, Config& config, Diagnostics& diag) {
  MapReader m(top, diag);
  using Reader = void (*)(const Field&, Config&, Diagnostics&);
  static const std::pair<std::string_view, Reader> kSections[] = {
      {"server", [](const Field& f, Config& c, Diagnostics& d) { internal::read_server(f, c, d); }},
      {"listeners", [](const Field& f, Config& c, Diagnostics& d) { internal::read_listeners(f, c.listeners, d); }},
      {"access", [](const Field& f, Config& c, Diagnostics& d) { internal::read_access(f, c.access, d); }},
      {"upstream", [](const Field& f, Config& c, Diagnostics& d) { internal::read_upstream(f, c.upstream, d); }},
      {"cache", [](const Field& f, Config& c, Diagnostics& d) { internal::read_cache(f, c.cache, d); }},
      {"serve_stale", [](const Field& f, Config& c, Diagnostics& d) { internal::read_serve_stale(f, c.serve_stale, d); }},
      {"resolver", [](const Field& f, Config& c, Diagnostics& d) { internal::read_resolver(f, c.resolver, d); }},
      {"dnssec", [](const Field& f, Config& c, Diagnostics& d) { internal::read_dnssec(f, c.dnssec, d); }},
      {"limits", [](const Field& f, Config& c, Diagnostics& d) { internal::read_limits(f, c.limits, d); }},
      {"tcp", [](const Field& f, Config& c, Diagnostics& d) { internal::read_tcp(f, c.tcp, d); }},
      {"discovery", [](const Field& f, Config& c, Diagnostics& d) { internal::read_discovery(f, c.discovery, d); }},
      {"local_zones", [](const Field& f, Config& c, Diagnostics& d) { internal::read_local_zones(f, c.local_zones, d); }},
      {"logging", [](const Field& f, Config& c, Diagnostics& d) { internal::read_logging(f, c.logging, d); }},
      {"management", [](const Field& f, Config& c, Diagnostics& d) { internal::read_management(f, c.management, d); }},
      {"policy", [](const Field& f, Config& c, Diagnostics& d) { internal::read_policy(f, c, d); }},
      {"privacy", [](const Field& f, Config& c, Diagnostics& d) { internal::read_privacy(f, c, d); }},
      {"query_log", [](const Field& f, Config& c, Diagnostics& d) { internal::read_query_log(f, c.query_log, d); }},
      {"dnstap", [](const Field& f, Config& c, Diagnostics& d) { internal::read_dnstap(f, c.dnstap, d); }},
  };
  for (const auto& [key, reader] : kSections) {
    if (auto f = m.take(key)) reader(*f, config, diag);
  }
  m.finish();
}

Result<Config> load(std::string_view text, std::string_view name) {
  Diagnostics diag(name);
  Config config;
  try {
    YAML::Node root = internal::parse_document(text, diag);
    if (diag.ok()) read_top(Field{root, root.Mark().is_null() ? YAML::Mark() : root.Mark(), ""}, config, diag);
  } catch (const YAML::ParserException& e) {
    diag.error(e.mark, "", "YAML syntax: " + e.msg);
  } catch (const YAML::Exception& e) {
    diag.error(e.mark, "", std::string("YAML: ") + e.msg);
  } catch (const std::exception& e) {
    diag.error(YAML::Mark::null_mark(), "", std::string("cannot read the configuration: ") + e.what());
  }
  if (!diag.ok()) return tl::unexpected(diag.to_error());
  config.warnings = internal::collect_warnings(config);
  return config;
}

}  // namespace

std::string_view to_string(Transport t) { return name_of(t, internal::kTransportNames); }
std::string_view to_string(PrivacyProfile p) { return name_of(p, internal::kProfileNames); }
std::string_view to_string(LocalZoneAction a) { return name_of(a, internal::kLocalZoneNames); }
std::string_view to_string(LogLevel l) { return name_of(l, internal::kLogLevelNames); }
std::string_view to_string(LogTarget t) { return name_of(t, internal::kLogTargetNames); }

bool is_served(Transport) { return true; }

uint16_t default_port(Transport t) {
  switch (t) {
    case Transport::kDot:
    case Transport::kDoq:
      return 853;
    case Transport::kDoh:
      return 443;
    default:
      return 53;
  }
}

std::vector<IpPrefix> AccessConfig::default_allow() {
  return {prefix("127.0.0.0/8"),    prefix("::1/128"),   prefix("10.0.0.0/8"), prefix("172.16.0.0/12"),
          prefix("192.168.0.0/16"), prefix("fc00::/7"), prefix("fe80::/10")};
}

std::vector<Listener> Config::default_listeners() {
  std::vector<Listener> out;
  for (const char* address : {"127.0.0.1", "::1"}) {
    for (Transport t : {Transport::kUdp, Transport::kTcp}) {
      Listener l;
      l.address = IpAddress::parse(address).value();
      l.transport = t;
      out.push_back(l);
    }
  }
  return out;
}

uint32_t Config::effective_workers() const {
  if (workers != 0) return workers;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

Result<Config> load_config_string(std::string_view text, std::string_view name) { return load(text, name); }

Result<Config> load_config_file(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return fail(ErrorCode::kIo, path + ": is a directory");
  if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > kMaxFileSize) {
    return fail(ErrorCode::kTooLong, path + ": larger than 1 MiB; is this the right file?");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, path + ": cannot open: " + std::string(std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(ErrorCode::kIo, path + ": read error");
  auto config = load(text.str(), path);
  if (config) internal::resolve_policy_paths(*config, path);
  return config;
}

}  // namespace dns4eu::daemon
