// http_feeds_test.cc — the fetch loop through libcurl with file: URLs (the
// HTTPS side — TLS, status codes, ETag and 304s — runs against a real HTTPS
// server in tests/integration/list_fetch): a new version is checked, written
// and announced; a broken or oversized one is refused with its reason while
// the file stays; an unchanged one is not written again; a missing file gets
// an empty list of its format; a MISP feed is mirrored event by event; URLs
// lose their secrets in messages.
#include <gtest/gtest.h>

#include <unistd.h>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "intel/http_feeds.h"

namespace dns4eu::intel {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Writes `text`; `later` seconds on its mtime, so that If-Modified-Since (one
// second steps) sees a version written within the second as newer.
void put(const fs::path& p, const std::string& text, int later = 0) {
  std::ofstream(p, std::ios::trunc) << text;
  if (later) fs::last_write_time(p, fs::last_write_time(p) + std::chrono::seconds(later));
}

class HttpFeedsTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dns4eu_http_feeds_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  FetchFeedSpec spec(const std::string& source, policy::ListFormat format = policy::ListFormat::kDomains) {
    FetchFeedSpec f;
    f.list = {"c2", (dir_ / "c2.txt").string(), format, policy::Category::kC2};
    f.source.url = "file://" + (dir_ / source).string();
    return f;
  }
  std::unique_ptr<HttpFeeds> feeds(std::vector<FetchFeedSpec> specs) {
    return std::make_unique<HttpFeeds>(
        std::move(specs),
        [this](const std::string& list) {
          std::lock_guard lock(mu_);
          updates_.push_back(list);
          cv_.notify_all();
        },
        [this](LogLevel, const std::string& m) {
          std::lock_guard lock(mu_);
          log_.push_back(m);
        });
  }
  bool wait_updates(std::size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return updates_.size() >= n; });
  }
  template <class Pred>
  bool wait_status(HttpFeeds& f, Pred pred) {
    for (int i = 0; i < 2000; ++i) {
      if (pred(f.status().at(0))) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  std::size_t updates() {
    std::lock_guard lock(mu_);
    return updates_.size();
  }

  fs::path dir_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> updates_, log_;
};

TEST_F(HttpFeedsTest, PublishesAVersionThatParses) {
  put(dir_ / "src.txt", "evil.example\nc2.example\n");
  auto f = feeds({spec("src.txt")});
  EXPECT_EQ(slurp(dir_ / "c2.txt"), placeholder_list(policy::ListFormat::kDomains));  // before the first fetch
  f->start();
  ASSERT_TRUE(wait_updates(1));
  EXPECT_EQ(updates_[0], "c2");
  EXPECT_EQ(slurp(dir_ / "c2.txt"), "evil.example\nc2.example\n");
  auto s = f->status().at(0);
  EXPECT_EQ(s.list, "c2");
  EXPECT_EQ(s.kind, FeedKind::kFetch);
  EXPECT_GT(s.last_success_unix, 0);
  EXPECT_EQ(s.last_error, "");
  EXPECT_FALSE(fs::exists(dir_ / "c2.txt.dns4eu-tmp"));
}

TEST_F(HttpFeedsTest, RefusesABrokenVersionAndKeepsTheFile) {
  put(dir_ / "src.txt", "evil.example\n");
  auto f = feeds({spec("src.txt")});
  f->start();
  ASSERT_TRUE(wait_updates(1));
  put(dir_ / "src.txt", "fine.example\nbad..example\n", 10);
  f->check_now();
  ASSERT_TRUE(wait_status(*f, [](const FeedStatus& s) { return !s.last_error.empty(); }));
  auto s = f->status().at(0);
  EXPECT_EQ(s.last_error.rfind("file://" + (dir_ / "src.txt").string() + ":2: ", 0), 0u) << s.last_error;
  EXPECT_GT(s.last_error_unix, 0);
  EXPECT_EQ(slurp(dir_ / "c2.txt"), "evil.example\n");
  EXPECT_EQ(updates(), 1u);
  // Mended at the source: the next check publishes it and ends the error.
  put(dir_ / "src.txt", "fine.example\n", 20);
  f->check_now();
  ASSERT_TRUE(wait_updates(2));
  EXPECT_TRUE(wait_status(*f, [](const FeedStatus& s) { return s.last_error.empty(); }));
  EXPECT_EQ(slurp(dir_ / "c2.txt"), "fine.example\n");
}

TEST_F(HttpFeedsTest, AnUnchangedVersionIsNotWrittenAgain) {
  put(dir_ / "src.txt", "evil.example\n");
  put(dir_ / "c2.txt", "evil.example\n");  // kept from an earlier run
  auto before = fs::last_write_time(dir_ / "c2.txt");
  auto f = feeds({spec("src.txt")});
  f->start();
  ASSERT_TRUE(wait_status(*f, [](const FeedStatus& s) { return s.last_success_unix > 0; }));
  f->check_now();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE(wait_status(*f, [](const FeedStatus& s) { return s.last_success_unix > 0; }));
  f->stop();
  EXPECT_EQ(updates(), 0u);
  EXPECT_EQ(fs::last_write_time(dir_ / "c2.txt"), before);
}

TEST_F(HttpFeedsTest, RefusesAVersionLargerThanMaxSize) {
  put(dir_ / "src.txt", std::string(5000, 'a') + ".example\n");
  auto s = spec("src.txt");
  s.source.max_size = 4096;
  auto f = feeds({s});
  f->start();
  ASSERT_TRUE(wait_status(*f, [](const FeedStatus& st) { return !st.last_error.empty(); }));
  EXPECT_NE(f->status().at(0).last_error.find("larger than max_size (4096 octets)"), std::string::npos)
      << f->status().at(0).last_error;
  EXPECT_EQ(slurp(dir_ / "c2.txt"), placeholder_list(policy::ListFormat::kDomains));
}

TEST_F(HttpFeedsTest, AnEmptyBodyNeverEmptiesAList) {
  put(dir_ / "src.txt", "");
  put(dir_ / "c2.txt", "evil.example\n");
  auto f = feeds({spec("src.txt")});
  f->start();
  ASSERT_TRUE(wait_status(*f, [](const FeedStatus& st) { return !st.last_error.empty(); }));
  EXPECT_NE(f->status().at(0).last_error.find("an empty body, refused"), std::string::npos)
      << f->status().at(0).last_error;
  EXPECT_EQ(slurp(dir_ / "c2.txt"), "evil.example\n");
  EXPECT_EQ(updates(), 0u);
}

TEST_F(HttpFeedsTest, AMissingSourceIsAnErrorNotAnEmptyList) {
  put(dir_ / "c2.txt", "evil.example\n");
  auto f = feeds({spec("nowhere.txt")});
  f->start();
  ASSERT_TRUE(wait_status(*f, [](const FeedStatus& st) { return !st.last_error.empty(); }));
  EXPECT_EQ(slurp(dir_ / "c2.txt"), "evil.example\n");
  bool logged = false;
  {
    std::lock_guard lock(mu_);
    for (const auto& m : log_) logged |= m.find("the previous version keeps serving") != std::string::npos;
  }
  EXPECT_TRUE(logged);
}

std::string event(const std::string& domain) {
  return "{\"Event\": {\"Attribute\": [{\"type\": \"domain\", \"value\": \"" + domain + "\", \"to_ids\": true}]}}\n";
}

TEST_F(HttpFeedsTest, MirrorsAMispFeedFetchingOnlyChangedEvents) {
  fs::create_directories(dir_ / "src");
  put(dir_ / "src/aaaa-1.json", event("a.test"));
  put(dir_ / "src/bbbb-2.json", event("b.test"));
  put(dir_ / "src/cccc-3.json", event("c.test"));
  put(dir_ / "src/manifest.json",
      R"({"aaaa-1": {"timestamp": "100"}, "bbbb-2": {"timestamp": "200"}, "cccc-3": {"timestamp": "300"}})");
  FetchFeedSpec f;
  f.list = {"cert", (dir_ / "feed").string(), policy::ListFormat::kMisp, policy::Category::kPhishing};
  f.source.url = "file://" + (dir_ / "src/manifest.json").string();
  auto feeds_ = feeds({f});
  EXPECT_EQ(slurp(dir_ / "feed/manifest.json"), "{}\n") << "an empty feed until the first version";
  feeds_->start();
  ASSERT_TRUE(wait_updates(1));
  EXPECT_EQ(slurp(dir_ / "feed/bbbb-2.json"), event("b.test"));
  EXPECT_EQ(policy::load_list(f.list).value()->rule_count, 3u);
  // b changes, c goes: only b is fetched again.
  put(dir_ / "src/bbbb-2.json", event("b2.test"));
  put(dir_ / "src/manifest.json", R"({"aaaa-1": {"timestamp": "100"}, "bbbb-2": {"timestamp": "201"}})", 10);
  feeds_->check_now();
  ASSERT_TRUE(wait_updates(2));
  EXPECT_EQ(slurp(dir_ / "feed/bbbb-2.json"), event("b2.test"));
  EXPECT_FALSE(fs::exists(dir_ / "feed/cccc-3.json"));
  EXPECT_FALSE(fs::exists(dir_ / "feed.dns4eu-new"));
  {
    std::lock_guard lock(mu_);
    EXPECT_NE(log_.back().find("new version, 1 events fetched, 1 kept, 2 rules"), std::string::npos) << log_.back();
  }
  // An event the manifest lists but the server lacks: refused, the mirror stays.
  put(dir_ / "src/manifest.json", R"({"aaaa-1": {"timestamp": "100"}, "dddd-4": {"timestamp": "1"}})", 20);
  feeds_->check_now();
  ASSERT_TRUE(wait_status(*feeds_, [](const FeedStatus& st) { return !st.last_error.empty(); }));
  EXPECT_NE(feeds_->status().at(0).last_error.find("dddd-4.json"), std::string::npos)
      << feeds_->status().at(0).last_error;
  EXPECT_EQ(slurp(dir_ / "feed/bbbb-2.json"), event("b2.test"));
  // A name that is no uuid never becomes a file name.
  put(dir_ / "src/manifest.json", R"({"../escape": {"timestamp": "1"}})", 30);
  feeds_->check_now();
  ASSERT_TRUE(wait_status(
      *feeds_, [](const FeedStatus& st) { return st.last_error.find("is not an event uuid") != std::string::npos; }));
  EXPECT_FALSE(fs::exists(dir_ / "escape.json"));
  EXPECT_EQ(updates(), 2u);
}

TEST(HttpFeeds, PlaceholdersParseInEveryFormat) {
  for (auto format : {policy::ListFormat::kDomains, policy::ListFormat::kHosts, policy::ListFormat::kAdblock,
                      policy::ListFormat::kRpz, policy::ListFormat::kMisp}) {
    auto l = policy::parse_list(placeholder_list(format), {"x", "placeholder", format, policy::Category::kCustom});
    ASSERT_TRUE(l) << policy::to_string(format) << ": " << l.error().message;
    EXPECT_EQ((*l)->rule_count, 0u) << policy::to_string(format);
  }
}

TEST(HttpFeeds, UrlsForLogsDropSecrets) {
  EXPECT_EQ(url_for_logs("https://user:pw@cert.example:8443/feeds/c2.txt?key=s3cret#x"),
            "https://cert.example:8443/feeds/c2.txt");
  EXPECT_EQ(url_for_logs("https://cert.example/a.txt"), "https://cert.example/a.txt");
  EXPECT_EQ(url_for_logs("::"), "(a URL that does not parse)");
}

}  // namespace
}  // namespace dns4eu::intel
