// misp_mirror.cc — see misp_mirror.h.
#include "intel/internal/misp_mirror.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "intel/internal/atomic_file.h"
#include "intel/internal/curl_url.h"
#include "policy/internal/text_lines.h"

namespace dns4eu::intel::internal {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kManifest = "manifest.json";

// The URL of a file beside the manifest (its query, which may carry a key, kept).
std::optional<std::string> sibling_url(const std::string& manifest_url, const std::string& file) {
  auto u = parse_url(manifest_url);
  if (!u) return std::nullopt;
  auto path = url_part(u->get(), CURLUPART_PATH);
  if (!path || !path->ends_with(kManifest)) return std::nullopt;
  std::string sibling = path->substr(0, path->size() - kManifest.size()) + file;
  if (curl_url_set(u->get(), CURLUPART_PATH, sibling.c_str(), 0) != CURLUE_OK) return std::nullopt;
  return url_part(u->get(), CURLUPART_URL);
}

// The timestamp the manifest gives an event ("" when none).
std::string stamp(const nlohmann::json& manifest, const std::string& id) {
  auto it = manifest.find(id);
  if (it == manifest.end() || !it->is_object()) return "";
  auto t = it->find("timestamp");
  return t == it->end() ? "" : t->dump();
}

}  // namespace

bool is_misp_feed_url(const std::string& url) {
  auto u = parse_url(url);
  auto path = u ? url_part(u->get(), CURLUPART_PATH) : std::nullopt;
  return path && path->ends_with("/" + std::string(kManifest));
}

Status make_empty_feed(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) return {};
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kIo, dir + ": cannot create the feed's directory: " + ec.message());
  return write_atomically(dir + "/" + std::string(kManifest), "{}\n");
}

Result<MirrorResult> mirror_misp_feed(const FetchSource& source, const policy::ListSpec& spec, const Validators& held,
                                      const std::atomic<bool>& stop) {
  const std::string where = url_for_logs(source.url);
  MirrorResult out;
  HttpsClient client;  // the manifest and every event on one connection
  auto got = client.get(source, held, stop);
  if (!got) return tl::unexpected(got.error());
  if (got->not_modified) {
    out.not_modified = true;
    return out;
  }
  out.validators = got->validators;
  auto manifest = nlohmann::json::parse(got->body, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object())
    return fail(ErrorCode::kMalformed, where + ": not a MISP feed manifest (a JSON object of event uuids)");
  for (const auto& item : manifest.items())
    if (!policy::internal::is_misp_event_id(item.key()))  // never a file name otherwise
      return fail(ErrorCode::kMalformed, where + ": '" + item.key().substr(0, 80) + "' is not an event uuid");
  const fs::path mirror = spec.path;
  auto held_text = policy::internal::read_text_file((mirror / kManifest).string());
  auto held_manifest = held_text ? nlohmann::json::parse(*held_text, nullptr, false) : nlohmann::json::object();
  if (!held_manifest.is_object()) held_manifest = nlohmann::json::object();
  std::error_code ec;
  if (held_text && *held_text == got->body &&
      std::all_of(manifest.items().begin(), manifest.items().end(),
                  [&](const auto& item) { return fs::exists(mirror / (item.key() + ".json"), ec); }))
    return out;  // the mirror is this version
  const fs::path staging = spec.path + ".dns4eu-new";
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) return fail(ErrorCode::kIo, staging.string() + ": cannot create: " + ec.message());
  auto cleanup = [&] {
    std::error_code e;
    fs::remove_all(staging, e);
  };
  for (const auto& item : manifest.items()) {
    if (stop.load()) return cleanup(), fail(ErrorCode::kIo, where + ": stopped");
    const std::string file = item.key() + ".json";
    const std::string t = stamp(manifest, item.key());
    if (!t.empty() && t == stamp(held_manifest, item.key()) && fs::exists(mirror / file, ec)) {
      fs::create_hard_link(mirror / file, staging / file, ec);
      if (ec) fs::copy_file(mirror / file, staging / file, ec);
      if (!ec) {
        ++out.kept;
        continue;
      }
    }
    auto url = sibling_url(source.url, file);
    if (!url) return cleanup(), fail(ErrorCode::kInvalidArgument, where + ": cannot make the URL of " + file);
    FetchSource event = source;
    event.url = *url;
    event.body.clear();
    auto e = client.get(event, {}, stop);
    if (!e) return cleanup(), tl::unexpected(e.error());
    if (auto s = write_atomically((staging / file).string(), e->body); !s) return cleanup(), tl::unexpected(s.error());
    ++out.fetched;
  }
  if (auto s = write_atomically((staging / kManifest).string(), got->body); !s)
    return cleanup(), tl::unexpected(s.error());
  // The same reader the policy build runs; its messages name the feed's URLs.
  policy::ListSpec check = spec;
  check.path = staging.string();
  check.format = policy::ListFormat::kMisp;
  auto list = policy::load_list(check);
  if (!list) {
    cleanup();
    std::string m = list.error().message;
    auto base = sibling_url(where, "");
    for (std::size_t at; base && (at = m.find(staging.string() + "/")) != std::string::npos;)
      m.replace(at, staging.string().size() + 1, *base);
    return fail(list.error().code, m);
  }
  out.rules = (*list)->rule_count;
  // Swap the mirror and the new version in one step; the old one is removed.
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, mirror.c_str(), RENAME_EXCHANGE) != 0 &&
      ::rename(staging.c_str(), mirror.c_str()) != 0) {
    cleanup();
    return fail(ErrorCode::kIo, mirror.string() + ": cannot replace it with " + staging.string() + " (a directory?)");
  }
  cleanup();
  out.changed = true;
  return out;
}

}  // namespace dns4eu::intel::internal
