// client_id_list_test.cc — client ID files: IDs, profiles, comments, case,
// and errors that say file:line.
#include "policy/client_id_list.h"

#include <gtest/gtest.h>

#include <fstream>

namespace dns4eu::policy {
namespace {

TEST(ClientIdList, IdsAndProfiles) {
  auto ids = parse_client_id_list(
      "# ID PROFILE\nministry-7f3a protective\n\n  School-19\tfamily  # a school\r\n7 plain\n", "f");
  ASSERT_TRUE(ids) << ids.error().message;
  EXPECT_EQ(*ids, (std::vector<ClientIdEntry>{
                      {"ministry-7f3a", "protective", 2}, {"school-19", "family", 4}, {"7", "plain", 5}}));
  auto empty = parse_client_id_list("# none yet\n", "f");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(ClientIdList, ErrorsSayFileAndLine) {
  auto error = [](std::string_view text) {
    auto r = parse_client_id_list(text, "ids.txt");
    return r ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(error("a protective\nb\n"), "ids.txt:2: expected 'ID PROFILE', got 'b'");
  EXPECT_EQ(error("a.b protective\n"),
            "ids.txt:1: a client ID is one label of a-z, 0-9 and '-' (not first or last, at most 63), got 'a.b'");
  EXPECT_EQ(error("-a protective\n"),
            "ids.txt:1: a client ID is one label of a-z, 0-9 and '-' (not first or last, at most 63), got '-a'");
  EXPECT_EQ(error(std::string(64, 'a') + " p\n").substr(0, 42), "ids.txt:1: a client ID is one label of a-z");
  EXPECT_EQ(error("a Protective\n"), "ids.txt:1: expected one profile name after the ID, got 'Protective'");
  EXPECT_EQ(error("a p q\n"), "ids.txt:1: expected one profile name after the ID, got 'p q'");
  EXPECT_EQ(error("a p\n# c\nA q\n"), "ids.txt:3: client ID 'a' is given twice (first on line 1)");
  EXPECT_TRUE(is_client_id("a-1"));
  EXPECT_FALSE(is_client_id("A"));  // callers lower-case first
  EXPECT_FALSE(is_client_id(""));
}

TEST(ClientIdList, LoadsAFile) {
  std::string path = ::testing::TempDir() + "/client_id_list_test.txt";
  std::ofstream(path) << "org-1 protective\n";
  auto ids = load_client_id_list(path);
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_EQ(ids->size(), 1u);
  EXPECT_EQ((*ids)[0].id, "org-1");
  auto missing = load_client_id_list(path + ".missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, path + ".missing: cannot open: No such file or directory");
}

}  // namespace
}  // namespace dns4eu::policy
