// config_reader.h — checked access to a yaml-cpp document for the config
// loader: every conversion reports its own `name:line:column: path: message`
// into a Diagnostics and returns std::nullopt, so a loader reads on past a
// mistake and reports all of them at once.
//
//   Diagnostics diag("dns4eud.yaml");
//   MapReader cache(field, diag);
//   if (auto f = cache.take("size")) if (auto v = as_size(*f, 1 << 20, 1ull << 40, diag)) cfg.size = *v;
//   cache.finish();   // reports unknown keys, with "did you mean"
//
// Never throws (yaml-cpp node access used here does not throw on the node
// kinds checked first). Thread-safety: single-threaded objects.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "daemon/netaddr.h"
#include "dns/result.h"

namespace dns4eu::daemon::internal {

class Diagnostics {
 public:
  explicit Diagnostics(std::string_view source) : source_(source) {}
  // `path` may be empty (top level).
  void error(const YAML::Mark& mark, std::string_view path, std::string_view message);
  std::string where(const YAML::Mark& mark) const;  // "name:line:column"
  bool ok() const { return entries_.empty(); }
  // All messages sorted by position, one per line.
  Error to_error() const;

 private:
  struct Entry {
    int line, column;
    std::string text;
  };
  std::string source_;
  std::vector<Entry> entries_;
};

// A YAML value with its location and its key path ("cache.size", "listeners[1].port").
struct Field {
  YAML::Node node;
  YAML::Mark mark;  // of the value; of its key when the value is empty
  std::string path;
  bool is_null() const { return !node.IsDefined() || node.IsNull(); }
};

struct KeyedField {
  std::string key;
  YAML::Mark key_mark;
  Field value;
};

// Reads one mapping. A null field reads as an empty mapping; anything else
// that is not a mapping is reported once and also reads as empty.
class MapReader {
 public:
  MapReader(const Field& field, Diagnostics& diag);
  // The value of `key`, if present. Every key asked for is "known" to finish().
  std::optional<Field> take(std::string_view key);
  // Every entry, in file order (for mappings whose keys are data).
  std::vector<KeyedField> take_all();
  // Reports each present key that was never asked for.
  void finish();
  const Field& field() const { return field_; }
  bool present(std::string_view key) const;

 private:
  struct Entry {
    std::string key;
    YAML::Mark key_mark;
    Field value;
    bool used = false;
  };
  Field field_;
  Diagnostics& diag_;
  std::vector<Entry> entries_;
  std::vector<std::string> known_;
};

// "a mapping", "a list", "nothing" or "'text'" — for "expected X, got Y".
std::string describe(const Field& f);
std::string child_path(std::string_view parent, std::string_view key);

std::optional<std::string> as_string(const Field& f, Diagnostics& diag);
std::optional<bool> as_bool(const Field& f, Diagnostics& diag);
std::optional<uint64_t> as_uint(const Field& f, uint64_t min, uint64_t max, Diagnostics& diag);
std::optional<uint64_t> as_size(const Field& f, uint64_t min, uint64_t max, Diagnostics& diag);
std::optional<std::chrono::milliseconds> as_duration(const Field& f, std::chrono::milliseconds min,
                                                     std::chrono::milliseconds max, Diagnostics& diag);
// A duration that must be whole seconds (TTLs).
std::optional<std::chrono::seconds> as_seconds(const Field& f, std::chrono::seconds min, std::chrono::seconds max,
                                               Diagnostics& diag);
std::optional<IpAddress> as_address(const Field& f, Diagnostics& diag);
std::optional<IpPrefix> as_prefix(const Field& f, Diagnostics& diag);
// Index of the value in `names`; the error lists them and suggests the closest.
std::optional<size_t> as_choice(const Field& f, std::span<const std::string_view> names, Diagnostics& diag);
// Elements of a list, with paths "path[i]". A non-list is reported (an empty
// value too: write [] for an empty list) and gives no elements.
std::vector<Field> as_list(const Field& f, Diagnostics& diag);

// Keyed helpers: when `key` is present and valid, store its value in `out`.
void get_bool(MapReader& m, std::string_view key, bool& out, Diagnostics& diag);
void get_size(MapReader& m, std::string_view key, uint64_t& out, uint64_t min, uint64_t max, Diagnostics& diag);
void get_duration(MapReader& m, std::string_view key, std::chrono::milliseconds& out, std::chrono::milliseconds min,
                  std::chrono::milliseconds max, Diagnostics& diag);
void get_seconds(MapReader& m, std::string_view key, std::chrono::seconds& out, std::chrono::seconds min,
                 std::chrono::seconds max, Diagnostics& diag);
// Replaces `out` with the list (an invalid element is reported and skipped).
void get_prefixes(MapReader& m, std::string_view key, std::vector<IpPrefix>& out, Diagnostics& diag);
template <typename T>
void get_uint(MapReader& m, std::string_view key, T& out, uint64_t min, uint64_t max, Diagnostics& diag) {
  if (auto f = m.take(key)) {
    if (auto v = as_uint(*f, min, max, diag)) out = static_cast<T>(*v);
  }
}
template <typename E, size_t N>
void get_enum(MapReader& m, std::string_view key, E& out, const std::array<std::string_view, N>& names,
              Diagnostics& diag) {
  if (auto f = m.take(key)) {
    if (auto i = as_choice(*f, names, diag)) out = static_cast<E>(*i);
  }
}

}  // namespace dns4eu::daemon::internal
