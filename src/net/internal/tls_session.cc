// internal/tls_session.cc — GnuTLS server sessions over asio sockets (see
// tls_session.h), and the credentials of net/tls.h.
#include "net/internal/tls_session.h"

#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace dns4eu::net::internal {

using asio::experimental::as_tuple;

namespace {

// Non-fatal GnuTLS results (warning alerts...) retried before giving up, so
// a peer cannot keep us looping without doing I/O.
constexpr int kMaxNonFatalRetries = 16;

bool is_again(ssize_t r) { return r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED; }

gnutls_datum_t datum(std::string_view s) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(s.data())), static_cast<unsigned>(s.size())};
}

}  // namespace

TlsCredentials::~TlsCredentials() {
  if (cert) gnutls_certificate_free_credentials(cert);
  if (priority) gnutls_priority_deinit(priority);
}

Result<std::unique_ptr<TlsSession>> TlsSession::create(std::shared_ptr<const TlsCredentials> creds, int fd,
                                                       AlpnSet alpn) {
  std::unique_ptr<TlsSession> t(new TlsSession());
  int r = gnutls_init(&t->s_, GNUTLS_SERVER | GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL);
  if (r < 0) return fail(ErrorCode::kIo, std::string("gnutls_init: ") + gnutls_strerror(r));
  t->creds_ = std::move(creds);
  gnutls_priority_set(t->s_, t->creds_->priority);
  gnutls_credentials_set(t->s_, GNUTLS_CRD_CERTIFICATE, t->creds_->cert);
  gnutls_certificate_server_set_request(t->s_, GNUTLS_CERT_IGNORE);
  gnutls_datum_t key = datum(*t->creds_->ticket_key);
  gnutls_session_ticket_enable_server(t->s_, &key);
  gnutls_datum_t protos[2];
  unsigned n = 0;
  switch (alpn) {
    case AlpnSet::kDot: protos[n++] = datum("dot"); break;
    case AlpnSet::kDoh: protos[n++] = datum("h2"); protos[n++] = datum("http/1.1"); break;
    case AlpnSet::kDoq: protos[n++] = datum("doq"); break;
  }
  gnutls_alpn_set_protocols(t->s_, protos, n, GNUTLS_ALPN_SERVER_PRECEDENCE);
  gnutls_handshake_set_timeout(t->s_, 0);  // the connection's timer governs
  gnutls_transport_set_int(t->s_, fd);
  return t;
}

TlsSession::~TlsSession() {
  if (s_) gnutls_deinit(s_);
}

asio::awaitable<bool> TlsSession::handshake(asio::ip::tcp::socket& sock) {
  for (int retries = 0;;) {
    int r = gnutls_handshake(s_);
    if (r == 0) break;
    if (is_again(r)) {
      auto dir = gnutls_record_get_direction(s_) ? asio::socket_base::wait_write : asio::socket_base::wait_read;
      auto [ec] = co_await sock.async_wait(dir, as_tuple(asio::use_awaitable));
      if (ec) co_return false;
      continue;
    }
    last_error_ = r;
    if (gnutls_error_is_fatal(r) || ++retries > kMaxNonFatalRetries) co_return false;
  }
  gnutls_datum_t proto;
  if (gnutls_alpn_get_selected_protocol(s_, &proto) == 0)
    alpn_.assign(reinterpret_cast<const char*>(proto.data), proto.size);
  char name[256];
  size_t len = sizeof(name);
  unsigned type = 0;
  if (gnutls_server_name_get(s_, name, &len, &type, 0) == 0 && type == GNUTLS_NAME_DNS)
    server_name_.assign(name, strnlen(name, len));
  resumed_ = gnutls_session_is_resumed(s_) != 0;
  co_return true;
}

asio::awaitable<std::pair<asio::error_code, std::size_t>> TlsSession::read_some(asio::ip::tcp::socket& sock,
                                                                                std::span<uint8_t> buf) {
  for (int retries = 0;;) {
    ssize_t r = gnutls_record_recv(s_, buf.data(), buf.size());
    if (r > 0) co_return std::pair{asio::error_code(), static_cast<std::size_t>(r)};
    if (r == 0 || r == GNUTLS_E_PREMATURE_TERMINATION)
      co_return std::pair{asio::error_code(asio::error::eof), std::size_t{0}};
    if (is_again(r)) {
      auto [ec] = co_await sock.async_wait(asio::socket_base::wait_read, as_tuple(asio::use_awaitable));
      if (ec) co_return std::pair{ec, std::size_t{0}};
      continue;
    }
    last_error_ = static_cast<int>(r);
    if (gnutls_error_is_fatal(static_cast<int>(r)) || ++retries > kMaxNonFatalRetries)
      co_return std::pair{asio::error_code(asio::error::connection_aborted), std::size_t{0}};
  }
}

asio::awaitable<asio::error_code> TlsSession::write_all(asio::ip::tcp::socket& sock, std::span<const uint8_t> data) {
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t r = gnutls_record_send(s_, data.data() + off, data.size() - off);
    if (r > 0) {
      off += static_cast<std::size_t>(r);
      continue;
    }
    if (is_again(r)) {  // GnuTLS wants the same arguments again
      auto [ec] = co_await sock.async_wait(asio::socket_base::wait_write, as_tuple(asio::use_awaitable));
      if (ec) co_return ec;
      continue;
    }
    last_error_ = static_cast<int>(r);
    co_return asio::error_code(asio::error::connection_aborted);
  }
  co_return asio::error_code();
}

void TlsSession::bye() { (void)gnutls_bye(s_, GNUTLS_SHUT_WR); }

}  // namespace dns4eu::net::internal
