// tls_test.cc — TlsCertificate: PEM loading, clear errors for missing,
// malformed and mismatched files, reload keeping the old credentials on error.
#include <gnutls/x509.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

#include "net/tls.h"

namespace dns4eu::net {
namespace {

std::string export_pem(gnutls_x509_crt_t crt) {
  gnutls_datum_t out{};
  EXPECT_EQ(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &out), 0);
  std::string s(reinterpret_cast<char*>(out.data), out.size);
  gnutls_free(out.data);
  return s;
}

std::string export_pem(gnutls_x509_privkey_t key) {
  gnutls_datum_t out{};
  EXPECT_EQ(gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &out), 0);
  std::string s(reinterpret_cast<char*>(out.data), out.size);
  gnutls_free(out.data);
  return s;
}

// A self-signed ECDSA certificate and its key, as PEM.
std::pair<std::string, std::string> self_signed() {
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;
  gnutls_x509_privkey_init(&key);
  gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
  gnutls_x509_crt_init(&crt);
  gnutls_x509_crt_set_version(crt, 3);
  unsigned char serial[] = {1};
  gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
  gnutls_x509_crt_set_activation_time(crt, std::time(nullptr) - 60);
  gnutls_x509_crt_set_expiration_time(crt, std::time(nullptr) + 3600);
  gnutls_x509_crt_set_dn(crt, "CN=dns.test", nullptr);
  gnutls_x509_crt_set_key(crt, key);
  gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0);
  auto out = std::make_pair(export_pem(crt), export_pem(key));
  gnutls_x509_crt_deinit(crt);
  gnutls_x509_privkey_deinit(key);
  return out;
}

struct TlsCertificateTest : ::testing::Test {
  std::string dir;
  void SetUp() override {
    char tmpl[] = "/tmp/dns4eu-tls-test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
  }
  void TearDown() override { std::system(("rm -rf " + dir).c_str()); }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = dir + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(TlsCertificateTest, LoadsMatchingPair) {
  auto [cert, key] = self_signed();
  auto c = TlsCertificate::load(write("c.pem", cert), write("k.pem", key));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_NE((*c)->current(), nullptr);
}

TEST_F(TlsCertificateTest, MissingFileNamesIt) {
  auto [cert, key] = self_signed();
  auto c = TlsCertificate::load(write("c.pem", cert), dir + "/absent.pem");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(dir + "/absent.pem: cannot read the key file"), std::string::npos)
      << c.error().message;
}

TEST_F(TlsCertificateTest, MismatchedKeyIsReported) {
  auto a = self_signed();
  auto b = self_signed();
  auto c = TlsCertificate::load(write("c.pem", a.first), write("k.pem", b.second));
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("k.pem: the key does not match the certificate in"), std::string::npos)
      << c.error().message;
}

TEST_F(TlsCertificateTest, NotPem) {
  auto c = TlsCertificate::load(write("c.pem", "hello\n"), write("k.pem", "world\n"));
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("not a PEM certificate and private key"), std::string::npos) << c.error().message;
}

TEST_F(TlsCertificateTest, ReloadSwapsAndKeepsOldOnError) {
  auto a = self_signed();
  std::string cert = write("c.pem", a.first), key = write("k.pem", a.second);
  auto c = TlsCertificate::load(cert, key);
  ASSERT_TRUE(c);
  auto first = (*c)->current();
  auto b = self_signed();
  write("c.pem", b.first);
  write("k.pem", b.second);
  ASSERT_TRUE((*c)->reload());
  auto second = (*c)->current();
  EXPECT_NE(first, second);
  write("k.pem", a.second);  // mismatched now
  EXPECT_FALSE((*c)->reload());
  EXPECT_EQ((*c)->current(), second);
}

}  // namespace
}  // namespace dns4eu::net
