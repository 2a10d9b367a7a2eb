// internal/tls_session.h — one server-side TLS session (GnuTLS) over a
// non-blocking asio TCP socket, driven by coroutines: handshake, read, write.
//
// GnuTLS reads and writes the socket's descriptor itself; when it answers
// GNUTLS_E_AGAIN the coroutine waits for readiness with socket::async_wait
// and calls again. One reader and one writer coroutine may use a session at
// the same time (they never run at once: one thread). ALPN offers the
// protocols given at creation (server preference); SNI is read after the
// handshake. Session tickets (TLS 1.3 resumption) use the certificate's key.
//
//   auto s = TlsSession::create(cert->current(), sock.native_handle(), kAlpnDot);
//   if (!co_await (*s)->handshake(sock)) co_return;        // failed or aborted
//   auto [ec, n] = co_await (*s)->read_some(sock, buffer);  // ec == eof at close_notify/FIN
//
// Thread-safety: the owning connection's worker thread only.
#pragma once

#include <gnutls/gnutls.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include "dns/result.h"

namespace dns4eu::net::internal {

// Immutable credentials of one certificate generation (see net/tls.h).
struct TlsCredentials {
  gnutls_certificate_credentials_t cert = nullptr;
  gnutls_priority_t priority = nullptr;
  std::shared_ptr<std::string> ticket_key;
  TlsCredentials() = default;
  TlsCredentials(const TlsCredentials&) = delete;
  TlsCredentials& operator=(const TlsCredentials&) = delete;
  ~TlsCredentials();
};

// ALPN sets offered by the listeners.
enum class AlpnSet : uint8_t { kDot, kDoh, kDoq };

class TlsSession {
 public:
  static Result<std::unique_ptr<TlsSession>> create(std::shared_ptr<const TlsCredentials> creds, int fd,
                                                    AlpnSet alpn);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  // True once the handshake completed; false on a TLS error or socket error.
  asio::awaitable<bool> handshake(asio::ip::tcp::socket& sock);
  // Like socket::async_read_some; eof at close_notify or at a bare FIN.
  asio::awaitable<std::pair<asio::error_code, std::size_t>> read_some(asio::ip::tcp::socket& sock,
                                                                      std::span<uint8_t> buf);
  // Writes all of `data` (in TLS records); an error closes nothing by itself.
  asio::awaitable<asio::error_code> write_all(asio::ip::tcp::socket& sock, std::span<const uint8_t> data);
  // Sends close_notify if the socket takes it now (never waits).
  void bye();

  std::string_view alpn() const { return alpn_; }
  std::string_view server_name() const { return server_name_; }
  bool resumed() const { return resumed_; }
  // Last GnuTLS error text (for debugging/logs).
  const char* last_error() const { return gnutls_strerror(last_error_); }

 private:
  TlsSession() = default;
  gnutls_session_t s_ = nullptr;
  std::shared_ptr<const TlsCredentials> creds_;
  std::string alpn_, server_name_;
  bool resumed_ = false;
  int last_error_ = 0;
};

}  // namespace dns4eu::net::internal
