// dns4eud — the dns4eu recursive resolver daemon. Runs in the foreground:
//   dns4eud --config FILE        serve; SIGHUP reloads FILE, SIGTERM/SIGINT drain and exit
//   dns4eud --check-config FILE [--check-lists]
//                                validate FILE (and load its lists, tenant networks and client ID files) and exit
//                                (0 valid, 1 invalid)
//   dns4eud --check-list FILE [--format F]   validate one list (or tenant networks) file and exit
//   dns4eud --explain NAME [--from ADDR] [--endpoint LISTENER] [--server-name S] [--doh-path P] --config FILE
//                                what the policy would answer for NAME, and why; sends nothing
//   dns4eud --config FILE --privacy-statement   print what FILE's config keeps, how long and why (RFC 8932 §6)
//   dns4eud --version
#include <csignal>
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "daemon/config.h"
#include "daemon/explain.h"
#include "daemon/list_check.h"
#include "daemon/management_api.h"
#include "daemon/privacy_statement.h"
#include "daemon/server.h"
#include "intel/http_feeds.h"
#include "intel/rpz_feeds.h"

namespace {

using dns4eu::daemon::Config;
using dns4eu::daemon::LogLevel;
using dns4eu::daemon::Server;

constexpr const char* kVersion = "dns4eud 0.1.0";

spdlog::level::level_enum to_spdlog(LogLevel l) {
  switch (l) {
    case LogLevel::kTrace: return spdlog::level::trace;
    case LogLevel::kDebug: return spdlog::level::debug;
    case LogLevel::kInfo: return spdlog::level::info;
    case LogLevel::kWarn: return spdlog::level::warn;
    case LogLevel::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}

void log_config(const Config& c, const Server& s) {
  spdlog::set_level(to_spdlog(c.logging.level));
  for (const auto& w : c.warnings) spdlog::warn("config: {}", w);
  for (const auto& w : s.warnings()) spdlog::warn("policy: {}", w);
  for (const auto& l : s.listeners())
    spdlog::info("listening on {} {}", dns4eu::net::transport_name(l.spec.transport), l.local.to_string());
  for (const auto& u : s.unserved_listeners()) spdlog::warn("listener {} is configured but not served by this version", u);
}

void log_stats(const Server& s) {
  dns4eu::daemon::HandlerStats st;
  s.sum_stats(st);
  spdlog::info("stats: queries={} answer_cache_hits={} rrset_cache_answers={} resolutions={} coalesced={} upstream_queries={} "
               "servfail={} nxdomain={} refused={} formerr={} dropped={} busy={} policy_blocked={} rrset_cache_entries={}",
               st.queries.load(), st.answer_cache_hits.load(), st.rrset_cache_answers.load(), st.resolutions.load(), st.coalesced.load(),
               st.upstream_queries.load(), st.servfail.load(), st.nxdomain.load(), st.refused.load(),
               st.formerr.load(), st.dropped.load(), st.busy.load(), st.policy_blocked.load(), s.caches().rrsets.entries());
}

int check_config(const std::string& path, bool lists) {
  auto cfg = dns4eu::daemon::load_config_file(path);
  if (!cfg) {
    std::fprintf(stderr, "%s\n", cfg.error().message.c_str());
    return 1;
  }
  for (const auto& w : cfg->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (lists) {
    auto report = dns4eu::daemon::check_policy_sources(cfg->policy);
    if (!report) {
      std::fprintf(stderr, "%s: policy: %s\n", path.c_str(), report.error().message.c_str());
      return 1;
    }
    std::fputs(report->c_str(), stdout);
  }
  std::printf("%s: OK\n", path.c_str());
  return 0;
}

int check_list(const std::string& path, const std::string& format) {
  auto report = dns4eu::daemon::check_list_file(path, format);
  if (!report) {
    std::fprintf(stderr, "%s\n", report.error().message.c_str());
    return 1;
  }
  std::fputs(report->c_str(), stdout);
  return 0;
}

int explain(const std::string& path, const std::string& name, const std::string& from, const std::string& endpoint,
            const std::string& server_name, const std::string& doh_path) {
  auto cfg = dns4eu::daemon::load_config_file(path);
  if (!cfg) {
    std::fprintf(stderr, "%s\n", cfg.error().message.c_str());
    return 1;
  }
  auto text = dns4eu::daemon::explain_query(*cfg, name, from, endpoint, server_name, doh_path);
  if (!text) {
    std::fprintf(stderr, "dns4eud --explain: %s\n", text.error().message.c_str());
    return 1;
  }
  std::fputs(text->c_str(), stdout);
  return 0;
}

// Checks the policy's list files every `interval` and reloads changed ones.
void watch_lists(asio::steady_timer& timer, std::chrono::seconds interval, Server& server) {
  if (interval.count() == 0) return;
  timer.expires_after(interval);
  timer.async_wait([&timer, interval, &server](const std::error_code& ec) {
    if (ec) return;
    auto changed = server.reload_changed_lists();
    if (!changed) {
      spdlog::error("list reload refused, keeping the running policy: {}", changed.error().message);
    } else if (*changed) {
      for (const auto& w : server.warnings()) spdlog::warn("policy: {}", w);
      spdlog::info("policy lists reloaded");
    }
    watch_lists(timer, interval, server);
  });
}

void log_feed(dns4eu::intel::LogLevel level, const std::string& m) {
  if (level == dns4eu::intel::LogLevel::kError)
    spdlog::error("{}", m);
  else if (level == dns4eu::intel::LogLevel::kWarn)
    spdlog::warn("{}", m);
  else
    spdlog::info("{}", m);
}

// What a feed calls when it wrote a new version of a list: the changed list
// is reloaded on the control thread, as a changed file would be.
std::function<void(const std::string&)> reload_list_after(asio::io_context& control, Server*& server,
                                                          const char* what) {
  return [&control, &server, what](const std::string& list) {
    asio::post(control, [&server, list, what] {
      if (!server) return;
      auto changed = server->reload_changed_lists();
      if (!changed)
        spdlog::error("list reload refused, keeping the running policy: {}", changed.error().message);
      else if (*changed)
        spdlog::info("policy list {} reloaded after {}", list, what);
    });
  };
}

// The zone-transfer feeds of the config's `xfr:` lists.
std::unique_ptr<dns4eu::intel::XfrFeeds> make_feeds(const Config& cfg, asio::io_context& control, Server*& server) {
  std::vector<dns4eu::intel::FeedSpec> specs;
  for (const auto& x : cfg.policy.xfr)
    for (const auto& l : cfg.policy.spec.lists)
      if (l.name == x.list) specs.push_back({l, x.source});
  return std::make_unique<dns4eu::intel::XfrFeeds>(std::move(specs),
                                                   reload_list_after(control, server, "a zone transfer"), log_feed);
}

// The HTTPS feeds of the config's `fetch:` lists.
std::unique_ptr<dns4eu::intel::HttpFeeds> make_fetches(const Config& cfg, asio::io_context& control, Server*& server) {
  std::vector<dns4eu::intel::FetchFeedSpec> specs;
  for (const auto& x : cfg.policy.fetch)
    for (const auto& l : cfg.policy.spec.lists)
      if (l.name == x.list) specs.push_back({l, x.source});
  return std::make_unique<dns4eu::intel::HttpFeeds>(std::move(specs), reload_list_after(control, server, "a fetch"),
                                                    log_feed);
}

int print_privacy_statement(const std::string& path) {
  auto cfg = dns4eu::daemon::load_config_file(path);
  if (!cfg) {
    std::fprintf(stderr, "%s\n", cfg.error().message.c_str());
    return 1;
  }
  std::fputs(dns4eu::daemon::privacy_statement(*cfg).c_str(), stdout);
  return 0;
}

int serve(const std::string& path) {
  auto cfg = dns4eu::daemon::load_config_file(path);
  if (!cfg) {
    spdlog::error("{}", cfg.error().message);
    return 1;
  }
  spdlog::set_level(to_spdlog(cfg->logging.level));
  asio::io_context control;
  Server* running = nullptr;
  auto feeds = make_feeds(*cfg, control, running);  // writes empty zones for lists not transferred yet
  auto fetches = make_fetches(*cfg, control, running);  // and empty lists for lists not fetched yet
  auto server = Server::create(*cfg);
  if (!server) {
    spdlog::error("{}", server.error().message);
    return 1;
  }
  if (auto s = (*server)->start(); !s) {
    spdlog::error("cannot start: {}", s.error().message);
    return 1;
  }
  log_config(*cfg, **server);
  spdlog::info("{} started with {} workers", kVersion, cfg->effective_workers());
  running = server->get();
  auto hook_feeds = [&server](dns4eu::intel::XfrFeeds* f) {
    (*server)->notify_hook().set(f->specs().empty() ? dns4eu::daemon::NotifyHook::Fn{}
                                                    : [f](const dns4eu::dns::Name& z, const std::string& from) {
                                                        return f->notify(z, from);
                                                      });
  };
  hook_feeds(feeds.get());
  feeds->start();
  fetches->start();
  auto xfr_config = cfg->policy.xfr;
  auto fetch_config = cfg->policy.fetch;
  asio::steady_timer list_timer(control);
  std::chrono::seconds watch_interval = cfg->policy.watch_interval;
  watch_lists(list_timer, watch_interval, **server);
  // SIGHUP and POST /reload: re-read the file; on any error keep the running config.
  auto reload = [&]() -> dns4eu::Status {
    auto next = dns4eu::daemon::load_config_file(path);
    if (!next) return tl::unexpected(next.error());
    if (next->management != (*server)->config().management)
      spdlog::warn("reload: management changes apply at the next start");
    // New feeds first: they write the empty zones that new `xfr:` lists need to load.
    std::unique_ptr<dns4eu::intel::XfrFeeds> fresh;
    bool lists_changed = next->policy.spec.lists != cfg->policy.spec.lists;
    if (next->policy.xfr != xfr_config || lists_changed) fresh = make_feeds(*next, control, running);
    std::unique_ptr<dns4eu::intel::HttpFeeds> fresh_fetches;
    if (next->policy.fetch != fetch_config || lists_changed) fresh_fetches = make_fetches(*next, control, running);
    if (auto s = (*server)->reload(*next); !s) return s;
    log_config(*next, **server);
    if (fresh) {
      hook_feeds(fresh.get());
      feeds = std::move(fresh);  // the old feeds' thread stops here
      feeds->start();
      xfr_config = next->policy.xfr;
    }
    if (fresh_fetches) {
      fetches = std::move(fresh_fetches);  // the old fetches' thread stops here
      fetches->start();
      fetch_config = next->policy.fetch;
    } else {
      fetches->check_now();  // a reload asks every list's URL again
    }
    cfg = next;
    if (next->policy.watch_interval != watch_interval) {
      watch_interval = next->policy.watch_interval;
      list_timer.cancel();
      watch_lists(list_timer, watch_interval, **server);
    }
    return {};
  };
  std::unique_ptr<dns4eu::daemon::ManagementApi> api;
  if (cfg->management) {
    api = std::make_unique<dns4eu::daemon::ManagementApi>(**server, control, [&] {
      spdlog::info("management API: reloading {}", path);
      auto s = reload();
      if (!s) spdlog::error("reload refused, keeping the running config: {}", s.error().message);
      return s;
    });
    // `feeds` is replaced by a reload, which runs on this (control) thread too.
    api->set_feed_status([&feeds, &fetches] {
      std::vector<dns4eu::intel::FeedStatus> all;
      if (feeds) all = feeds->status();
      if (fetches)
        for (auto& f : fetches->status()) all.push_back(std::move(f));
      return all;
    });
    if (auto s = api->start(*cfg->management); !s) {
      spdlog::error("cannot start the management API: {}", s.error().message);
      return 1;
    }
    spdlog::info("management API on {} port {}", cfg->management->address.to_string(), api->port());
  }
  asio::signal_set signals(control, SIGHUP, SIGTERM, SIGINT);
  std::function<void(const std::error_code&, int)> on_signal = [&](const std::error_code& ec, int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      spdlog::info("SIGHUP: reloading {}", path);
      if (auto s = reload(); !s) {
        spdlog::error("reload refused, keeping the running config: {}", s.error().message);
      } else {
        spdlog::info("reload done");
      }
      signals.async_wait(on_signal);
      return;
    }
    spdlog::info("signal {}: draining and exiting", sig);
    list_timer.cancel();
    if (api) api->stop();
    (*server)->notify_hook().set({});
    feeds->stop();
    fetches->stop();
    (*server)->stop(std::chrono::milliseconds(2000));
    log_stats(**server);
  };
  signals.async_wait(on_signal);
  control.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dns4eud — the dns4eu validating recursive resolver"};
  std::string config_path, check_path, explain_name, explain_from, explain_endpoint, explain_sni, explain_path;
  std::string check_list_path, list_format = "domains";
  bool check_lists = false;
  bool privacy = false;
  bool version = false;
  app.add_option("--config,-c", config_path, "YAML config file to serve with");
  app.add_option("--check-config", check_path, "validate a config file and exit");
  app.add_flag("--check-lists", check_lists,
               "with --check-config: also load every policy list, tenant networks file and client ID file, "
               "as a start would");
  app.add_option("--check-list", check_list_path, "validate one list file (see --format) and exit");
  app.add_option("--format", list_format,
                 "with --check-list: domains (default), hosts, adblock, rpz, misp, networks (a tenant networks file) "
                 "or client-ids (a client ID file)");
  app.add_flag("--privacy-statement", privacy,
               "print what the --config file keeps about clients, for how long and why (RFC 8932 section 6), and exit");
  app.add_flag("--version", version, "print the version and exit");
  app.add_option("--explain", explain_name, "print what the policy answers for NAME and why (needs --config), then exit");
  app.add_option("--from", explain_from, "with --explain: the client address (tenants, client-IP rules)");
  app.add_option("--endpoint", explain_endpoint, "with --explain: the listener (address[:port]) or profile reached");
  app.add_option("--server-name", explain_sni, "with --explain: the TLS server name (SNI) the client sent");
  app.add_option("--doh-path", explain_path, "with --explain: the DoH path of that listener the query came by");
  CLI11_PARSE(app, argc, argv);
  spdlog::set_default_logger(spdlog::stderr_logger_mt("dns4eud"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  if (version) {
    std::printf("%s\n", kVersion);
    return 0;
  }
  if (!check_path.empty()) return check_config(check_path, check_lists);
  if (!check_list_path.empty()) return check_list(check_list_path, list_format);
  if (!explain_name.empty()) {
    if (config_path.empty()) {
      std::fprintf(stderr, "dns4eud: --explain needs --config FILE\n");
      return 2;
    }
    return explain(config_path, explain_name, explain_from, explain_endpoint, explain_sni, explain_path);
  }
  if (config_path.empty()) {
    std::fprintf(stderr, "dns4eud: --config FILE is required (or --check-config FILE, --version)\n");
    return 2;
  }
  if (privacy) return print_privacy_statement(config_path);
  return serve(config_path);
}
