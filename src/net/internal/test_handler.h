// internal/test_handler.h — a QueryHandler for the net tests: answers
// synchronously by default, defers names starting with "async"/"slow" and
// keeps their Responders, drops names starting with "drop".
//
//   RecordingHandler h;  ... h.deferred.size() ... h.deferred[0].responder.send(answer);
//
// Thread-safety: used on the listener's thread; tests read it via TestLoop::call.
#pragma once

#include <string>
#include <vector>

#include "net/handler.h"
#include "net/internal/test_util.h"

namespace dns4eu::net::test {

class RecordingHandler : public QueryHandler {
 public:
  struct Deferred {
    std::vector<uint8_t> query;
    Responder responder;
    Request request;  // `query` span inside is dangling; the other fields are kept
  };
  std::vector<Deferred> deferred;
  std::vector<Request> seen;

  Action handle(const Request& req, std::vector<uint8_t>& response) override {
    seen.push_back(req);
    std::string name = qname_of(req.query);
    if (name.rfind("drop", 0) == 0) return Action::kDrop;
    if (name.rfind("async", 0) == 0 || name.rfind("slow", 0) == 0) {
      deferred.push_back({std::vector<uint8_t>(req.query.begin(), req.query.end()), req.defer(), req});
      return Action::kDefer;
    }
    response = make_answer(req.query);
    return Action::kReply;
  }
};

}  // namespace dns4eu::net::test
