// https_get.h — one conditional GET of a list's URL with libcurl (or a
// POST of the source's body, a search, without conditions): the source's
// headers and CAs, If-None-Match / If-Modified-Since from the version held,
// redirects followed over HTTPS only, compressed bodies accepted and the body
// bounded by max_size (after decompression). Blocking; `stop` aborts it.
//
//   auto r = https_get(source, {.etag = "\"v7\"", .modified_unix = 1764400000}, stopping);
//   if (!r) log(r.error().message);     // "https://feeds.example/c2.txt: HTTP 503"
//   else if (r->not_modified) ...       // 304: the version held is current
//
// Thread-safety: https_get is reentrant; an HttpsClient serves one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "dns/result.h"
#include "intel/fetch_source.h"

namespace dns4eu::intel::internal {

struct Validators {  // of the version held; empty / 0: none
  std::string etag;
  int64_t modified_unix = 0;
};

struct HttpsResponse {
  bool not_modified = false;  // 304
  std::string body;           // 200: the new version
  Validators validators;      // of the body (ETag, Last-Modified), when the server sent them
};

// A libcurl handle kept across requests, so that requests to one server (a
// MISP feed's manifest and events) share its connection and TLS session.
class HttpsClient {
 public:
  HttpsClient();
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;
  Result<HttpsResponse> get(const FetchSource& source, const Validators& held, const std::atomic<bool>& stop);

 private:
  void* handle_;  // CURL*
};

// One request on a handle of its own.
Result<HttpsResponse> https_get(const FetchSource& source, const Validators& held, const std::atomic<bool>& stop);

// Makes libcurl ready for threads; call before any thread uses https_get (idempotent).
void init_curl();

}  // namespace dns4eu::intel::internal
