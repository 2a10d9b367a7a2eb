// asn_database_test.cc — AS numbers from an MMDB written by Debian's
// libmaxmind-db-writer-perl (tests/data/make-asn-mmdb.pl), IPv4 and IPv6;
// unknown addresses give 0; a missing or broken file is an error naming it.
#include "telemetry/asn_database.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace dns4eu::telemetry {
namespace {

ClientAddress address(const char* text) {
  ClientAddress a;
  if (inet_pton(AF_INET, text, a.bytes.data()) == 1) {
    a.family = 4;
  } else if (inet_pton(AF_INET6, text, a.bytes.data()) == 1) {
    a.family = 6;
  }
  return a;
}

TEST(AsnDatabase, LooksUpIpv4AndIpv6AndUnknown) {
  auto path = (std::filesystem::temp_directory_path() / ("dns4eu_asn_" + std::to_string(::getpid()) + ".mmdb"));
  std::string cmd = std::string("perl ") + DNS4EU_SOURCE_DIR + "/tests/data/make-asn-mmdb.pl " + path.string() +
                    " 127.63.77.0/24=64512 198.51.100.0/24=64496 fd63::77:0/112=64513";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << " (libmaxmind-db-writer-perl: make deps)";
  auto db = AsnDatabase::open(path.string());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ((*db)->lookup(address("127.63.77.99")), 64512u);
  EXPECT_EQ((*db)->lookup(address("198.51.100.7")), 64496u);
  EXPECT_EQ((*db)->lookup(address("fd63::77:99")), 64513u);
  EXPECT_EQ((*db)->lookup(address("127.63.78.1")), 0u);
  EXPECT_EQ((*db)->lookup(address("2001:db8::1")), 0u);
  EXPECT_EQ((*db)->lookup(ClientAddress{}), 0u);
  std::filesystem::remove(path);
}

TEST(AsnDatabase, MissingOrBrokenFileIsAnErrorNamingIt) {
  auto missing = AsnDatabase::open("/nonexistent/asn.mmdb");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("/nonexistent/asn.mmdb"), std::string::npos);
  auto path = std::filesystem::temp_directory_path() / ("dns4eu_asn_bad_" + std::to_string(::getpid()));
  std::ofstream(path) << "not a maxmind database\n";
  auto broken = AsnDatabase::open(path.string());
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find(path.string()), std::string::npos);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dns4eu::telemetry
