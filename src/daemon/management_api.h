// management_api.h — the management HTTP API and the Prometheus page on
// `management.address:port` (JSON answers, nlohmann-json):
//
//   GET  /health                 {"status":"ok",...}
//   GET  /metrics                Prometheus text format 0.0.4
//   GET  /stats                  counters and cache figures as JSON
//   GET  /lists                  every policy list: source, entries, version, last refused update
//   GET  /explain?name=N[&endpoint=E][&from=ADDR][&server_name=S][&doh_path=P]
//                                what the running policy answers N and why (explain.h),
//                                without resolving it; the address given is not kept
//   POST /reload                 re-reads the config file (like SIGHUP)
//   POST /cache/flush[?name=N]   removes N and everything below it (default: all)
//   POST /trace?name=N&type=T[&profile=P]
//                                a fresh resolution (own caches, same budgets), every
//                                upstream exchange, DNSSEC and policy verdicts (trace.h);
//                                one at a time (429 meanwhile), never holding up other calls
//
// POST calls need `Authorization: Bearer <management.token>` (401 without
// it or with a wrong one; 403 when no token is configured). Requests are
// answered on the daemon's control thread (posted there by the HTTP server
// thread), so they never race a reload. Nothing here writes a client address.
//
//   ManagementApi api(server, control_io, [&] { return reload_from_file(); });
//   if (auto s = api.start(*config.management); !s) die(s.error().message);
//
// Thread-safety: construct, start and stop from the control thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include <asio/io_context.hpp>

#include "daemon/config.h"
#include "daemon/server.h"
#include "intel/feed_status.h"
#include "telemetry/http_server.h"

namespace dns4eu::daemon {

class ManagementApi {
 public:
  using ReloadFn = std::function<Status()>;
  ManagementApi(Server& server, asio::io_context& control, ReloadFn reload);
  ~ManagementApi();

  // Where GET /lists learns about zone transfers (called on the control thread).
  using FeedStatusFn = std::function<std::vector<intel::FeedStatus>()>;
  void set_feed_status(FeedStatusFn fn) { feed_status_ = std::move(fn); }

  Status start(const ManagementConfig& config);
  uint16_t port() const;
  void stop();

  // Answers one request on the calling thread (the control thread; tests).
  // Everything but POST /trace.
  telemetry::HttpResponse handle(const telemetry::HttpRequest& req);
  // Any request, on the control thread; `done` is called there, later for a
  // trace (which runs as a coroutine on the control io_context).
  void dispatch(const telemetry::HttpRequest& req, std::function<void(telemetry::HttpResponse)> done);
  std::string metrics_page() const;
  std::string stats_json() const;

 private:
  telemetry::HttpResponse post(const telemetry::HttpRequest& req);
  telemetry::HttpResponse explain_response(const telemetry::HttpRequest& req) const;
  bool authorized(const telemetry::HttpRequest& req) const;
  // 403/401 for a call that needs the token; nullopt when it may proceed.
  std::optional<telemetry::HttpResponse> refuse_unauthorized(const telemetry::HttpRequest& req) const;
  Server& server_;
  asio::io_context& control_;
  ReloadFn reload_;
  FeedStatusFn feed_status_;
  std::shared_ptr<bool> trace_busy_ = std::make_shared<bool>(false);  // control thread only
  std::unique_ptr<telemetry::HttpServer> http_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace dns4eu::daemon
