// http_server.h — a small HTTP/1.1 server for the management API: one
// thread of its own (never a worker), one request per connection
// ("Connection: close"), requests read with HttpRequestParser under size
// and time limits, answers built by a handler function.
//
//   HttpServer srv([](const HttpRequest& r) { return HttpResponse{200, "text/plain", "ok\n"}; });
//   if (auto s = srv.start("127.0.0.1", 8053); !s) die(s.error().message);
//   uint16_t port = srv.port();   // the bound port (useful with port 0)
//   srv.stop();
//
// A plain handler runs on the server thread. An AsyncHandler is called there
// too but may answer later, from any thread, through its Reply (e.g. after
// work on another thread): the server keeps serving other connections
// meanwhile, and waits up to 2 minutes for the answer (then 503).
// Thread-safety: start/stop from one control thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dns/result.h"
#include "telemetry/http_request.h"

namespace dns4eu::telemetry {

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// "OK", "Not Found", ... for the status codes the API uses.
const char* reason_phrase(int status);
// The bytes of a complete response (with Content-Length and Connection: close).
std::string serialize(const HttpResponse& r);

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  using Reply = std::function<void(HttpResponse)>;  // call once, from any thread
  using AsyncHandler = std::function<void(const HttpRequest&, Reply)>;
  explicit HttpServer(Handler handler);
  explicit HttpServer(AsyncHandler handler);
  ~HttpServer();  // stop()

  Status start(const std::string& address, uint16_t port);
  uint16_t port() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dns4eu::telemetry
