// prometheus.h — writes the Prometheus text exposition format (version
// 0.0.4): one HELP and TYPE line per family, then its samples. Label values
// are escaped (backslash, quote, newline); family names are fixed strings of
// the code, never data.
//
//   PromWriter w;
//   w.family("dns4eu_queries_total", "Queries received.", "counter");
//   w.sample("dns4eu_queries_total", {{"transport", "udp"}}, 42);
//   std::string page = w.take();
//
// Thread-safety: a single-threaded builder.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dns4eu::telemetry {

using Label = std::pair<std::string_view, std::string_view>;

class PromWriter {
 public:
  // `type`: "counter", "gauge" or "histogram".
  void family(std::string_view name, std::string_view help, std::string_view type);
  void sample(std::string_view name, std::initializer_list<Label> labels, double value);
  void sample(std::string_view name, std::span<const Label> labels, double value);
  // A histogram's _bucket (cumulative, with +Inf), _sum and _count lines.
  // `buckets` are per-bucket (non-cumulative) counts, one more than `bounds`.
  void histogram(std::string_view name, std::span<const Label> labels, std::span<const double> bounds,
                 std::span<const uint64_t> buckets, double sum);
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// A label value with \, " and newline escaped.
std::string escape_label_value(std::string_view v);

}  // namespace dns4eu::telemetry
