// fetch_source.h — where a list fetched over HTTPS comes from: its URL,
// request headers (an API key), a query to POST, the CAs to trust and its
// timers and size bound (the `fetch:` key of a policy list; config values, no behaviour).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dns4eu::intel {

struct FetchSource {
  std::string url;                                           // https://host[:port]/path[?query]
  std::vector<std::pair<std::string, std::string>> headers;  // sent with every request; never logged
  std::string ca_file;                                       // PEM CAs to trust; empty: the system's
  std::chrono::seconds interval{3600};                       // between checks of a list that is current
  std::chrono::seconds retry{60};                            // first wait after a failure, doubling up to interval
  std::chrono::seconds timeout{120};                         // one request, connection included
  uint64_t max_size = uint64_t{1} << 30;                     // a bigger body is refused
  std::string body;  // not empty: POST it (a MISP restSearch query) instead of a conditional GET
  friend bool operator==(const FetchSource&, const FetchSource&) = default;
};

// The URL without its query and user info, for logs and the API (a query may
// carry an API key): "https://feeds.example/malware.txt".
std::string url_for_logs(const std::string& url);
// The URL's scheme in lower case ("https"); nullopt when it is no URL with a host.
std::optional<std::string> url_scheme(const std::string& url);

}  // namespace dns4eu::intel
