// config_reader.cc — checked conversions from yaml-cpp nodes.
#include "daemon/internal/config_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <tuple>

#include "daemon/internal/config_text.h"

namespace dns4eu::daemon::internal {
namespace {

// The scalar text, or an error naming what was expected.
std::optional<std::string> scalar(const Field& f, std::string_view expected, Diagnostics& diag) {
  if (f.node.IsDefined() && f.node.IsScalar()) return f.node.Scalar();
  diag.error(f.mark, f.path, "expected " + std::string(expected) + ", got " + describe(f));
  return std::nullopt;
}

std::string join(std::span<const std::string_view> names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + std::string(names[i]);
  return out;
}

}  // namespace

void Diagnostics::error(const YAML::Mark& mark, std::string_view path, std::string_view message) {
  std::string text = where(mark) + ": ";
  if (!path.empty()) text += std::string(path) + ": ";
  text += message;
  entries_.push_back({mark.line, mark.column, std::move(text)});
}

std::string Diagnostics::where(const YAML::Mark& mark) const {
  if (mark.is_null()) return source_;
  return source_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

Error Diagnostics::to_error() const {
  std::vector<Entry> sorted = entries_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::string message;
  for (const Entry& e : sorted) message += (message.empty() ? "" : "\n") + e.text;
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

std::string describe(const Field& f) {
  if (f.is_null()) return "nothing";
  if (f.node.IsMap()) return "a mapping";
  if (f.node.IsSequence()) return "a list";
  return "'" + f.node.Scalar() + "'";
}

std::string child_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

MapReader::MapReader(const Field& field, Diagnostics& diag) : field_(field), diag_(diag) {
  if (field.is_null()) return;
  if (!field.node.IsMap()) {
    diag.error(field.mark, field.path, "expected a mapping (key: value lines), got " + describe(field));
    return;
  }
  for (auto it = field.node.begin(); it != field.node.end(); ++it) {
    YAML::Node key = it->first;  // copies: `*it` is a temporary proxy
    if (!key.IsScalar()) {
      diag.error(key.Mark(), field.path, "keys must be plain words");
      continue;
    }
    auto dup = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key.Scalar(); });
    if (dup != entries_.end()) {
      diag.error(key.Mark(), field.path,
                 "duplicate key '" + key.Scalar() + "' (first at line " + std::to_string(dup->key_mark.line + 1) +
                     ", column " + std::to_string(dup->key_mark.column + 1) + ")");
      continue;
    }
    YAML::Node value = it->second;
    bool empty = !value.IsDefined() || value.IsNull();
    YAML::Mark mark = empty || value.Mark().is_null() ? key.Mark() : value.Mark();
    entries_.push_back({key.Scalar(), key.Mark(), Field{value, mark, child_path(field.path, key.Scalar())}});
  }
}

std::optional<Field> MapReader::take(std::string_view key) {
  known_.emplace_back(key);
  for (Entry& e : entries_) {
    if (e.key == key) {
      e.used = true;
      return e.value;
    }
  }
  return std::nullopt;
}

std::vector<KeyedField> MapReader::take_all() {
  std::vector<KeyedField> out;
  for (Entry& e : entries_) {
    e.used = true;
    out.push_back({e.key, e.key_mark, e.value});
  }
  return out;
}

bool MapReader::present(std::string_view key) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
}

void MapReader::finish() {
  for (const Entry& e : entries_) {
    if (e.used) continue;
    std::string message = "unknown key '" + e.key + "'";
    if (field_.path.empty()) message = "unknown top-level key '" + e.key + "'";
    if (auto s = suggest(e.key, known_)) message += "; did you mean '" + *s + "'?";
    diag_.error(e.key_mark, field_.path, message);
  }
}

std::optional<std::string> as_string(const Field& f, Diagnostics& diag) { return scalar(f, "a string", diag); }

std::optional<bool> as_bool(const Field& f, Diagnostics& diag) {
  auto text = scalar(f, "true or false", diag);
  if (!text) return std::nullopt;
  static constexpr std::array<std::string_view, 6> kTrue = {"true", "True", "TRUE", "yes", "on", "On"};
  static constexpr std::array<std::string_view, 6> kFalse = {"false", "False", "FALSE", "no", "off", "Off"};
  if (std::find(kTrue.begin(), kTrue.end(), *text) != kTrue.end()) return true;
  if (std::find(kFalse.begin(), kFalse.end(), *text) != kFalse.end()) return false;
  diag.error(f.mark, f.path, "expected true or false, got '" + *text + "'");
  return std::nullopt;
}

