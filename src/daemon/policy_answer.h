// policy_answer.h — the policy engine in the daemon's query path: which
// profile a query gets (listener flavour, tenant by client network), the
// checks before the caches (client IP, question name) and after resolution
// (every CNAME target, answer addresses for rpz-ip, the zone's NS names for
// rpz-nsdname and their cached addresses for rpz-nsip), and the answer a blocking verdict earns (NXDOMAIN, NODATA,
// sinkhole A/AAAA, REFUSED, drop, TC=1 for tcp-only, RPZ local data), always
// with its Extended DNS Error.
//
// The client-IP check depends on the client, so it runs before the answer
// cache; the QNAME check depends only on (profile, name, policy snapshot),
// so it runs only on an answer-cache miss: an answer is stored only when its
// question passed under the same snapshot (AnswerKey::epoch) and profile.
//
//   uint16_t prof = select_profile(rt, req);          // 0: plain, nothing to check
//   PolicyCheck c = check_client(rt, prof, req, q, response);
//   if (c.action) return *c.action;                   // blocked: response written
//   ... answer-cache lookup under (prof, rt.generation) ...
//   if (!c.passed) c = check_question(rt, prof, req, q, response);
//   if (c.action) return *c.action;
//   if (c.cacheable) caches.answers.insert(...);
//
// Thread-safety: pure functions over an immutable Runtime.
#pragma once

#include <optional>
#include <vector>

#include "daemon/client_query.h"
#include "daemon/runtime.h"
#include "net/handler.h"
#include "policy/policy.h"
#include "resolver/caches.h"
#include "resolver/resolution.h"
#include "telemetry/metrics.h"

namespace dns4eu::daemon {

policy::IpAddr to_policy_ip(const net::Address& a);  // IPv4-mapped IPv6 becomes IPv4

// The profile for this query; 0 (plain) when the runtime has no policy. A
// server name with a client ID nobody configured counts in `metrics` (may be null).
uint16_t select_profile(const Runtime& rt, const net::Request& req, telemetry::WorkerMetrics* metrics = nullptr);

struct PolicyCheck {
  std::optional<net::Action> action;  // set: the query is answered (or dropped) by policy
  bool check_answer = false;          // the answer must still pass check_answer()
  bool passed = false;                // a pass-through / allowlist rule: nothing more to check
  // The answer may go to the answer cache, to be served to every client of
  // the profile without a QNAME check: false after a client-IP pass-through
  // (another client may be blocked) or a tcp-only rule over TCP (a UDP client
  // must get TC=1).
  bool cacheable = true;
  std::size_t list_slot = 0;          // with action: 1 + index of the deciding list (telemetry slot)
  std::size_t logged_slot = 0;        // a list with action `log` matched (a dry run): its telemetry slot
};

// 1 + the index of `list` in the policy's lists (the telemetry list slot), 0 if none.
std::size_t list_slot(const policy::Policy& p, const policy::List* list);

// Client-IP triggers (rpz-client-ip) for a filtering profile: before the answer cache.
PolicyCheck check_client(const Runtime& rt, uint16_t profile, const net::Request& req, const ClientQuery& q,
                         std::vector<uint8_t>& response);

// QNAME triggers for a filtering profile: after an answer-cache miss.
PolicyCheck check_question(const Runtime& rt, uint16_t profile, const net::Request& req, const ClientQuery& q,
                           std::vector<uint8_t>& response);

// The first blocking verdict on `r` for a question `qname`: its CNAME targets
// (a pass-through target passes the rest), A/AAAA addresses (rpz-ip), then the
// NS names of qname's zone in `caches` (rpz-nsdname) and their cached
// addresses (rpz-nsip). Verdict{} when none blocks. Either way `logged` is
// the first list with action `log` (a dry run) that any of those matched.
policy::Verdict answer_policy_verdict(const policy::Policy& p, uint16_t profile, const resolver::Resolution& r,
                                      resolver::Caches& caches, const dns::Name& qname);

// CNAME targets, answer addresses and NS names of `r`. Set: the response was
// written (or the query is to be dropped) — such answers are never cached.
// `slot` (optional) gets the deciding list's telemetry slot, `logged_slot`
// (optional) that of a dry-run list that matched (0: none; such an answer is
// to be reported and not cached, as a block would be).
std::optional<net::Action> check_answer(const Runtime& rt, uint16_t profile, const ClientQuery& q,
                                        net::Transport transport, const resolver::Resolution& r,
                                        resolver::Caches& caches, std::vector<uint8_t>& response,
                                        std::size_t* slot = nullptr, std::size_t* logged_slot = nullptr);

// The response for a blocking verdict; nullopt when the verdict lets the query through.
std::optional<net::Action> answer_verdict(const policy::Verdict& v, const policy::Policy& p, uint16_t profile,
                                          const ClientQuery& q, net::Transport transport,
                                          std::vector<uint8_t>& response);

}  // namespace dns4eu::daemon
