// misp_mirror.h — keeps a local mirror of a MISP feed published over HTTPS
// (the format CERTs exchange, e.g. CIRCL's OSINT feed: manifest.json lists
// each event's uuid with its timestamp, <uuid>.json holds the event). One
// update asks for the manifest (a conditional GET); when it changed, the
// events whose timestamp changed are fetched, the others hard-linked from the
// mirror, all into a directory beside it, which is checked with the policy's
// MISP feed reader and then swapped with the mirror in one rename
// (RENAME_EXCHANGE): the policy never reads half a feed.
//
//   auto r = mirror_misp_feed(source, spec, held, stopping);   // source.url ends in /manifest.json
//   if (r && r->changed) reload();                             // spec.path: the mirror directory
//
// Thread-safety: reentrant for different mirrors.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include "dns/result.h"
#include "intel/fetch_source.h"
#include "intel/internal/https_get.h"
#include "policy/list_parser.h"

namespace dns4eu::intel::internal {

struct MirrorResult {
  bool changed = false;   // a new version is in the mirror
  Validators validators;  // of the manifest fetched (none after a 304)
  bool not_modified = false;
  std::size_t fetched = 0, kept = 0;  // events downloaded / reused
  std::size_t rules = 0;
};

// True when `url`'s path ends in "/manifest.json": a feed to mirror.
bool is_misp_feed_url(const std::string& url);

// Makes `dir` an empty feed (a manifest listing no event) unless it exists.
Status make_empty_feed(const std::string& dir);

Result<MirrorResult> mirror_misp_feed(const FetchSource& source, const policy::ListSpec& spec, const Validators& held,
                                      const std::atomic<bool>& stop);

}  // namespace dns4eu::intel::internal
