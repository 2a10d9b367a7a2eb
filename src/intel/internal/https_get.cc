// https_get.cc — see https_get.h.
#include "intel/internal/https_get.h"

#include <curl/curl.h>
#include <strings.h>

#include <memory>
#include <mutex>

#include "intel/internal/curl_url.h"

namespace dns4eu::intel {

std::string url_for_logs(const std::string& url) {
  auto u = internal::parse_url(url);
  if (!u) return "(a URL that does not parse)";
  // Keep scheme, host, port and path: user info and the query may hold a key.
  for (CURLUPart part : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_QUERY, CURLUPART_FRAGMENT})
    curl_url_set(u->get(), part, nullptr, 0);
  return internal::url_part(u->get(), CURLUPART_URL).value_or("(a URL that does not parse)");
}

std::optional<std::string> url_scheme(const std::string& url) {
  auto u = internal::parse_url(url);
  if (!u || !internal::url_part(u->get(), CURLUPART_HOST)) return std::nullopt;
  return internal::url_part(u->get(), CURLUPART_SCHEME);
}

namespace internal {

std::optional<CurlUrl> parse_url(const std::string& url) {
  CurlUrl u(curl_url(), curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return std::nullopt;
  return u;
}

std::optional<std::string> url_part(CURLU* u, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(u, part, &text, 0) != CURLUE_OK || !text) return std::nullopt;
  std::string out = text;
  curl_free(text);
  return out;
}

}  // namespace internal

namespace internal {
namespace {

struct Sink {
  std::string body;
  uint64_t max = 0;
  bool too_big = false;
  const std::atomic<bool>* stop = nullptr;
};

size_t on_body(char* data, size_t, size_t n, void* user) {
  auto* s = static_cast<Sink*>(user);
  if (s->body.size() + n > s->max) {
    s->too_big = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  s->body.append(data, n);
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Sink*>(user)->stop->load(std::memory_order_relaxed) ? 1 : 0;
}

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

void init_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpsClient::HttpsClient() {
  init_curl();
  handle_ = curl_easy_init();
}

HttpsClient::~HttpsClient() {
  if (handle_) curl_easy_cleanup(static_cast<CURL*>(handle_));
}

Result<HttpsResponse> https_get(const FetchSource& source, const Validators& held, const std::atomic<bool>& stop) {
  return HttpsClient().get(source, held, stop);
}

Result<HttpsResponse> HttpsClient::get(const FetchSource& source, const Validators& held,
                                       const std::atomic<bool>& stop) {
  const std::string where = url_for_logs(source.url);
  if (!handle_) return fail(ErrorCode::kIo, where + ": cannot create a libcurl handle");
  CURL* c = static_cast<CURL*>(handle_);
  curl_easy_reset(c);  // the options of the last request go; its connection stays
  Sink sink{{}, source.max_size, false, &stop};
  char error[CURL_ERROR_SIZE] = {};
  curl_slist* list = nullptr;
  auto add_header = [&list](const std::string& line) {
    if (curl_slist* l = curl_slist_append(list, line.c_str())) list = l;
  };
  for (const auto& [name, value] : source.headers) add_header(name + ": " + value);
  if (!held.etag.empty() && source.body.empty()) add_header("If-None-Match: " + held.etag);
  std::unique_ptr<curl_slist, SlistDeleter> headers(list);
  curl_easy_setopt(c, CURLOPT_URL, source.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,file");  // file: local mirrors in tests
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_USERAGENT, "dns4eu");
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(source.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &sink);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(source.max_size));
  curl_easy_setopt(c, CURLOPT_FILETIME, 1L);
  if (!source.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, source.ca_file.c_str());
  if (!source.body.empty()) {  // a search: its answer has no validators to send back
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, source.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(source.body.size()));
  } else if (held.modified_unix > 0) {
    curl_easy_setopt(c, CURLOPT_TIMECONDITION, static_cast<long>(CURL_TIMECOND_IFMODSINCE));
    curl_easy_setopt(c, CURLOPT_TIMEVALUE_LARGE, static_cast<curl_off_t>(held.modified_unix));
  }
  CURLcode rc = curl_easy_perform(c);
  if (sink.too_big || rc == CURLE_FILESIZE_EXCEEDED)
    return fail(ErrorCode::kIo, where + ": larger than max_size (" + std::to_string(source.max_size) + " octets)");
  if (rc == CURLE_ABORTED_BY_CALLBACK) return fail(ErrorCode::kIo, where + ": stopped");
  if (rc != CURLE_OK)
    return fail(ErrorCode::kIo, where + ": " + (error[0] ? std::string(error) : std::string(curl_easy_strerror(rc))));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  HttpsResponse r;
  // A time condition that was not met: a 304, or (file:) no body at all.
  long unmet = 0;
  curl_easy_getinfo(c, CURLINFO_CONDITION_UNMET, &unmet);
  if (status == 304 || unmet) {
    r.not_modified = true;
    return r;
  }
  bool file = strncasecmp(source.url.c_str(), "file:", 5) == 0;  // no status
  if (!file && status != 200) return fail(ErrorCode::kIo, where + ": HTTP " + std::to_string(status) + ", not 200");
  // A feed server with a full disk serves an empty file: that never empties
  // a list (a list that is really empty still holds a comment, a SOA or "[]").
  if (sink.body.empty()) return fail(ErrorCode::kMalformed, where + ": an empty body, refused");
  r.body = std::move(sink.body);
  curl_off_t modified = -1;
  if (curl_easy_getinfo(c, CURLINFO_FILETIME_T, &modified) == CURLE_OK && modified > 0)
    r.validators.modified_unix = modified;
  curl_header* etag = nullptr;
  if (curl_easy_header(c, "ETag", 0, CURLH_HEADER, -1, &etag) == CURLHE_OK && etag && etag->value)
    r.validators.etag = etag->value;
  return r;
}

}  // namespace internal
}  // namespace dns4eu::intel
