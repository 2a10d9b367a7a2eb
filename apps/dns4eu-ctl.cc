// dns4eu-ctl — the operator's command line for a running dns4eud, through
// its management HTTP API (libcurl):
//   dns4eu-ctl [--server http://127.0.0.1:8053] [--token T | --token-file F] health
//   dns4eu-ctl ... stats            # JSON counters and cache figures
//   dns4eu-ctl ... metrics          # the Prometheus page
//   dns4eu-ctl ... reload           # POST /reload (needs the token)
//   dns4eu-ctl ... flush [NAME]     # POST /cache/flush: NAME and below, or everything
//   dns4eu-ctl ... lists [--json]   # GET /lists: every policy list, its entries and version; tenants, client ID files
//   dns4eu-ctl ... explain NAME [--endpoint E] [--from ADDR] [--server-name S] [--doh-path P] [--json]
//                                   # GET /explain: what the running policy answers NAME, and why
//   dns4eu-ctl ... trace NAME TYPE [--profile P] [--json]
//                                   # POST /trace: a fresh resolution, step by step (needs the token)
// The token may also come from DNS4EU_TOKEN. Exit status: 0 on HTTP 2xx,
// 1 on an HTTP error (the API's JSON error is printed), 2 on usage or
// connection errors.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <curl/curl.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

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

using Params = std::vector<std::pair<std::string, std::string>>;

Reply call(const std::string& method, const std::string& base, const std::string& path, const Params& params,
           const std::string& token) {
  Reply r;
  CURL* c = curl_easy_init();
  if (!c) return {0, "", "cannot initialise libcurl"};
  std::string url = base + path;
  for (std::size_t i = 0; i < params.size(); ++i)
    url += (i ? "&" : "?") + params[i].first + "=" + escape(c, params[i].second);
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

std::string cell(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return "-";
  if (j[key].is_array()) {  // ["NS","RRSIG"] -> "NS,RRSIG"
    std::string out;
    for (const auto& e : j[key]) out += (out.empty() ? "" : ",") + (e.is_string() ? e.get<std::string>() : e.dump());
    return out;
  }
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

// Rows of cells as columns two spaces apart; the first row is the header.
void print_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(rows.empty() ? 0 : rows[0].size(), 0);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    std::printf("%s\n", line.c_str());
  }
}

// GET /lists as a table of lists, then (when there are any) tables of tenants and client ID files.
void print_lists(const nlohmann::json& body) {
  const char* cols[] = {"name",    "category", "format",          "source",     "entries",
                        "version", "loaded",   "last_error_time", "last_error", "used_by"};
  std::vector<std::vector<std::string>> rows;
  rows.emplace_back(std::begin(cols), std::end(cols));
  for (const auto& l : body.value("lists", nlohmann::json::array())) {
    std::vector<std::string> row;
    for (const char* c : cols) row.push_back(cell(l, c));
    if (row[3] == "xfr" && l.contains("zone")) row[3] = "xfr " + l["zone"].get<std::string>();
    if (row[3] == "fetch" && l.contains("url")) row[3] = "fetch " + l["url"].get<std::string>();
    std::string used;  // "protective:given trial:log"
    for (const auto& u : l.value("used_by", nlohmann::json::array()))
      used += (used.empty() ? "" : " ") + cell(u, "profile") + ":" + cell(u, "action");
    row.back() = used.empty() ? "-" : used;
    rows.push_back(std::move(row));
  }
  print_table(rows);
  // Tenants, then client ID files: a header row (its first cell names the
  // JSON key `first_key`), then one row per entry, when there are any.
  auto section = [&](const char* array, std::vector<const char*> cols, const char* first_key) {
    auto entries = body.value(array, nlohmann::json::array());
    if (entries.empty()) return;
    std::vector<std::vector<std::string>> t;
    t.emplace_back(cols.begin(), cols.end());
    for (const auto& e : entries) {
      std::vector<std::string> row{cell(e, first_key)};
      for (std::size_t i = 1; i < cols.size(); ++i) row.push_back(cell(e, cols[i]));
      t.push_back(std::move(row));
    }
    std::printf("\n");
    print_table(t);
  };
  section("tenants", {"tenant", "profile", "networks", "networks_file", "loaded", "last_error_time", "last_error"},
          "name");
  section("client_id_files", {"domain", "ids", "file", "loaded", "last_error_time", "last_error"}, "domain");
}

// GET /explain as the lines of `dns4eud --explain`.
void print_explain(const nlohmann::json& e) {
  std::printf("query:    %s%s at %s\n", cell(e, "query").c_str(),
              e.contains("client") ? (" from " + cell(e, "client")).c_str() : "", cell(e, "reached").c_str());
  std::string by = cell(e, "chosen_by");
  if (e.contains("tenant")) by += " " + cell(e, "tenant");
  if (e.value("unknown_client_id", false)) by += "; the server name's client ID is not configured";
  std::printf("profile:  %s (chosen by: %s)\n", cell(e, "profile").c_str(), by.c_str());
  if (!e.value("filters", false)) {
    std::printf("verdict:  no filtering in this profile\nanswer:   resolved normally\n");
    return;
  }
  if (e.contains("client_rule")) std::printf("client:   %s\n", cell(e, "client_rule").c_str());
  std::printf("verdict:  %s\n", cell(e, "verdict").c_str());
  std::string answer = cell(e, "answer");
  if (e.contains("ede")) answer += ", EDE " + cell(e["ede"], "code") + " \"" + cell(e["ede"], "text") + "\"";
  std::printf("answer:   %s\n", answer.c_str());
  if (e.value("answer_checked", false))
    std::printf("then:     the answer's CNAME targets and addresses are checked too\n");
}

