// rpz_feeds.cc — see rpz_feeds.h.
#include "intel/rpz_feeds.h"

#include <algorithm>
#include <filesystem>

#include "intel/internal/atomic_file.h"

namespace dns4eu::intel {
namespace {

using internal::write_atomically;

std::chrono::seconds clamp(uint32_t v, std::chrono::seconds lo, std::chrono::seconds hi) {
  return std::clamp(std::chrono::seconds(v), lo, std::max(lo, hi));
}

}  // namespace

std::string placeholder_zone(const dns::Name& zone) {
  return zone.to_text() + " 60 IN SOA invalid. invalid. 0 3600 600 86400 60\n";
}

XfrFeeds::XfrFeeds(std::vector<FeedSpec> feeds, std::function<void(const std::string&)> on_update, FeedLog log)
    : specs_(std::move(feeds)), state_(specs_.size()), on_update_(std::move(on_update)), log_(std::move(log)) {
  for (const auto& f : specs_) {
    std::error_code ec;
    if (std::filesystem::exists(f.list.path, ec)) continue;
    if (auto s = write_atomically(f.list.path, placeholder_zone(f.source.zone)); !s)
      log_(LogLevel::kError, "rpz xfr " + f.list.name + ": " + s.error().message);
  }
}

XfrFeeds::~XfrFeeds() { stop(); }

void XfrFeeds::start() {
  scheduler_.start([this](std::size_t i) { refresh(i); });
}

void XfrFeeds::stop() { scheduler_.stop(); }

dns::Rcode XfrFeeds::notify(const dns::Name& zone, const std::string& from) {
  bool known = false;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (!(specs_[i].source.zone == zone)) continue;
    known = true;
    const auto& ps = specs_[i].source.primaries;
    if (std::none_of(ps.begin(), ps.end(), [&](const Primary& p) { return p.address == from; })) continue;
    {
      std::lock_guard lock(mu_);
      state_[i].notified = true;
    }
    scheduler_.due_now(i);
    return dns::Rcode::kNoError;
  }
  // Only a primary of some zone learns that a zone is not configured here.
  bool a_primary = std::any_of(specs_.begin(), specs_.end(), [&](const FeedSpec& f) {
    return std::any_of(f.source.primaries.begin(), f.source.primaries.end(), [&](const Primary& p) { return p.address == from; });
  });
  return known || !a_primary ? dns::Rcode::kRefused : dns::Rcode::kNotAuth;
}

void XfrFeeds::refresh(std::size_t i) {
  const FeedSpec& f = specs_[i];
  const XfrSource& src = f.source;
  std::optional<Zone> base;
  bool notified;
  {
    std::lock_guard lock(mu_);
    base = state_[i].zone;
    notified = state_[i].notified;
    state_[i].notified = false;
  }
  std::string who = "rpz xfr " + f.list.name + " (" + src.zone.to_text() + ")";
  std::string errors;
  std::optional<std::chrono::seconds> next;
  bool current = false;  // a primary's serial is not newer than the version served
  for (const Primary& p : src.primaries) {
    if (base) {
      auto serial = query_soa_serial(p, src.zone, src.tsig, src.timeout);
      if (!serial) {
        errors += (errors.empty() ? "" : "; ") + serial.error().message;
        continue;
      }
      if (!serial_gt(*serial, base->serial)) {
        current = true;
        auto soa = dns::SoaView::parse(base->soa.rdata);
        next = clamp(soa ? soa->refresh : 0, src.refresh_min, src.refresh_max);
        if (notified) log_(LogLevel::kInfo, who + ": NOTIFY, but serial " + std::to_string(*serial) + " is not newer than " +
                                               std::to_string(base->serial));
        break;
      }
    }
    auto got = transfer(p, src.zone, src.tsig, base ? &*base : nullptr, src.timeout);
    if (!got) {
      errors += (errors.empty() ? "" : "; ") + got.error().message;
      continue;
    }
    if (!got->up_to_date) {
      if (auto s = publish(i, got->zone); !s) {
        errors += (errors.empty() ? "" : "; ") + s.error().message;
        continue;
      }
      log_(LogLevel::kInfo, who + ": serial " + std::to_string(got->zone.serial) + " by " +
                                (got->incremental ? "IXFR" : got->fell_back ? "AXFR (IXFR fell back)" : "AXFR") +
                                " from " + p.address + "#" + std::to_string(p.port) + ", " +
                                std::to_string(got->zone.records.size()) + " records");
    }
    auto soa = dns::SoaView::parse(got->zone.soa.rdata);
    next = clamp(soa ? soa->refresh : 0, src.refresh_min, src.refresh_max);
    std::lock_guard lock(mu_);
    state_[i].zone = std::move(got->zone);
    if (!got->up_to_date) state_[i].last_error.clear(), state_[i].last_error_unix = 0;
    break;
  }
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (next) {
    std::lock_guard lock(mu_);
    state_[i].last_success_unix = now;
    // Nothing newer is waiting: an error of an earlier attempt (a primary
    // that did not answer) is over.
    if (current) state_[i].last_error.clear(), state_[i].last_error_unix = 0;
  } else {
    log_(LogLevel::kError, who + ": transfer refused, the previous version keeps serving: " + errors);
    {
      std::lock_guard lock(mu_);
      state_[i].last_error = errors;
      state_[i].last_error_unix = now;
    }
    uint32_t retry = 0;
    if (base)
      if (auto soa = dns::SoaView::parse(base->soa.rdata)) retry = soa->retry;
    next = clamp(retry, src.retry_min, src.retry_max);
  }
  scheduler_.due_in(i, *next);  // unless a NOTIFY came meanwhile
}

std::vector<XfrFeeds::FeedStatus> XfrFeeds::status() const {
  std::lock_guard lock(mu_);
  std::vector<FeedStatus> out;
  for (std::size_t i = 0; i < specs_.size(); ++i)
    out.push_back({specs_[i].list.name, state_[i].last_error_unix, state_[i].last_error, state_[i].last_success_unix});
  return out;
}

Status XfrFeeds::publish(std::size_t i, const Zone& z) {
  const FeedSpec& f = specs_[i];
  std::string text = z.to_text();
  // The same parser the policy build runs: a zone it would refuse never replaces the file.
  // Its messages name the transferred version and the record's line in its text form.
  policy::ListSpec check = f.list;
  check.path = z.origin.to_text() + " serial " + std::to_string(z.serial);
  if (auto l = policy::parse_list(text, check); !l) return fail(l.error().code, "bad RPZ record: " + l.error().message);
  if (auto s = write_atomically(f.list.path, text); !s) return s;
  on_update_(f.list.name);
  return {};
}

}  // namespace dns4eu::intel
