// prometheus.cc — see prometheus.h.
#include "telemetry/prometheus.h"

#include <cmath>
#include <cstdio>
#include <vector>

namespace dns4eu::telemetry {
namespace {

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.9g", v);
  }
  return buf;
}

void write_labels(std::string& out, std::span<const Label> labels) {
  if (labels.empty()) return;
  out += '{';
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out.append(k);
    out += "=\"";
    out += escape_label_value(v);
    out += '"';
  }
  out += '}';
}

}  // namespace

std::string escape_label_value(std::string_view v) {
  std::string s;
  s.reserve(v.size());
  for (char c : v) {
    if (c == '\\')
      s += "\\\\";
    else if (c == '"')
      s += "\\\"";
    else if (c == '\n')
      s += "\\n";
    else
      s += c;
  }
  return s;
}

void PromWriter::family(std::string_view name, std::string_view help, std::string_view type) {
  out_ += "# HELP ";
  out_.append(name);
  out_ += ' ';
  out_.append(help);
  out_ += "\n# TYPE ";
  out_.append(name);
  out_ += ' ';
  out_.append(type);
  out_ += '\n';
}

void PromWriter::sample(std::string_view name, std::initializer_list<Label> labels, double value) {
  sample(name, std::span<const Label>(labels.begin(), labels.size()), value);
}

void PromWriter::sample(std::string_view name, std::span<const Label> labels, double value) {
  out_.append(name);
  write_labels(out_, labels);
  out_ += ' ';
  out_ += number(value);
  out_ += '\n';
}

void PromWriter::histogram(std::string_view name, std::span<const Label> labels, std::span<const double> bounds,
                           std::span<const uint64_t> buckets, double sum) {
  std::vector<Label> with_le(labels.begin(), labels.end());
  with_le.emplace_back("le", "");
  std::string bucket_name = std::string(name) + "_bucket";
  uint64_t cumulative = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    cumulative += buckets[i];
    std::string le = i < bounds.size() ? number(bounds[i]) : "+Inf";
    with_le.back().second = le;
    sample(bucket_name, with_le, static_cast<double>(cumulative));
  }
  sample(std::string(name) + "_sum", labels, sum);
  sample(std::string(name) + "_count", labels, static_cast<double>(cumulative));
}

}  // namespace dns4eu::telemetry
