// dns4eu-ctl — the operator's command line for a running dns4eud, through
// its management HTTP API (libcurl):
//   dns4eu-ctl [--server http://127.0.0.1:8053] [--token T | --token-file F] health
//   dns4eu-ctl ... stats            # JSON counters and cache figures
//   dns4eu-ctl ... metrics          # the Prometheus page
//   dns4eu-ctl ... reload           # POST /reload (needs the token)
//   dns4eu-ctl ... flush [NAME]     # POST /cache/flush: NAME and below, or everything
// The token may also come from DNS4EU_TOKEN. Exit status: 0 on HTTP 2xx,
// 1 on an HTTP error (the API's JSON error is printed), 2 on usage or
// connection errors.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <curl/curl.h>
#include <CLI/CLI.hpp>

namespace {

struct Reply {
  long status = 0;
  std::string body;
  std::string error;
};

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string escape(CURL* c, const std::string& s) {
  char* e = curl_easy_escape(c, s.c_str(), static_cast<int>(s.size()));
  std::string out = e ? e : "";
  curl_free(e);
  return out;
}

Reply call(const std::string& method, const std::string& base, const std::string& path, const std::string& query_name,
           const std::string& token) {
  Reply r;
  CURL* c = curl_easy_init();
  if (!c) return {0, "", "cannot initialise libcurl"};
  std::string url = base + path;
  if (!query_name.empty()) url += "?name=" + escape(c, query_name);
  curl_slist* headers = nullptr;
  std::string auth = "Authorization: Bearer " + token;
  if (!token.empty()) headers = curl_slist_append(headers, auth.c_str());
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  if (method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) r.error = std::string(url) + ": " + curl_easy_strerror(rc);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  return r;
}

std::string read_token_file(const std::string& path) {
  std::ifstream in(path);
  std::string t;
  std::getline(in, t);
  while (!t.empty() && (t.back() == '\r' || t.back() == ' ')) t.pop_back();
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dns4eu-ctl — control a running dns4eud through its management API"};
  std::string server = "http://127.0.0.1:8053", token, token_file, name;
  app.add_option("--server,-s", server, "management API base URL")->capture_default_str();
  app.add_option("--token,-t", token, "bearer token (or DNS4EU_TOKEN)");
  app.add_option("--token-file", token_file, "file whose first line is the bearer token");
  app.require_subcommand(1);
  auto* health = app.add_subcommand("health", "is the daemon up");
  auto* stats = app.add_subcommand("stats", "counters and cache figures (JSON)");
  auto* metrics = app.add_subcommand("metrics", "the Prometheus metrics page");
  auto* reload = app.add_subcommand("reload", "re-read the config file (like SIGHUP)");
  auto* flush = app.add_subcommand("flush", "flush the caches: NAME and everything below it, or everything");
  flush->add_option("name", name, "domain name (default: the root, i.e. everything)");
  CLI11_PARSE(app, argc, argv);
  if (token.empty() && !token_file.empty()) token = read_token_file(token_file);
  if (const char* env = std::getenv("DNS4EU_TOKEN"); token.empty() && env) token = env;
  while (!server.empty() && server.back() == '/') server.pop_back();

  curl_global_init(CURL_GLOBAL_DEFAULT);
  Reply r;
  if (health->parsed()) r = call("GET", server, "/health", "", "");
  if (stats->parsed()) r = call("GET", server, "/stats", "", "");
  if (metrics->parsed()) r = call("GET", server, "/metrics", "", "");
  if (reload->parsed()) r = call("POST", server, "/reload", "", token);
  if (flush->parsed()) r = call("POST", server, "/cache/flush", name.empty() ? "." : name, token);
  curl_global_cleanup();
  if (!r.error.empty()) {
    std::fprintf(stderr, "dns4eu-ctl: %s\n", r.error.c_str());
    return 2;
  }
  std::fputs(r.body.c_str(), r.status >= 200 && r.status < 300 ? stdout : stderr);
  return r.status >= 200 && r.status < 300 ? 0 : 1;
}