std::optional<uint64_t> as_uint(const Field& f, uint64_t min, uint64_t max, Diagnostics& diag) {
  auto text = scalar(f, "a whole number", diag);
  if (!text) return std::nullopt;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  bool digits = !text->empty() && std::isdigit(static_cast<unsigned char>((*text)[0]));
  if (!digits || end != text->data() + text->size() || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    diag.error(f.mark, f.path, "expected a whole number, got '" + *text + "'");
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range || value < min || value > max) {
    diag.error(f.mark, f.path,
               *text + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<uint64_t> as_size(const Field& f, uint64_t min, uint64_t max, Diagnostics& diag) {
  auto text = scalar(f, "a size such as 256MiB or 1G", diag);
  if (!text) return std::nullopt;
  auto value = parse_size(*text);
  if (!value) {
    diag.error(f.mark, f.path, value.error().message);
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    diag.error(f.mark, f.path, *text + " is out of range " + format_size(min) + ".." + format_size(max));
    return std::nullopt;
  }
  return *value;
}

std::optional<std::chrono::milliseconds> as_duration(const Field& f, std::chrono::milliseconds min,
                                                     std::chrono::milliseconds max, Diagnostics& diag) {
  auto text = scalar(f, "a duration such as 5s or 1500ms", diag);
  if (!text) return std::nullopt;
  auto value = parse_duration(*text);
  if (!value) {
    diag.error(f.mark, f.path, value.error().message);
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    diag.error(f.mark, f.path, *text + " is out of range " + format_duration(min) + ".." + format_duration(max));
    return std::nullopt;
  }
  return *value;
}

std::optional<std::chrono::seconds> as_seconds(const Field& f, std::chrono::seconds min, std::chrono::seconds max,
                                               Diagnostics& diag) {
  auto value = as_duration(f, min, max, diag);
  if (!value) return std::nullopt;
  if (value->count() % 1000 != 0) {
    diag.error(f.mark, f.path, "must be a whole number of seconds, got '" + f.node.Scalar() + "'");
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(*value);
}

std::optional<IpAddress> as_address(const Field& f, Diagnostics& diag) {
  auto text = scalar(f, "an IP address", diag);
  if (!text) return std::nullopt;
  auto value = IpAddress::parse(*text);
  if (!value) diag.error(f.mark, f.path, value.error().message);
  return value ? std::optional<IpAddress>(*value) : std::nullopt;
}

std::optional<IpPrefix> as_prefix(const Field& f, Diagnostics& diag) {
  auto text = scalar(f, "an address prefix such as 192.0.2.0/24", diag);
  if (!text) return std::nullopt;
  auto value = IpPrefix::parse(*text);
  if (!value) diag.error(f.mark, f.path, value.error().message);
  return value ? std::optional<IpPrefix>(*value) : std::nullopt;
}

std::optional<size_t> as_choice(const Field& f, std::span<const std::string_view> names, Diagnostics& diag) {
  auto text = scalar(f, "one of " + join(names), diag);
  if (!text) return std::nullopt;
  auto it = std::find(names.begin(), names.end(), *text);
  if (it != names.end()) return static_cast<size_t>(it - names.begin());
  std::string message = "expected one of " + join(names) + ", got '" + *text + "'";
  std::vector<std::string> candidates(names.begin(), names.end());
  if (auto s = suggest(*text, candidates)) message += "; did you mean '" + *s + "'?";
  diag.error(f.mark, f.path, message);
  return std::nullopt;
}

std::vector<Field> as_list(const Field& f, Diagnostics& diag) {
  std::vector<Field> out;
  if (!f.node.IsDefined() || !f.node.IsSequence()) {
    std::string hint = f.is_null() ? " (write [] for an empty list)" : "";
    diag.error(f.mark, f.path, "expected a list, got " + describe(f) + hint);
    return out;
  }
  for (size_t i = 0; i < f.node.size(); ++i) {
    YAML::Node item = f.node[i];
    YAML::Mark mark = item.Mark().is_null() ? f.mark : item.Mark();
    out.push_back(Field{item, mark, f.path + "[" + std::to_string(i) + "]"});
  }
  return out;
}

}  // namespace dns4eu::daemon::internal

namespace dns4eu::daemon::internal {

void get_bool(MapReader& m, std::string_view key, bool& out, Diagnostics& diag) {
  if (auto f = m.take(key)) {
    if (auto v = as_bool(*f, diag)) out = *v;
  }
}

void get_size(MapReader& m, std::string_view key, uint64_t& out, uint64_t min, uint64_t max, Diagnostics& diag) {
  if (auto f = m.take(key)) {
    if (auto v = as_size(*f, min, max, diag)) out = *v;
  }
}

void get_duration(MapReader& m, std::string_view key, std::chrono::milliseconds& out, std::chrono::milliseconds min,
                  std::chrono::milliseconds max, Diagnostics& diag) {
  if (auto f = m.take(key)) {
    if (auto v = as_duration(*f, min, max, diag)) out = *v;
  }
}

void get_seconds(MapReader& m, std::string_view key, std::chrono::seconds& out, std::chrono::seconds min,
                 std::chrono::seconds max, Diagnostics& diag) {
  if (auto f = m.take(key)) {
    if (auto v = as_seconds(*f, min, max, diag)) out = *v;
  }
}

void get_prefixes(MapReader& m, std::string_view key, std::vector<IpPrefix>& out, Diagnostics& diag) {
  auto f = m.take(key);
  if (!f) return;
  std::vector<IpPrefix> list;
  for (const Field& item : as_list(*f, diag)) {
    if (auto p = as_prefix(item, diag)) list.push_back(*p);
  }
  out = std::move(list);
}

}  // namespace dns4eu::daemon::internal
