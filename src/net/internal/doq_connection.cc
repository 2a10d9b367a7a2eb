// internal/doq_connection.cc — one DNS over QUIC connection (see
// doq_connection.h): ngtcp2 callbacks, stream framing, writing, timers.
#include "net/internal/doq_connection.h"

#include <ngtcp2/ngtcp2_crypto_gnutls.h>

#include <array>
#include <chrono>
#include <cstring>

#include "dns/message.h"
#include "dns/wire.h"
#include "net/random.h"

namespace dns4eu::net::internal {
namespace {

constexpr std::size_t kCidLen = 16;
constexpr uint64_t kDoqProtocolError = 0x2;  // RFC 9250 §8.4
constexpr std::size_t kMaxFramed = 2 + 65535;
constexpr int kMaxPacketsPerFlush = 256;
// TLS 1.3 only, the AEADs QUIC allows, no middlebox compatibility mode.
constexpr const char* kQuicPriority =
    "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-CCM:"
    "%DISABLE_TLS13_COMPAT_MODE";

ngtcp2_tstamp now_ns() {
  return static_cast<ngtcp2_tstamp>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}

std::string cid_key(const ngtcp2_cid& cid) { return std::string(reinterpret_cast<const char*>(cid.data), cid.datalen); }

void to_sockaddr(const asio::ip::udp::endpoint& ep, sockaddr_storage& sa, socklen_t& len) {
  std::memcpy(&sa, ep.data(), ep.size());
  len = static_cast<socklen_t>(ep.size());
}

}  // namespace

// ngtcp2's C callbacks, with access to the connection.
struct DoqCallbacks {
  static DoqConnection& c(void* user) { return *static_cast<DoqConnection*>(user); }

