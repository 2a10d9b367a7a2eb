// internal/doq_connection.h — one DNS over QUIC connection (RFC 9250): an
// ngtcp2 server connection with its GnuTLS session, the streams it carries
// and the queries in flight on them (see doq_listener.h for the protocol).
//
// Events come from the listener (a datagram for one of our connection IDs),
// from the connection's timer (ngtcp2 expiry: loss recovery, idle, handshake
// timeout) and from Responders (a deferred answer). After each, everything
// ngtcp2 wants to send is written to the listener's socket at once.
// Answers stay in their stream until ngtcp2 reports the stream closed (it
// does not copy stream data).
//
// Thread-safety: the owning worker's thread only.
#pragma once

#include <gnutls/gnutls.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <sys/socket.h>

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio/steady_timer.hpp>

#include "net/internal/doq_listener.h"
#include "net/internal/reply_channel.h"
#include "net/internal/tls_session.h"

namespace dns4eu::net::internal {

class DoqConnection final : public ReplyChannel {
 public:
  DoqConnection(std::shared_ptr<DoqShared> shared, asio::any_io_executor ex, Endpoint client);
  ~DoqConnection() override;
  // Sets up ngtcp2 and TLS for the client's first packet; registers our
  // connection ID. False: refused (counted), the caller drops it.
  bool init(const ngtcp2_pkt_hd& hd, const asio::ip::udp::endpoint& from);
  void on_datagram(const uint8_t* data, std::size_t n);
  // Closes now (no CONNECTION_CLOSE), unregisters every connection ID.
  void close();
  // The connection holds a slot of spec.tcp.per_client, released at close().
  void hold_client_slot() { holds_client_slot_ = true; }

  bool is_open() const override { return !closed_; }
  bool deliver(const PendingReply& p, std::span<const uint8_t> response) override;
  void on_deferred() override;
  void on_released(bool sent) override;
  void on_client_gone() override { shared_->counters.inc(ListenerStat::kAsyncClientGone); }

 private:
  struct Stream {
    std::vector<uint8_t> in;   // length-prefixed query as received
    std::vector<uint8_t> out;  // length-prefixed answer (kept until the stream closes)
    std::size_t sent = 0;
    bool answered = false;
  };
  friend struct DoqCallbacks;

  void on_stream_data(int64_t id, const uint8_t* data, std::size_t n, bool fin);
  void handle_stream(int64_t id);
  void queue_answer(int64_t id, std::span<const uint8_t> response);
  void flush();              // writes every packet ngtcp2 has, then rearms the timer
  void fail(int liberr);     // CONNECTION_CLOSE for a library error, then close()
  void close_with_app_error(uint64_t code);
  void send_close(const ngtcp2_connection_close_error& ccerr);
  void arm_timer();
  void send(const uint8_t* data, std::size_t n);
  void register_cid(const ngtcp2_cid& cid);
  void unregister_cid(const ngtcp2_cid& cid);
  ngtcp2_path path();

  std::shared_ptr<DoqShared> shared_;
  Endpoint client_;
  asio::ip::udp::endpoint remote_;
  sockaddr_storage local_sa_{}, remote_sa_{};
  socklen_t local_len_ = 0, remote_len_ = 0;
  ngtcp2_conn* conn_ = nullptr;
  gnutls_session_t tls_ = nullptr;
  std::shared_ptr<const TlsCredentials> creds_;
  ngtcp2_crypto_conn_ref conn_ref_{};
  std::map<int64_t, Stream> streams_;
  std::deque<int64_t> to_send_;   // streams with answer bytes not yet handed to ngtcp2
  std::vector<std::string> cids_;  // our connection IDs registered in shared_->by_cid
  std::string server_name_;
  asio::steady_timer timer_;
  unsigned in_flight_ = 0;
  bool closed_ = false;
  bool in_read_ = false;          // inside ngtcp2_conn_read_pkt: no writes there
  bool protocol_error_ = false;   // a stream broke RFC 9250 framing during the read
  bool counted_ = false;
  bool holds_client_slot_ = false;
};

}  // namespace dns4eu::net::internal
