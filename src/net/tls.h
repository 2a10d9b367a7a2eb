// tls.h — a server certificate and key for the encrypted transports (DoT,
// DoH, later DoQ), loaded from PEM files with GnuTLS, and reloadable.
//
// A TlsCertificate is shared by every worker's listeners that name the same
// certificate/key pair. reload() re-reads the files (SIGHUP): new handshakes
// use the new credentials, connections already open keep theirs (each
// session holds a reference), so nothing is dropped. A failed reload keeps
// the old credentials. The session-ticket key (RFC 8446 resumption) is made
// once per TlsCertificate and survives reloads, so clients keep resuming.
//
//   auto cert = TlsCertificate::load("/etc/dns4eu/cert.pem", "/etc/dns4eu/key.pem");
//   if (!cert) die(cert.error().message);  // "/etc/dns4eu/key.pem: key does not match ..."
//   spec.tls = *cert;                      // shared_ptr, compared by identity
//   (*cert)->reload();                     // on SIGHUP
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dns/result.h"

namespace dns4eu::net {

// One more certificate/key pair on a listener: handshakes whose server name
// (SNI) matches its names get it instead of the first (RFC 6066 §3).
struct TlsPair {
  std::string certificate_file;
  std::string key_file;
  friend bool operator==(const TlsPair&, const TlsPair&) = default;
};

namespace internal {
struct TlsCredentials;  // gnutls credentials + priority cache (tls_session.h)
}

class TlsCertificate {
 public:
  // `by_name`: further pairs chosen by the client's SNI; the first pair is
  // the default (no SNI, or a name no certificate carries).
  static Result<std::shared_ptr<TlsCertificate>> load(std::string certificate_file, std::string key_file,
                                                      std::vector<TlsPair> by_name = {});
  ~TlsCertificate();

  // Re-reads both files; on error the current credentials stay.
  Status reload();
  const std::string& certificate_file() const { return cert_file_; }
  const std::string& key_file() const { return key_file_; }

  // The credentials for a new handshake (kept alive by the session).
  std::shared_ptr<const internal::TlsCredentials> current() const;

 private:
  TlsCertificate(std::string cert, std::string key, std::vector<TlsPair> by_name);
  std::string cert_file_, key_file_;
  std::vector<TlsPair> by_name_;
  std::shared_ptr<std::string> ticket_key_;  // raw bytes of the GnuTLS ticket key
  mutable std::mutex mu_;                    // guards current_
  std::shared_ptr<const internal::TlsCredentials> current_;
};

}  // namespace dns4eu::net
