// internal/doh_connection.h — one DNS over HTTPS connection (RFC 8484): the
// TLS stream of TcpConnection, speaking HTTP/2 (nghttp2, ALPN "h2") or
// HTTP/1.1 (ALPN "http/1.1" or none).
//
// HTTP/2: every request stream carrying a DoH query becomes one handler
// call; answers go back on their stream in any order. The server advertises
// SETTINGS_MAX_CONCURRENT_STREAMS = tcp.max_in_flight. A protocol error
// closes the connection (counted). HTTP/1.1: one request at a time (the next
// pipelined request is parsed once the answer is queued), keep-alive as the
// client asks. Request semantics (paths, GET/POST, errors 400/404/405/413/
// 415) are doh_request.h's; answers carry Cache-Control max-age from the
// smallest TTL.
//
// Thread-safety: the owning worker's thread (see tcp_listener.h).
#pragma once

#include <nghttp2/nghttp2.h>

#include <string>
#include <unordered_map>

#include "net/internal/tcp_listener.h"

namespace dns4eu::net::internal {

class DohConnection final : public TcpConnection {
 public:
  DohConnection(asio::ip::tcp::socket sock, std::shared_ptr<TcpShared> shared, Endpoint client, Endpoint local,
                std::unique_ptr<TlsSession> tls);
  ~DohConnection() override;

 protected:
  bool on_handshake() override;
  bool handle_input() override;
  void prepare_read() override;
  void answer(uint64_t stream, std::span<const uint8_t> response) override;
  bool can_take_query() const override;
  void on_dropped() override;

 private:
  struct H2Stream {
    std::string method, path, content_type;
    std::vector<uint8_t> body;
    bool too_large = false;
    std::vector<uint8_t> response;  // body being sent
    std::size_t sent = 0;
  };
  friend struct H2Callbacks;

  bool h2_input();
  bool h1_input();
  void h2_flush();
  void h2_request(int32_t id);
  void h2_respond(int32_t id, uint16_t status, std::string_view type, std::vector<uint8_t> body, int64_t max_age);
  // `close`: say "Connection: close" and end the connection after this answer.
  void h1_respond(uint16_t status, std::string_view type, std::span<const uint8_t> body, int64_t max_age,
                  bool close);
  // Skips an oversize body (answered 413) so closing does not reset the answer.
  bool h1_discard();

  nghttp2_session* h2_ = nullptr;
  bool in_recv_ = false;        // inside nghttp2_session_mem_recv: no mem_send there
  std::unordered_map<int32_t, H2Stream> streams_;
  bool h1_busy_ = false;        // HTTP/1.1: a request is waiting for its answer
  bool h1_keep_alive_ = true;
  std::size_t h1_need_ = 0;     // HTTP/1.1: octets the current request needs in rbuf_
  std::size_t h1_discard_ = 0;  // HTTP/1.1: octets of a refused body still to skip
};

}  // namespace dns4eu::net::internal
