// rpz_feeds.h — keeps RPZ lists fed by zone transfer: one control thread per
// daemon checks each zone's SOA serial on the SOA refresh/retry timers
// (clamped to the configured bounds, RFC 1982 serials), transfers it by IXFR
// (AXFR the first time and on any inconsistency) on a newer serial or a
// NOTIFY (RFC 1996) from one of its primaries, checks the new version with
// the policy's RPZ parser and writes it to the list's file (atomically, by
// rename). The daemon then reloads the changed list the way it reloads a
// changed file: a new policy snapshot published to every worker. A transfer
// that fails (truncated, bad TSIG, bad record) is refused with its reason
// and the file, hence the served list, stays at the previous version.
//
//   XfrFeeds feeds(specs, [&](std::string list) { post_reload(); }, log);
//   feeds.start();                                          // placeholder files written by the constructor
//   dns::Rcode rc = feeds.notify(zone, client_address);     // from a worker: never blocks
//
// Thread-safety: notify() may be called from any thread; the rest from the owner.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dns/name.h"
#include "dns/types.h"
#include "intel/feed_status.h"
#include "intel/internal/feed_scheduler.h"
#include "intel/tsig.h"
#include "intel/xfr_client.h"
#include "intel/zone.h"
#include "policy/list_parser.h"

namespace dns4eu::intel {

struct FeedSpec {
  policy::ListSpec list;  // format rpz; list.path is where the zone is written
  XfrSource source;
};

class XfrFeeds {
 public:
  // Writes an empty RPZ zone (SOA only) to every list file that does not exist yet,
  // so the first policy build finds one.
  XfrFeeds(std::vector<FeedSpec> feeds, std::function<void(const std::string& list)> on_update, FeedLog log);
  ~XfrFeeds();
  void start();
  void stop();
  // A NOTIFY for `zone` from `from` (address text): kNoError (a check is
  // scheduled), kRefused (not one of the zone's primaries, or not a primary
  // at all) or kNotAuth (no such zone, asked by a primary of another zone).
  dns::Rcode notify(const dns::Name& zone, const std::string& from);
  const std::vector<FeedSpec>& specs() const { return specs_; }

  // Per feed, for the management API (kind kXfr): the last refused update
  // (time and reasons, one per primary tried), kept until a newer version is
  // published or a primary shows nothing newer.
  using FeedStatus = intel::FeedStatus;
  std::vector<FeedStatus> status() const;  // any thread

 private:
  struct State {
    std::optional<Zone> zone;
    bool notified = false;
    int64_t last_error_unix = 0;
    std::string last_error;
    int64_t last_success_unix = 0;
  };
  void refresh(std::size_t i);
  Status publish(std::size_t i, const Zone& z);
  std::vector<FeedSpec> specs_;
  std::vector<State> state_;
  std::function<void(const std::string&)> on_update_;
  FeedLog log_;
  mutable std::mutex mu_;  // guards state_
  internal::FeedScheduler scheduler_{specs_.size()};
};

// The empty RPZ zone written before the first transfer.
std::string placeholder_zone(const dns::Name& zone);

}  // namespace dns4eu::intel
