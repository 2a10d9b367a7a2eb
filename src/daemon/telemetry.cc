// telemetry.cc — see telemetry.h.
#include "daemon/telemetry.h"

#include <algorithm>

#include "daemon/server.h"

namespace dns4eu::daemon {

telemetry::AddressFilterConfig address_filter_config(const Config& config) {
  telemetry::AddressFilterConfig f;
  f.policy = static_cast<telemetry::AddressPolicy>(effective_address_policy(config.profile, config.privacy));
  f.keep_port = config.profile != PrivacyProfile::kPublic && config.privacy.client_port;
  f.truncate_v4 = config.privacy.truncate_v4;
  f.truncate_v6 = config.privacy.truncate_v6;
  return f;
}

static_assert(static_cast<int>(AddressPolicy::kPseudonymise) ==
              static_cast<int>(telemetry::AddressPolicy::kPseudonymise));

Result<std::unique_ptr<Telemetry>> Telemetry::create(const Config& config, unsigned workers) {
  std::unique_ptr<Telemetry> t(new Telemetry());
  t->profile_ = std::string(to_string(config.profile));
  t->filter_ = address_filter_config(config);
  t->keep_addresses_ = t->filter_.policy != telemetry::AddressPolicy::kDrop;
  t->flavour_names_.push_back("plain");
  t->flavour_map_ = std::make_shared<FlavourMap>();
  for (unsigned i = 0; i < workers; ++i) t->metrics_.push_back(std::make_unique<telemetry::WorkerMetrics>());
  t->set_listeners(config);
  if (config.query_log) {
    const auto& q = *config.query_log;
    t->query_log_ = std::make_unique<telemetry::QueryLog>(
        telemetry::RotatingFileConfig{q.path, q.max_size, q.rotate_every, q.retention}, workers, q.queue_size,
        t->filter_, telemetry::QueryLogNames{t->profile_, t->flavour_names_, t->policy_lists_});
    if (!q.asn_database.empty()) {
      auto db = telemetry::AsnDatabase::open(q.asn_database);
      if (!db) return tl::unexpected(Error{db.error().code, "query_log.asn_database: " + db.error().message});
      t->asn_path_ = q.asn_database;
      t->asn_ = std::move(*db);
      t->asn_generation_.store(1);
      t->query_log_->expect_asn();
    }
    if (auto s = t->query_log_->start(); !s)
      return tl::unexpected(Error{s.error().code, "query_log: " + s.error().message});
  }
  if (config.dnstap) {
    const auto& d = *config.dnstap;
    t->dnstap_config_ = d;
    auto w = telemetry::DnstapWriter::open(
        {.file = d.file, .socket = d.socket, .identity = d.identity, .workers = workers, .queue_size = d.queue_size});
    if (!w) return tl::unexpected(w.error());
    t->dnstap_ = std::move(*w);
  }
  for (unsigned i = 0; i < workers; ++i) t->observers_.push_back(std::make_unique<QueryObserver>(i, *t));
  return t;
}

Telemetry::~Telemetry() { stop(); }

void Telemetry::stop() {
  if (query_log_) query_log_->stop();
  dnstap_.reset();  // flushes
}

void Telemetry::set_listeners(const Config& config) {
  std::lock_guard lock(mu_);
  auto map = std::make_shared<FlavourMap>();
  for (const auto& l : config.listeners) {
    auto it = std::find(flavour_names_.begin(), flavour_names_.end(), l.flavour);
    if (it == flavour_names_.end() && flavour_names_.size() < telemetry::kMaxFlavours) {
      flavour_names_.push_back(l.flavour);
      it = flavour_names_.end() - 1;
    }
    auto index = it == flavour_names_.end() ? telemetry::kMaxFlavours - 1 : it - flavour_names_.begin();
    map->by_listener.emplace_back(listener_id(l), static_cast<uint8_t>(index));
  }
  flavour_map_ = std::move(map);
  flavour_generation_.fetch_add(1, std::memory_order_release);
  publish_names();
}

void Telemetry::set_policy_lists(std::vector<std::string> names) {
  std::lock_guard lock(mu_);
  policy_lists_.resize(1);
  for (auto& n : names) policy_lists_.push_back(std::move(n));
  publish_names();
}

void Telemetry::publish_names() {
  if (query_log_) query_log_->set_names({profile_, flavour_names_, policy_lists_});
}

std::shared_ptr<const FlavourMap> Telemetry::flavours(uint64_t& generation) const {
  std::lock_guard lock(mu_);
  generation = flavour_generation_.load(std::memory_order_acquire);
  return flavour_map_;
}

Status Telemetry::reload_asn() {
  if (asn_path_.empty()) return {};
  auto db = telemetry::AsnDatabase::open(asn_path_);
  if (!db) return tl::unexpected(Error{db.error().code, "query_log.asn_database: " + db.error().message});
  std::shared_ptr<const telemetry::AsnDatabase> fresh = std::move(*db);
  std::lock_guard lock(mu_);
  asn_ = std::move(fresh);  // workers drop the old one at their next query
  asn_generation_.fetch_add(1, std::memory_order_release);
  return {};
}

std::shared_ptr<const telemetry::AsnDatabase> Telemetry::asn(uint64_t& generation) const {
  std::lock_guard lock(mu_);
  generation = asn_generation_.load(std::memory_order_acquire);
  return asn_;
}

telemetry::MetricsSnapshot Telemetry::snapshot() const {
  telemetry::MetricsSnapshot s;
  for (const auto& m : metrics_) s.add(*m);
  return s;
}

telemetry::MetricNames Telemetry::names() const {
  std::lock_guard lock(mu_);
  return {profile_, flavour_names_, policy_lists_};
}

}  // namespace dns4eu::daemon
