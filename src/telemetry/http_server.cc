// http_server.cc — see http_server.h.
#include "telemetry/http_server.h"

#include <array>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

namespace dns4eu::telemetry {
namespace {

using asio::ip::tcp;
constexpr auto kRequestTimeout = std::chrono::seconds(5);   // to read a request, and to write its answer
constexpr auto kAnswerTimeout = std::chrono::seconds(120);  // for the handler's answer (a trace)

HttpResponse error_response(int status, const std::string& message) {
  return HttpResponse{status, "application/json", "{\"error\":\"" + message + "\"}\n", {}};
}

}  // namespace

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

std::string serialize(const HttpResponse& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason_phrase(r.status) + "\r\n";
  out += "Content-Type: " + r.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  for (const auto& [k, v] : r.headers) out += k + ": " + v + "\r\n";
  out += "Connection: close\r\n\r\n";
  out += r.body;
  return out;
}

// Lets a reply from another thread reach the server thread, or be dropped
// once the server stopped (its io_context may be gone by then).
struct ReplyGate {
  std::mutex mu;
  bool open = true;
};

// A request waiting for its answer: `wake` is cancelled when it arrives.
struct PendingAnswer {
  explicit PendingAnswer(asio::io_context& io) : wake(io, kAnswerTimeout) {}
  asio::steady_timer wake;
  std::optional<HttpResponse> response;
};

struct HttpServer::Impl {
  AsyncHandler handler;
  std::shared_ptr<ReplyGate> gate = std::make_shared<ReplyGate>();
  asio::io_context io{1};
  std::unique_ptr<tcp::acceptor> acceptor;
  std::thread thread;

  asio::awaitable<void> serve(tcp::socket socket);
  asio::awaitable<void> accept_loop();
};

asio::awaitable<void> HttpServer::Impl::serve(tcp::socket socket) {
  asio::steady_timer deadline(io, kRequestTimeout);
  deadline.async_wait([&socket](const std::error_code& ec) {
    if (!ec) socket.close();
  });
  HttpRequestParser parser;
  std::array<uint8_t, 4096> buf;
  HttpResponse response;
  for (;;) {
    std::error_code ec;
    std::size_t n = co_await socket.async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;  // closed, reset, or the deadline fired
    auto done = parser.feed(std::span<const uint8_t>(buf.data(), n));
    if (!done) {
      response = error_response(400, done.error().message);
      break;
    }
    if (*done) {
      // The answer may come later and from another thread (a trace): the
      // coroutine waits, other connections are served meanwhile.
      deadline.cancel();
      auto pending = std::make_shared<PendingAnswer>(io);
      std::weak_ptr<PendingAnswer> weak = pending;
      handler(parser.request(), [gate = gate, weak, executor = io.get_executor()](HttpResponse r) {
        std::lock_guard lock(gate->mu);
        if (!gate->open) return;
        asio::post(executor, [weak, r = std::move(r)]() mutable {
          if (auto p = weak.lock()) {
            p->response = std::move(r);
            p->wake.cancel();
          }
        });
      });
      std::error_code ignored;
      co_await pending->wake.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      response =
          pending->response ? std::move(*pending->response) : error_response(503, "no answer from the daemon in time");
      deadline.expires_after(kRequestTimeout);
      deadline.async_wait([&socket](const std::error_code& ec) {
        if (!ec) socket.close();
      });
      break;
    }
  }
  std::string bytes = serialize(response);
  std::error_code ignored;
  co_await asio::async_write(socket, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ignored));
  deadline.cancel();
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> HttpServer::Impl::accept_loop() {
  for (;;) {
    std::error_code ec;
    tcp::socket socket = co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) continue;  // e.g. EMFILE: try again with the next client
    asio::co_spawn(io, serve(std::move(socket)), asio::detached);
  }
}

HttpServer::HttpServer(Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->handler = [handler = std::move(handler)](const HttpRequest& req, Reply reply) { reply(handler(req)); };
}
HttpServer::HttpServer(AsyncHandler handler) : impl_(std::make_unique<Impl>()) { impl_->handler = std::move(handler); }
HttpServer::~HttpServer() { stop(); }

Status HttpServer::start(const std::string& address, uint16_t port) {
  std::error_code ec;
  auto addr = asio::ip::make_address(address, ec);
  if (ec) return fail(ErrorCode::kInvalidArgument, "management address " + address + ": " + ec.message());
  tcp::endpoint ep(addr, port);
  auto acc = std::make_unique<tcp::acceptor>(impl_->io);
  if (acc->open(ep.protocol(), ec); !ec) acc->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acc->bind(ep, ec);
  if (!ec) acc->listen(64, ec);
  if (ec)
    return fail(ErrorCode::kIo, "management API on " + address + " port " + std::to_string(port) + ": " + ec.message());
  impl_->acceptor = std::move(acc);
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  impl_->thread = std::thread([this] { impl_->io.run(); });
  return {};
}

uint16_t HttpServer::port() const {
  std::error_code ec;
  return impl_->acceptor ? impl_->acceptor->local_endpoint(ec).port() : 0;
}

void HttpServer::stop() {
  {
    std::lock_guard lock(impl_->gate->mu);
    impl_->gate->open = false;  // late replies are dropped from now on
  }
  if (!impl_->thread.joinable()) return;
  impl_->io.stop();
  impl_->thread.join();
  impl_->acceptor.reset();
}

}  // namespace dns4eu::telemetry
