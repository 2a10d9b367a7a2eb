// tls.cc — TlsCertificate: PEM loading, reload and the ticket key (see tls.h).
#include "net/tls.h"

#include <fstream>

#include <gnutls/gnutls.h>

#include "net/internal/tls_session.h"

namespace dns4eu::net {

namespace {

constexpr const char* kPriority = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE";

Status check_readable(const std::string& file, const char* what) {
  if (file.empty()) return fail(ErrorCode::kInvalidArgument, std::string("tls: no ") + what + " file given");
  std::ifstream in(file);
  if (!in) return fail(ErrorCode::kIo, file + ": cannot read the " + what + " file");
  return {};
}

Status add_pair(gnutls_certificate_credentials_t creds, const std::string& cert, const std::string& key) {
  if (auto s = check_readable(cert, "certificate"); !s) return s;
  if (auto s = check_readable(key, "key"); !s) return s;
  int r = gnutls_certificate_set_x509_key_file2(creds, cert.c_str(), key.c_str(), GNUTLS_X509_FMT_PEM, nullptr, 0);
  if (r == GNUTLS_E_CERTIFICATE_KEY_MISMATCH)
    return fail(ErrorCode::kInvalidArgument, key + ": the key does not match the certificate in " + cert);
  if (r < 0)
    return fail(ErrorCode::kMalformed,
                cert + " / " + key + ": not a PEM certificate and private key: " + gnutls_strerror(r));
  return {};
}

// GnuTLS picks, per handshake, the credential whose names match the SNI
// (gnutls_certificate_set_x509_key_file2 may be called once per pair); the
// first one set is used when none matches.
Result<std::shared_ptr<const internal::TlsCredentials>> read_credentials(const std::string& cert,
                                                                         const std::string& key,
                                                                         const std::vector<TlsPair>& by_name,
                                                                         std::shared_ptr<std::string> ticket) {
  auto c = std::make_shared<internal::TlsCredentials>();
  c->ticket_key = std::move(ticket);
  if (int r = gnutls_certificate_allocate_credentials(&c->cert); r < 0)
    return fail(ErrorCode::kIo, std::string("tls: ") + gnutls_strerror(r));
  if (auto s = add_pair(c->cert, cert, key); !s) return tl::unexpected(s.error());
  for (const auto& p : by_name)
    if (auto s = add_pair(c->cert, p.certificate_file, p.key_file); !s) return tl::unexpected(s.error());
  const char* where = nullptr;
  if (int p = gnutls_priority_init(&c->priority, kPriority, &where); p < 0)
    return fail(ErrorCode::kIo, std::string("tls priority: ") + gnutls_strerror(p));
  return std::shared_ptr<const internal::TlsCredentials>(std::move(c));
}

}  // namespace

TlsCertificate::TlsCertificate(std::string cert, std::string key, std::vector<TlsPair> by_name)
    : cert_file_(std::move(cert)), key_file_(std::move(key)), by_name_(std::move(by_name)) {}

TlsCertificate::~TlsCertificate() = default;

Result<std::shared_ptr<TlsCertificate>> TlsCertificate::load(std::string certificate_file, std::string key_file,
                                                             std::vector<TlsPair> by_name) {
  std::shared_ptr<TlsCertificate> t(
      new TlsCertificate(std::move(certificate_file), std::move(key_file), std::move(by_name)));
  gnutls_datum_t k{nullptr, 0};
  if (int r = gnutls_session_ticket_key_generate(&k); r < 0)
    return fail(ErrorCode::kIo, std::string("tls: session ticket key: ") + gnutls_strerror(r));
  t->ticket_key_ = std::make_shared<std::string>(reinterpret_cast<const char*>(k.data), k.size);
  gnutls_memset(k.data, 0, k.size);
  gnutls_free(k.data);
  if (auto s = t->reload(); !s) return tl::unexpected(s.error());
  return t;
}

Status TlsCertificate::reload() {
  auto c = read_credentials(cert_file_, key_file_, by_name_, ticket_key_);
  if (!c) return tl::unexpected(c.error());
  std::lock_guard lock(mu_);
  current_ = std::move(*c);
  return {};
}

std::shared_ptr<const internal::TlsCredentials> TlsCertificate::current() const {
  std::lock_guard lock(mu_);
  return current_;
}

}  // namespace dns4eu::net
