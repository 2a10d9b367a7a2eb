// trust_anchor_test.cc — trust anchors from Debian's root.key format, the
// built-in root KSKs, errors with line numbers, negative trust anchors.
#include "dnssec/trust_anchor.h"

#include <gtest/gtest.h>

namespace dns4eu::dnssec {
namespace {

using dns::Name;

TEST(TrustAnchors, BuiltinRootHasBothKsks) {
  auto ta = TrustAnchors::builtin_root();
  const TrustAnchor* root = ta.find(Name());
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->ds.size(), 2u);
  EXPECT_EQ(dns::DsView::parse(root->ds[0])->key_tag, 20326);
  EXPECT_EQ(dns::DsView::parse(root->ds[1])->key_tag, 38696);
  EXPECT_TRUE(ta.covers(*Name::from_text("www.example.")));
}

TEST(TrustAnchors, ReadsDsAndDnskeyLines) {
  auto ta = TrustAnchors::from_text(
      ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
      "example. 3600 IN DNSKEY 257 3 13 jB3KQAXcocIOO9hQFmrmakSYYFHBpZ17wreIJ+nIrbkp0l2DPbEhHo1KUwxJFcPXAVURRzl0RVlg+fOic3h1XA==\n",
      "anchors");
  ASSERT_TRUE(ta) << ta.error().message;
  EXPECT_EQ(ta->anchors().size(), 2u);
  ASSERT_NE(ta->find(*Name::from_text("EXAMPLE.")), nullptr);
  EXPECT_EQ(ta->find(*Name::from_text("example."))->dnskeys.size(), 1u);
}

TEST(TrustAnchors, DebianRootKeyLoads) {  // dns-root-data is in the Makefile's DEPS
  auto ta = TrustAnchors::from_file("/usr/share/dns/root.key");
  ASSERT_TRUE(ta) << ta.error().message;
  EXPECT_NE(ta->find(Name()), nullptr);
}

TEST(TrustAnchors, OtherRecordsAreRefusedWithTheLine) {
  auto ta = TrustAnchors::from_text(
      ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
      "example. 3600 IN A 192.0.2.1\n",
      "anchors.txt");
  ASSERT_FALSE(ta);
  EXPECT_NE(ta.error().message.find("anchors.txt:2"), std::string::npos) << ta.error().message;
  EXPECT_FALSE(TrustAnchors::from_text("", "empty"));
}

TEST(TrustAnchors, NegativeAnchorsCoverTheirSubtree) {
  auto ta = TrustAnchors::builtin_root();
  ta.add_negative(*Name::from_text("Broken.Example."));
  EXPECT_NE(ta.negative_for(*Name::from_text("www.broken.example.")), nullptr);
  EXPECT_NE(ta.negative_for(*Name::from_text("broken.example.")), nullptr);
  EXPECT_EQ(ta.negative_for(*Name::from_text("example.")), nullptr);
}

}  // namespace
}  // namespace dns4eu::dnssec
