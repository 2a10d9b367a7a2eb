// observed_handler.cc — see observed_handler.h.
#include "daemon/observed_handler.h"

namespace dns4eu::daemon {
namespace {

using telemetry::AnswerSource;

struct PathCounts {
  uint64_t answer_cache, rrset_cache, local, policy;
  explicit PathCounts(const HandlerStats& s)
      : answer_cache(s.answer_cache_hits.load(std::memory_order_relaxed)),
        rrset_cache(s.rrset_cache_answers.load(std::memory_order_relaxed)),
        local(s.local_answers.load(std::memory_order_relaxed)),
        policy(s.policy_blocked.load(std::memory_order_relaxed)) {}
};

AnswerSource source_of(const PathCounts& before, const PathCounts& after, std::span<const uint8_t> response) {
  if (after.answer_cache != before.answer_cache) return AnswerSource::kAnswerCache;
  if (after.rrset_cache != before.rrset_cache) return AnswerSource::kRRsetCache;
  if (after.local != before.local) return AnswerSource::kLocal;
  unsigned rcode = response.size() >= 4 ? (response[3] & 0x0F) : 0;
  // Refusals, FORMERR/NOTIMP, "busy" SERVFAIL; otherwise a synthesized answer (RFC 8482).
  return rcode == 0 || rcode == 3 ? AnswerSource::kSynthesized : AnswerSource::kError;
}

}  // namespace

net::Action ObservedHandler::handle(const net::Request& req, std::vector<uint8_t>& response) {
  observer_.begin(req);
  PathCounts before(stats_);
  net::Action a = inner_->handle(req, response);
  if (PathCounts after(stats_); after.policy != before.policy) {
    // A policy rule answered (or dropped) it; deferred ones are reported when answered.
    std::span<const uint8_t> answer;
    if (a == net::Action::kReply) answer = response;
    if (a != net::Action::kDefer) observer_.blocked(observer_.current(), answer);
  } else if (a == net::Action::kReply) {
    observer_.answered(observer_.current(), response, source_of(before, PathCounts(stats_), response));
  } else if (a == net::Action::kDrop) {
    observer_.dropped(response.empty() && req.query.size() < 12 ? telemetry::DropReason::kMalformed
                                                                : telemetry::DropReason::kHandler);
  }
  return a;
}

}  // namespace dns4eu::daemon