  static ngtcp2_conn* get_conn(ngtcp2_crypto_conn_ref* ref) { return c(ref->user_data).conn_; }
  static void rand(uint8_t* dest, size_t len, const ngtcp2_rand_ctx*) { random_fill(std::span<uint8_t>(dest, len)); }
  static int new_cid(ngtcp2_conn*, ngtcp2_cid* cid, uint8_t* token, size_t cidlen, void* user) {
    std::array<uint8_t, NGTCP2_MAX_CIDLEN> b{};
    random_fill(std::span<uint8_t>(b.data(), cidlen));
    ngtcp2_cid_init(cid, b.data(), cidlen);
    random_fill(std::span<uint8_t>(token, NGTCP2_STATELESS_RESET_TOKENLEN));
    c(user).register_cid(*cid);
    return 0;
  }
  static int remove_cid(ngtcp2_conn*, const ngtcp2_cid* cid, void* user) {
    c(user).unregister_cid(*cid);
    return 0;
  }
  static int stream_data(ngtcp2_conn*, uint32_t flags, int64_t id, uint64_t, const uint8_t* data, size_t n,
                         void* user, void*) {
    c(user).on_stream_data(id, data, n, flags & NGTCP2_STREAM_DATA_FLAG_FIN);
    return 0;
  }
  static int stream_close(ngtcp2_conn*, uint32_t, int64_t id, uint64_t, void* user, void*) {
    c(user).streams_.erase(id);
    return 0;
  }
  static int handshake_completed(ngtcp2_conn*, void* user) {
    DoqConnection& d = c(user);
    d.shared_->counters.inc(ListenerStat::kTlsHandshakes);
    char name[256];
    size_t len = sizeof(name);
    unsigned type = 0;
    if (gnutls_server_name_get(d.tls_, name, &len, &type, 0) == 0 && type == GNUTLS_NAME_DNS)
      d.server_name_.assign(name, strnlen(name, len));
    return 0;
  }
};

DoqConnection::DoqConnection(std::shared_ptr<DoqShared> shared, asio::any_io_executor ex, Endpoint client)
    : shared_(std::move(shared)), client_(client), timer_(ex) {}

DoqConnection::~DoqConnection() {
  if (conn_) ngtcp2_conn_del(conn_);
  if (tls_) gnutls_deinit(tls_);
}

ngtcp2_path DoqConnection::path() {
  ngtcp2_path p{};
  p.local.addr = reinterpret_cast<ngtcp2_sockaddr*>(&local_sa_);
  p.local.addrlen = local_len_;
  p.remote.addr = reinterpret_cast<ngtcp2_sockaddr*>(&remote_sa_);
  p.remote.addrlen = remote_len_;
  return p;
}

bool DoqConnection::init(const ngtcp2_pkt_hd& hd, const asio::ip::udp::endpoint& from) {
  remote_ = from;
  to_sockaddr(from, remote_sa_, remote_len_);
  asio::error_code ec;
  to_sockaddr(shared_->socket->local_endpoint(ec), local_sa_, local_len_);
  std::array<uint8_t, kCidLen> id{};
  random_fill(id);
  ngtcp2_cid scid;
  ngtcp2_cid_init(&scid, id.data(), id.size());

  ngtcp2_callbacks cb{};
  cb.recv_client_initial = ngtcp2_crypto_recv_client_initial_cb;
  cb.recv_crypto_data = ngtcp2_crypto_recv_crypto_data_cb;
  cb.encrypt = ngtcp2_crypto_encrypt_cb;
  cb.decrypt = ngtcp2_crypto_decrypt_cb;
  cb.hp_mask = ngtcp2_crypto_hp_mask_cb;
  cb.update_key = ngtcp2_crypto_update_key_cb;
  cb.delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
  cb.delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
  cb.get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
  cb.version_negotiation = ngtcp2_crypto_version_negotiation_cb;
  cb.rand = &DoqCallbacks::rand;
  cb.get_new_connection_id = &DoqCallbacks::new_cid;
  cb.remove_connection_id = &DoqCallbacks::remove_cid;
  cb.recv_stream_data = &DoqCallbacks::stream_data;
  cb.stream_close = &DoqCallbacks::stream_close;
  cb.handshake_completed = &DoqCallbacks::handshake_completed;

  const ListenerSpec& spec = shared_->spec;
  ngtcp2_settings settings;
  ngtcp2_settings_default(&settings);
  settings.initial_ts = now_ns();
  settings.handshake_timeout = static_cast<ngtcp2_duration>(spec.tls.handshake_timeout.count()) * NGTCP2_MILLISECONDS;
  ngtcp2_transport_params params;
  ngtcp2_transport_params_default(&params);
  params.initial_max_streams_bidi = std::max(1u, spec.tcp.max_in_flight);
  params.initial_max_streams_uni = 0;
  params.initial_max_stream_data_bidi_remote = kMaxFramed;
  params.initial_max_data = 1 << 20;
  params.max_idle_timeout = static_cast<ngtcp2_duration>(spec.tcp.idle_timeout.count()) * NGTCP2_MILLISECONDS;
  params.original_dcid = hd.dcid;
  params.stateless_reset_token_present = 1;
  random_fill(params.stateless_reset_token);

  ngtcp2_path p = path();
  if (ngtcp2_conn_server_new(&conn_, &hd.scid, &scid, &p, hd.version, &cb, &settings, &params, nullptr, this) != 0)
    return false;
  creds_ = spec.tls.certificate->current();
  if (gnutls_init(&tls_, GNUTLS_SERVER | GNUTLS_NO_END_OF_EARLY_DATA) != 0) return false;
  if (gnutls_priority_set_direct(tls_, kQuicPriority, nullptr) != 0) return false;
  gnutls_credentials_set(tls_, GNUTLS_CRD_CERTIFICATE, creds_->cert);
  if (ngtcp2_crypto_gnutls_configure_server_session(tls_) != 0) return false;
  conn_ref_.get_conn = &DoqCallbacks::get_conn;
  conn_ref_.user_data = this;
  gnutls_session_set_ptr(tls_, &conn_ref_);
  gnutls_datum_t doq{reinterpret_cast<unsigned char*>(const_cast<char*>("doq")), 3};
  gnutls_alpn_set_protocols(tls_, &doq, 1, GNUTLS_ALPN_MANDATORY);
  ngtcp2_conn_set_tls_native_handle(conn_, tls_);
  register_cid(hd.dcid);  // the client's Initial packets keep using it for a while
  register_cid(scid);
  ++shared_->connections;
  counted_ = true;
  return true;
}

void DoqConnection::register_cid(const ngtcp2_cid& cid) {
  std::string key = cid_key(cid);
  shared_->by_cid[key] = std::static_pointer_cast<DoqConnection>(shared_from_this());
  cids_.push_back(std::move(key));
}

void DoqConnection::unregister_cid(const ngtcp2_cid& cid) {
  std::string key = cid_key(cid);
  auto it = shared_->by_cid.find(key);
  if (it != shared_->by_cid.end() && it->second.get() == this) shared_->by_cid.erase(it);
  std::erase(cids_, key);
}

void DoqConnection::on_datagram(const uint8_t* data, std::size_t n) {
  if (closed_) return;
  ngtcp2_path p = path();
  ngtcp2_pkt_info pi{};
  in_read_ = true;
  protocol_error_ = false;
  int rv = ngtcp2_conn_read_pkt(conn_, &p, &pi, data, n, now_ns());
  in_read_ = false;
  if (rv != 0) {
    if (rv == NGTCP2_ERR_DRAINING || rv == NGTCP2_ERR_CLOSING) {
      close();
      return;
    }
    shared_->counters.inc(ngtcp2_conn_get_handshake_completed(conn_) ? ListenerStat::kRecvErrors
                                                                     : ListenerStat::kTlsHandshakeFailed);
    fail(rv);
    return;
  }
  if (protocol_error_) {
    shared_->counters.inc(ListenerStat::kTcpClosedMalformed);
    close_with_app_error(kDoqProtocolError);
    return;
  }
  flush();
}

void DoqConnection::on_stream_data(int64_t id, const uint8_t* data, std::size_t n, bool fin) {
  ngtcp2_conn_extend_max_stream_offset(conn_, id, n);
  ngtcp2_conn_extend_max_offset(conn_, n);
  Stream& s = streams_[id];
  if (!ngtcp2_is_bidi_stream(id) || s.answered || s.in.size() + n > kMaxFramed) {
    protocol_error_ = true;
    return;
  }
  s.in.insert(s.in.end(), data, data + n);
  if (fin) handle_stream(id);
}

void DoqConnection::handle_stream(int64_t id) {
  Stream& s = streams_[id];
  if (s.in.size() < 2 || s.in.size() != 2u + dns::load_u16(s.in.data()) || s.in.size() < 2 + dns::kHeaderSize) {
    protocol_error_ = true;  // RFC 9250 §4.2: exactly one length-prefixed message per stream
    return;
  }
  Request req;
  req.query = std::span<const uint8_t>(s.in.data() + 2, s.in.size() - 2);
  req.client = client_;
  req.local = shared_->local;
  req.listener_id = shared_->spec.id;
  req.transport = Transport::kDoq;
  req.max_response_size = 65535;
  req.worker = shared_->worker;
  req.server_name = server_name_;
  req.stream = static_cast<uint64_t>(id);
  req.channel = this;
  shared_->counters.inc(ListenerStat::kReceived);
  std::vector<uint8_t> response;
  switch (shared_->handler->handle(req, response)) {
    case Action::kDrop: shared_->counters.inc(ListenerStat::kDroppedByHandler); return;
    case Action::kDefer: shared_->counters.inc(ListenerStat::kDeferred); return;
    case Action::kReply: break;
  }
  shared_->counters.inc(ListenerStat::kAnsweredSync);
  queue_answer(id, response);
}

void DoqConnection::queue_answer(int64_t id, std::span<const uint8_t> response) {
  auto it = streams_.find(id);
  if (it == streams_.end() || it->second.answered || response.size() > 65535) return;  // reset by the client
  Stream& s = it->second;
  s.answered = true;
  s.in.clear();
  s.out.resize(2);
  dns::store_u16(s.out.data(), static_cast<uint16_t>(response.size()));
  s.out.insert(s.out.end(), response.begin(), response.end());
  to_send_.push_back(id);
  if (!in_read_) flush();
}

void DoqConnection::flush() {
  if (closed_ || in_read_) return;
  std::array<uint8_t, 1500> buf;
  std::deque<int64_t> blocked;
  for (int i = 0; i < kMaxPacketsPerFlush; ++i) {
    int64_t sid = -1;
    ngtcp2_vec v{};
    while (!to_send_.empty()) {
      auto it = streams_.find(to_send_.front());
      if (it != streams_.end() && it->second.sent < it->second.out.size()) {
        sid = to_send_.front();
        v.base = it->second.out.data() + it->second.sent;
        v.len = it->second.out.size() - it->second.sent;
        break;
      }
      to_send_.pop_front();
    }
    ngtcp2_ssize ndata = -1;
    ngtcp2_pkt_info pi{};
    ngtcp2_path_storage ps;
    ngtcp2_path_storage_zero(&ps);
    ngtcp2_ssize nw = ngtcp2_conn_writev_stream(conn_, &ps.path, &pi, buf.data(), buf.size(), &ndata,
                                                sid >= 0 ? NGTCP2_WRITE_STREAM_FLAG_FIN : 0, sid,
                                                sid >= 0 ? &v : nullptr, sid >= 0 ? 1 : 0, now_ns());
    if (nw < 0) {
      if (sid >= 0 && (nw == NGTCP2_ERR_STREAM_DATA_BLOCKED || nw == NGTCP2_ERR_STREAM_SHUT_WR ||
                       nw == NGTCP2_ERR_STREAM_NOT_FOUND)) {
        if (nw == NGTCP2_ERR_STREAM_DATA_BLOCKED) blocked.push_back(sid);
        to_send_.pop_front();
        continue;
      }
      fail(static_cast<int>(nw));
      return;
    }
    if (sid >= 0 && ndata >= 0) {
      Stream& s = streams_[sid];
      s.sent += static_cast<std::size_t>(ndata);
      if (s.sent == s.out.size()) to_send_.pop_front();
    }
    if (nw == 0) break;
    send(buf.data(), static_cast<std::size_t>(nw));
  }
  for (int64_t id : blocked) to_send_.push_back(id);
  arm_timer();
}

void DoqConnection::send(const uint8_t* data, std::size_t n) {
  asio::error_code ec;
  shared_->socket->send_to(asio::buffer(data, n), remote_, 0, ec);
  if (ec) shared_->counters.inc(ListenerStat::kSendErrors);  // QUIC retransmits
}

void DoqConnection::arm_timer() {
  if (closed_) return;
  ngtcp2_tstamp expiry = ngtcp2_conn_get_expiry(conn_), now = now_ns();
  if (expiry == UINT64_MAX) return;
  timer_.expires_after(std::chrono::nanoseconds(expiry > now ? expiry - now : 0));
  auto self = std::static_pointer_cast<DoqConnection>(shared_from_this());
  timer_.async_wait([self](asio::error_code ec) {
    if (ec || self->closed_) return;
    int rv = ngtcp2_conn_handle_expiry(self->conn_, now_ns());
    if (rv == NGTCP2_ERR_IDLE_CLOSE) {
      self->shared_->counters.inc(ngtcp2_conn_get_handshake_completed(self->conn_) ? ListenerStat::kTcpClosedIdle
                                                                                   : ListenerStat::kTlsHandshakeTimeout);
      self->close();
    } else if (rv != 0) {
      self->fail(rv);
    } else {
      self->flush();
    }
  });
}

void DoqConnection::fail(int liberr) {
  ngtcp2_connection_close_error ccerr;
  ngtcp2_connection_close_error_set_transport_error_liberr(&ccerr, liberr, nullptr, 0);
  send_close(ccerr);
}

void DoqConnection::close_with_app_error(uint64_t code) {
  ngtcp2_connection_close_error ccerr;
  ngtcp2_connection_close_error_set_application_error(&ccerr, code, nullptr, 0);
  send_close(ccerr);
}

void DoqConnection::send_close(const ngtcp2_connection_close_error& ccerr) {
  if (closed_) return;
  std::array<uint8_t, 1500> buf;
  ngtcp2_pkt_info pi{};
  ngtcp2_path_storage ps;
  ngtcp2_path_storage_zero(&ps);
  ngtcp2_ssize nw =
      ngtcp2_conn_write_connection_close(conn_, &ps.path, &pi, buf.data(), buf.size(), &ccerr, now_ns());
  if (nw > 0) send(buf.data(), static_cast<std::size_t>(nw));
  close();
}

void DoqConnection::close() {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  if (counted_) {
    --shared_->connections;
    counted_ = false;
  }
  if (holds_client_slot_) shared_->spec.tcp.per_client->release(client_.address());
  holds_client_slot_ = false;
  auto keep = shared_from_this();  // the map may hold the last reference
  for (const auto& key : cids_) {
    auto it = shared_->by_cid.find(key);
    if (it != shared_->by_cid.end() && it->second.get() == this) shared_->by_cid.erase(it);
  }
  cids_.clear();
}

bool DoqConnection::deliver(const PendingReply& p, std::span<const uint8_t> response) {
  if (response.size() > 65535) {
    shared_->counters.inc(ListenerStat::kResponseTooLarge);
    return false;
  }
  shared_->counters.inc(ListenerStat::kAnsweredAsync);
  queue_answer(static_cast<int64_t>(p.stream), response);
  return true;
}

void DoqConnection::on_deferred() {
  ++in_flight_;
  shared_->in_flight.inc();
}

void DoqConnection::on_released(bool sent) {
  --in_flight_;
  shared_->in_flight.dec();
  if (!sent) shared_->counters.inc(ListenerStat::kDroppedByHandler);
}

}  // namespace dns4eu::net::internal
