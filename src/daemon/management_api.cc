// management_api.cc — see management_api.h.
#include "daemon/management_api.h"

#include <openssl/crypto.h>

#include <asio/co_spawn.hpp>
#include <asio/post.hpp>
#include <nlohmann/json.hpp>

#include "daemon/explain.h"
#include "daemon/lists_status.h"
#include "daemon/metrics_export.h"
#include "daemon/trace.h"

namespace dns4eu::daemon {
namespace {

using nlohmann::json;
using telemetry::HttpRequest;
using telemetry::HttpResponse;

HttpResponse json_response(int status, const json& body) {
  return {status, "application/json", body.dump(2) + "\n", {}};
}
HttpResponse error(int status, std::string_view message) { return json_response(status, {{"error", message}}); }

json explanation_json(const Explanation& e) {
  json j = {{"query", e.query}, {"reached", e.reached}, {"profile", e.profile}, {"chosen_by", e.chosen_by},
            {"filters", e.filters}};
  if (!e.client.empty()) j["client"] = e.client;
  if (e.unknown_client_id) j["unknown_client_id"] = true;
  if (!e.tenant.empty()) j["tenant"] = e.tenant;
  if (!e.filters) return j;
  if (!e.client_rule.empty()) j["client_rule"] = e.client_rule;
  j["verdict"] = e.verdict;
  j["action"] = e.action;
  j["answer"] = e.answer;
  if (e.ede) j["ede"] = {{"code", static_cast<int>(e.ede->code)}, {"text", e.ede->extra_text}};
  j["answer_checked"] = e.answer_checked;
  return j;
}

}  // namespace

ManagementApi::ManagementApi(Server& server, asio::io_context& control, ReloadFn reload)
    : server_(server), control_(control), reload_(std::move(reload)) {}

ManagementApi::~ManagementApi() { stop(); }

Status ManagementApi::start(const ManagementConfig& config) {
  // The HTTP thread hands each request to the control thread, which answers
  // when it can (a trace: when it finished); other requests go on meanwhile.
  http_ = std::make_unique<telemetry::HttpServer>(
      telemetry::HttpServer::AsyncHandler([this](const HttpRequest& req, telemetry::HttpServer::Reply reply) {
        asio::post(control_, [this, req, reply = std::move(reply)] { dispatch(req, reply); });
      }));
  return http_->start(config.address.to_string(), config.port);
}

uint16_t ManagementApi::port() const { return http_ ? http_->port() : 0; }

void ManagementApi::stop() {
  if (http_) http_->stop();
}

void ManagementApi::dispatch(const HttpRequest& req, std::function<void(HttpResponse)> done) {
  if (req.path != "/trace") return done(handle(req));
  if (req.method != "POST") return done(error(405, "use POST"));
  if (auto refused = refuse_unauthorized(req)) return done(std::move(*refused));
  auto type = dns::rrtype_from_text(std::string(req.param("type").value_or("A")));
  if (!type) return done(error(400, "type: unknown record type"));
  std::string text(req.param("name").value_or(""));
  if (text.empty()) return done(error(400, "name: missing"));
  if (text.back() != '.') text += '.';
  auto name = dns::Name::from_text(text);
  if (!name) return done(error(400, "name: " + name.error().message));
  std::string profile(req.param("profile").value_or(""));
  // One trace at a time (each costs real upstream traffic); other calls go on meanwhile.
  if (*trace_busy_) return done(error(429, "a trace is already running; try again when it ends"));
  *trace_busy_ = true;
  // The resolution runs as a coroutine on the control thread; the answer goes out when it ends.
  asio::co_spawn(control_, run_trace(server_.runtime(), *name, *type, profile),
                 [done = std::move(done), busy = trace_busy_](std::exception_ptr e, nlohmann::json j) {
                   *busy = false;
                   if (e) return done(error(500, "the trace failed"));
                   done(json_response(j.contains("error") ? 400 : 200, j));
                 });
}

std::optional<HttpResponse> ManagementApi::refuse_unauthorized(const HttpRequest& req) const {
  if (!server_.config().management || server_.config().management->token.empty())
    return error(403, "state-changing calls are disabled: set management.token in the config");
  if (!authorized(req)) {
    HttpResponse r = error(401, "missing or wrong bearer token");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  return std::nullopt;
}

bool ManagementApi::authorized(const HttpRequest& req) const {
  const std::string& token = server_.config().management->token;
  auto h = req.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!h || h->size() != kBearer.size() + token.size() || h->substr(0, kBearer.size()) != kBearer) return false;
  return CRYPTO_memcmp(h->data() + kBearer.size(), token.data(), token.size()) == 0;
}

HttpResponse ManagementApi::handle(const HttpRequest& req) {
  if (req.method == "GET" || req.method == "HEAD") {
    if (req.path == "/metrics") return {200, "text/plain; version=0.0.4; charset=utf-8", metrics_page(), {}};
    if (req.path == "/stats") return {200, "application/json", stats_json(), {}};
    if (req.path == "/lists") {
      std::vector<intel::FeedStatus> feeds;
      if (feed_status_) feeds = feed_status_();
      return json_response(200, lists_status_json(*server_.runtime(), feeds));
    }
    if (req.path == "/explain") return explain_response(req);
    if (req.path == "/health") {
      auto up = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_);
      return json_response(
          200, {{"status", "ok"}, {"profile", to_string(server_.config().profile)}, {"uptime_seconds", up.count()}});
    }
  }
  if (req.path == "/reload" || req.path == "/cache/flush") {
    if (req.method != "POST") return error(405, "use POST");
    return post(req);
  }
  if (req.path == "/metrics" || req.path == "/stats" || req.path == "/health" || req.path == "/lists" ||
      req.path == "/explain")
    return error(405, "use GET");
  return error(404, "no such endpoint: " + req.path);
}

