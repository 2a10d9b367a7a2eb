// notify.h — NOTIFY (RFC 1996) for the RPZ zones the daemon transfers: a
// worker hands the zone and the sender's address to the hook (the zone
// feeds, set by the app) and answers with the hook's verdict: NOERROR (a
// transfer check is scheduled), REFUSED (the sender is not a primary of the
// zone) or NOTAUTH (no such zone). With no hook set, NOTIFY stays NOTIMP.
//
//   server.notify_hook().set([&](const dns::Name& zone, const std::string& from) { return feeds.notify(zone, from); });
//
// Thread-safety: set() from the control thread, handle() from any worker.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dns/message.h"
#include "dns/types.h"
#include "net/handler.h"

namespace dns4eu::daemon {

class NotifyHook {
 public:
  using Fn = std::function<dns::Rcode(const dns::Name& zone, const std::string& from)>;
  void set(Fn fn) {
    std::lock_guard lock(mu_);
    fn_ = std::move(fn);
  }
  // nullopt when no hook is set.
  std::optional<dns::Rcode> handle(const dns::Name& zone, const std::string& from) const {
    std::lock_guard lock(mu_);
    if (!fn_) return std::nullopt;
    return fn_(zone, from);
  }

 private:
  mutable std::mutex mu_;
  Fn fn_;
};

// The answer to a NOTIFY message; nullopt when no hook is set (the caller answers as before).
std::optional<net::Action> answer_notify(const dns::MessageView& msg, const net::Request& req, const NotifyHook& hook,
                                         std::vector<uint8_t>& response);

}  // namespace dns4eu::daemon
