// curl_url.h — URLs read and rewritten with libcurl's URL API, never by
// hand: parse one, read a part. Shared by the fetches (messages without
// secrets, a MISP feed's event URLs) and the config's check of `fetch.url`.
//
//   if (auto u = parse_url(text)) auto path = url_part(u->get(), CURLUPART_PATH);
//
// Thread-safety: reentrant.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>

namespace dns4eu::intel::internal {

using CurlUrl = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

// nullopt when libcurl cannot parse `url` (any scheme accepted).
std::optional<CurlUrl> parse_url(const std::string& url);
// nullopt when the part is absent.
std::optional<std::string> url_part(CURLU* u, CURLUPart part);

}  // namespace dns4eu::intel::internal