HttpResponse ManagementApi::post(const HttpRequest& req) {
  if (auto refused = refuse_unauthorized(req)) return std::move(*refused);
  if (req.path == "/reload") {
    if (auto s = reload_(); !s) return error(500, "reload refused, keeping the running config: " + s.error().message);
    return json_response(200, {{"status", "reloaded"}});
  }
  std::string text(req.param("name").value_or("."));
  if (text.empty() || text.back() != '.') text += '.';
  auto name = dns::Name::from_text(text);
  if (!name) return error(400, "name: " + name.error().message);
  std::size_t n = server_.flush_cache(*name);
  return json_response(200, {{"flushed", n}, {"name", name->to_text()}});
}

// GET /explain?name=N[&endpoint=E][&from=ADDR][&server_name=S][&doh_path=P]:
// the running policy snapshot's answer for N (nothing is sent upstream).
HttpResponse ManagementApi::explain_response(const HttpRequest& req) const {
  std::string_view name = req.param("name").value_or("");
  if (name.empty()) return error(400, "name: missing");
  auto rt = server_.runtime();
  std::shared_ptr<const policy::Policy> plain_only;  // no policy configured: every query is plain
  if (!rt->policy) {
    auto built = policy::Policy::build(policy::PolicySpec{}, nullptr, nullptr);
    if (!built) return error(500, built.error().message);
    plain_only = *built;
  }
  ExplainQuery q{name, req.param("from").value_or(""), req.param("endpoint").value_or(""),
                 req.param("server_name").value_or(""), req.param("doh_path").value_or("")};
  auto e = explain(rt->config, rt->policy ? *rt->policy : *plain_only, q);
  if (!e) return error(400, e.error().message);
  return json_response(200, explanation_json(*e));
}

std::string ManagementApi::metrics_page() const {
  std::vector<intel::FeedStatus> feeds;
  if (feed_status_) feeds = feed_status_();
  return render_metrics(server_, feeds);
}
std::string ManagementApi::stats_json() const { return render_stats_json(server_).dump(2) + "\n"; }

}  // namespace dns4eu::daemon
