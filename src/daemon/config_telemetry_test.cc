// config_telemetry_test.cc — the management, privacy, query_log and dnstap sections.
#include <gtest/gtest.h>

#include "daemon/config.h"

namespace dns4eu::daemon {
namespace {

std::string error_of(std::string_view text) {
  auto c = load_config_string(text, "t.yaml");
  return c ? std::string() : c.error().message;
}

TEST(ConfigTelemetry, ReadsEverySectionAndRoundTrips) {
  auto c = load_config_string(
      "server: {profile: telco}\n"
      "management: {address: 127.0.0.1, port: 9999, token: abcdefghijklmnopq}\n"
      "privacy: {client_address: pseudonymise, client_port: true, truncate_v4: 16}\n"
      "query_log: {path: /tmp/q.jsonl, max_size: 1MiB, rotate_every: 1h, retention: 2d, queue_size: 1024,\n"
      "            asn_database: /var/lib/GeoIP/GeoLite2-ASN.mmdb}\n"
      "dnstap: {file: /tmp/d.tap, identity: r1, resolver_query: true}\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->management->token, "abcdefghijklmnopq");
  EXPECT_EQ(c->privacy.client_address, AddressPolicy::kPseudonymise);
  EXPECT_TRUE(c->privacy.client_port);
  EXPECT_EQ(c->privacy.truncate_v4, 16);
  EXPECT_EQ(c->query_log->max_size, 1u << 20);
  EXPECT_EQ(c->query_log->retention, std::chrono::hours(48));
  EXPECT_EQ(c->query_log->asn_database, "/var/lib/GeoIP/GeoLite2-ASN.mmdb");
  EXPECT_EQ(c->dnstap->file, "/tmp/d.tap");
  EXPECT_TRUE(c->dnstap->resolver_query);
  EXPECT_FALSE(c->dnstap->resolver_response);
  auto again = load_config_string(format_config(*c));
  ASSERT_TRUE(again) << again.error().message << "\n" << format_config(*c);
  again->warnings = c->warnings;
  again->management->address = c->management->address;
  EXPECT_EQ(format_config(*again), format_config(*c));
  EXPECT_EQ(effective_address_policy(c->profile, c->privacy), AddressPolicy::kPseudonymise);
}

TEST(ConfigTelemetry, ProfileDefaultsForClientAddresses) {
  EXPECT_EQ(effective_address_policy(PrivacyProfile::kPublic, {}), AddressPolicy::kDrop);
  EXPECT_EQ(effective_address_policy(PrivacyProfile::kGovernment, {}), AddressPolicy::kKeep);
  EXPECT_EQ(effective_address_policy(PrivacyProfile::kTelco, {}), AddressPolicy::kTruncate);
}

TEST(ConfigTelemetry, PublicProfileRefusesToWriteAddresses) {
  EXPECT_EQ(error_of("server: {profile: public}\nprivacy: {client_address: keep}\n"),
            "t.yaml:2:27: privacy.client_address: the public profile never writes client addresses: only 'drop' "
            "is allowed");
  EXPECT_NE(error_of("privacy: {client_port: true}\n").find("never writes client ports"), std::string::npos);
  EXPECT_EQ(error_of("privacy: {client_address: drop}\n"), "");
}

TEST(ConfigTelemetry, ReportsMistakes) {
  EXPECT_NE(error_of("query_log: {max_size: 1MiB}\n").find("query_log: missing required key 'path'"),
            std::string::npos);
  EXPECT_NE(error_of("query_log: {path: /tmp/q.jsonl, asn_database: ''}\n").find("query_log.asn_database"),
            std::string::npos);
  EXPECT_NE(error_of("dnstap: {identity: x}\n").find("give exactly one of 'file' and 'socket'"), std::string::npos);
  EXPECT_NE(error_of("management: {address: 127.0.0.1, token: short}\n").find("at least 16 characters"),
            std::string::npos);
  EXPECT_NE(error_of("server: {profile: telco}\nprivacy: {client_address: hash}\n").find("privacy.client_address"),
            std::string::npos);
}

}  // namespace
}  // namespace dns4eu::daemon