// POST /trace as one line per step, then the outcome.
void print_trace(const nlohmann::json& t) {
  std::printf("trace %s %s (profile %s)\n", cell(t, "name").c_str(), cell(t, "type").c_str(), cell(t, "profile").c_str());
  for (const auto& s : t.value("steps", nlohmann::json::array())) {
    std::string line = "  " + cell(s, "server") + " " + cell(s, "question") + " " + cell(s, "transport");
    if (s.value("timeout", false)) {
      line += " TIMEOUT";
    } else if (s.contains("error")) {
      line += " ERROR " + cell(s, "error");
    } else {
      line += " -> " + cell(s, "rcode") + " " + cell(s, "flags");
      if (s.contains("referral")) line += " referral to " + cell(s, "referral");
      if (s.contains("answer_types")) line += " answer [" + cell(s, "answer_types") + "]";
      if (s.contains("authority_types")) line += " authority [" + cell(s, "authority_types") + "]";
    }
    line += " " + cell(s, "rtt_ms") + " ms";
    std::printf("%s\n", line.c_str());
  }
  std::printf("result: %s", cell(t, "rcode").c_str());
  if (t.contains("error")) std::printf(" (%s)", cell(t, "error").c_str());
  std::printf("\nsecurity: %s", cell(t, "security").c_str());
  if (t.contains("ede")) std::printf(" (EDE %s)", t["ede"].dump().c_str());
  std::printf("\n");
  for (const auto& a : t.value("answer", nlohmann::json::array())) std::printf("  %s\n", a.get<std::string>().c_str());
  for (const auto& p : t.value("policy", nlohmann::json::array()))
    std::printf("policy %s: %s\n", cell(p, "name").c_str(), cell(p, "verdict").c_str());
  if (t.contains("answer_policy") && t["answer_policy"].value("blocked", false))
    std::printf("policy answer: %s\n", cell(t["answer_policy"], "verdict").c_str());
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
  bool as_json = false;
  auto* lists = app.add_subcommand(
      "lists", "the policy lists (source, entries, version, last error), tenants and client ID files");
  lists->add_flag("--json", as_json, "print the API's JSON");
  std::string explain_name, endpoint, from, server_name, doh_path;
  auto* explain = app.add_subcommand("explain", "what the running policy answers NAME, and why (nothing is sent)");
  explain->add_option("name", explain_name, "domain name")->required();
  explain->add_option("--endpoint,-e", endpoint,
                      "a listener address[:port] or a profile (default: the first listener)");
  explain->add_option("--from,-f", from, "the client address (tenants, rpz-client-ip)");
  explain->add_option("--server-name", server_name, "the TLS server name (SNI) the client sent");
  explain->add_option("--doh-path", doh_path, "the DoH path the query came by");
  explain->add_flag("--json", as_json, "print the API's JSON");
  std::string trace_name, trace_type = "A", profile;
  auto* trace = app.add_subcommand("trace", "resolve NAME TYPE afresh (no shared cache) and show every step");
  trace->add_option("name", trace_name, "domain name")->required();
  trace->add_option("type", trace_type, "record type (default A)");
  trace->add_option("--profile,-p", profile, "policy profile for the verdict (default: the first filtering one)");
  trace->add_flag("--json", as_json, "print the API's JSON");
  CLI11_PARSE(app, argc, argv);
  if (token.empty() && !token_file.empty()) token = read_token_file(token_file);
  if (const char* env = std::getenv("DNS4EU_TOKEN"); token.empty() && env) token = env;
  while (!server.empty() && server.back() == '/') server.pop_back();

  curl_global_init(CURL_GLOBAL_DEFAULT);
  Reply r;
  if (health->parsed()) r = call("GET", server, "/health", {}, "");
  if (stats->parsed()) r = call("GET", server, "/stats", {}, "");
  if (metrics->parsed()) r = call("GET", server, "/metrics", {}, "");
  if (reload->parsed()) r = call("POST", server, "/reload", {}, token);
  if (flush->parsed()) r = call("POST", server, "/cache/flush", {{"name", name.empty() ? "." : name}}, token);
  if (lists->parsed()) r = call("GET", server, "/lists", {}, "");
  if (explain->parsed()) {
    Params p{{"name", explain_name}};
    for (const auto& [k, v] : {std::pair<const char*, const std::string&>{"endpoint", endpoint}, {"from", from},
                               {"server_name", server_name}, {"doh_path", doh_path}})
      if (!v.empty()) p.emplace_back(k, v);
    r = call("GET", server, "/explain", p, "");
  }
  if (trace->parsed()) {
    Params p{{"name", trace_name}, {"type", trace_type}};
    if (!profile.empty()) p.emplace_back("profile", profile);
    r = call("POST", server, "/trace", p, token);
  }
  curl_global_cleanup();
  if (!r.error.empty()) {
    std::fprintf(stderr, "dns4eu-ctl: %s\n", r.error.c_str());
    return 2;
  }
  bool ok = r.status >= 200 && r.status < 300;
  if (ok && !as_json && (lists->parsed() || trace->parsed() || explain->parsed())) {
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    if (body.is_discarded()) {
      std::fprintf(stderr, "dns4eu-ctl: the API's answer is not JSON\n");
      return 2;
    }
    if (lists->parsed()) print_lists(body);
    else if (explain->parsed()) print_explain(body);
    else print_trace(body);
    return 0;
  }
  std::fputs(r.body.c_str(), ok ? stdout : stderr);
  return ok ? 0 : 1;
}
