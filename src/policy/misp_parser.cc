// misp_parser.cc — MISP JSON (an event, a list of events, or a restSearch
// result), or a MISP feed directory (manifest.json and one file per event),
// as a domain list. See ListFormat::kMisp in types.h and list_parser.h.
//
// The JSON is read with nlohmann's SAX interface, so a large export is never
// held as a document: the handler keeps the path of containers it is in and
// the few fields of the attribute it is reading.
#include <idn2.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "policy/list_parser.h"

namespace dns4eu::policy::internal {
namespace {

constexpr std::size_t kMaxDepth = 64;  // MISP nests ~5 deep; deeper input is not MISP

// An attribute's fields that matter here.
struct Attribute {
  std::string type, value, uuid;
  bool to_ids = false, deleted = false;
};

// "1", "true", 1, true are true (MISP exports have used each).
bool truthy(std::string_view s) { return s == "1" || s == "true" || s == "True"; }

// Reads one JSON text (`source` names it in messages) into `builder`.
class MispHandler : public nlohmann::json_sax<nlohmann::json> {
 public:
  MispHandler(std::string_view text, const std::string& source, DomainSet::Builder& builder)
      : text_(text), source_(source), builder_(builder) {}

  Status result() const {
    if (!status_) return status_;
    if (!shaped_) {
      return fail(ErrorCode::kMalformed, source_ +
                                             ": not a MISP export (no \"Event\", \"response\" or \"Attribute\" key: expected an "
                                             "event, a list of events or a restSearch result)");
    }
    return {};
  }

  bool null() override { return scalar(); }
  bool boolean(bool v) override { return field(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return field(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return field(std::to_string(v)); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t& v) override { return field(v); }
  bool binary(binary_t&) override { return scalar(); }

  bool start_object(std::size_t) override { return open(false); }
  bool end_object() override {
    if (in_attribute_ && stack_.size() == attribute_depth_) {
      in_attribute_ = false;
      if (!add(attribute_)) return false;
    }
    return close();
  }
  bool start_array(std::size_t) override { return open(true); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    key_ = k;
    if (stack_.size() <= 3 && (k == "Event" || k == "response" || k == "Attribute")) shaped_ = true;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    // what(): "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
    std::string_view what = e.what();
    if (auto c = what.find("column "); c != std::string_view::npos) {
      if (auto colon = what.find(": ", c); colon != std::string_view::npos) what.remove_prefix(colon + 2);
    }
    return stop(where(position) + ": not valid JSON: " + std::string(what));
  }

 private:
  struct Container {
    bool array;
    bool attributes;  // the value of an "Attribute" key: its objects are attributes
  };

  bool open(bool array) {
    if (stack_.size() >= kMaxDepth) return stop(source_ + ": JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
    // An object directly inside an "Attribute" array is an attribute.
    if (!array && !stack_.empty() && stack_.back().attributes && !in_attribute_) {
      in_attribute_ = true;
      attribute_ = Attribute{};
      attribute_depth_ = stack_.size() + 1;
    }
    const bool keyed = !stack_.empty() && !stack_.back().array;  // a value in an object, named by key_
    stack_.push_back({array, array && keyed && key_ == "Attribute"});
    key_.clear();
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }
  bool scalar() { return true; }
  // A scalar value of key_ in the current object.
  bool field(std::string_view v) {
    if (!in_attribute_ || stack_.size() != attribute_depth_) return true;
    if (key_ == "type") attribute_.type = v;
    else if (key_ == "value") attribute_.value = v;
    else if (key_ == "uuid") attribute_.uuid = v;
    else if (key_ == "to_ids") attribute_.to_ids = truthy(v);
    else if (key_ == "deleted") attribute_.deleted = truthy(v);
    return true;
  }

  // domain and hostname attributes marked for detection (to_ids) are rules
  // for the name and every name below it; domain|ip gives its domain. The
  // rest (URLs, addresses, hashes, context) is not a DNS rule.
  bool add(const Attribute& a) {
    ++attributes_;
    if (a.deleted || !a.to_ids) return true;
    std::string_view name = a.value;
    if (a.type == "domain|ip") {
      name = name.substr(0, name.find('|'));
    } else if (a.type != "domain" && a.type != "hostname") {
      return true;
    }
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    uint8_t flags = kSelf | kBelow;
    if (name.starts_with("*.")) name.remove_prefix(2), flags = kBelow;
    std::string ascii(name);
    auto is_ascii = [](std::string_view s) {
      for (unsigned char c : s)
        if (c >= 0x80) return false;
      return true;
    };
    if (!is_ascii(name)) {  // an internationalized name: its A-labels (xn--...), as queries carry it
      char* out = nullptr;
      int rc = idn2_to_ascii_8z(ascii.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
      if (rc != IDN2_OK) return stop(attribute_where(a) + ": '" + a.value + "' is not a valid internationalized name: " + idn2_strerror(rc));
      ascii = out;
      std::free(out);
    }
    if (auto s = add_name(ascii, flags, builder_); !s) return stop(attribute_where(a) + ": '" + a.value + "': " + s.error().message);
    return true;
  }

  // "source:LINE" of a byte offset.
  std::string where(std::size_t position) const {
    std::size_t line = 1;
    for (std::size_t i = 0; i < position && i < text_.size(); ++i) line += text_[i] == '\n';
    return source_ + ":" + std::to_string(line);
  }
  std::string attribute_where(const Attribute& a) const {
    return source_ + ": attribute " + (a.uuid.empty() ? "#" + std::to_string(attributes_) : a.uuid) + " (" + a.type + ")";
  }
  bool stop(std::string message) {
    status_ = fail(ErrorCode::kMalformed, std::move(message));
    return false;
  }

  std::string_view text_;
  const std::string& source_;
  DomainSet::Builder& builder_;
  std::vector<Container> stack_;
  std::string key_;
  Attribute attribute_;
  bool in_attribute_ = false;
  std::size_t attribute_depth_ = 0;
  std::size_t attributes_ = 0;
  bool shaped_ = false;
  Status status_;
};

Status read_export(std::string_view text, const std::string& source, DomainSet::Builder& b) {
  if (text.empty()) return fail(ErrorCode::kMalformed, source + ": empty file (a MISP export is JSON)");
  MispHandler h(text, source, b);
  nlohmann::json::sax_parse(text, &h);
  return h.result();
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return fail(ErrorCode::kIo, path + ": cannot open");
  std::ostringstream s;
  s << f.rdbuf();
  if (f.bad()) return fail(ErrorCode::kIo, path + ": read error");
  return std::move(s).str();
}

}  // namespace

Status parse_misp(std::string_view text, List& out) {
  DomainSet::Builder b;
  if (auto s = read_export(text, out.source, b); !s) return s;
  out.rule_count = b.size();
  out.names = std::move(b).build();
  return {};
}

bool is_misp_event_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) return false;
  return true;
}

Status load_misp_feed(const std::string& dir, List& out) {
  const std::string manifest_path = dir + "/manifest.json";
  auto manifest_text = read_file(manifest_path);
  if (!manifest_text) return tl::unexpected(manifest_text.error());
  auto manifest = nlohmann::json::parse(*manifest_text, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object()) {
    return fail(ErrorCode::kMalformed, manifest_path + ": not a MISP feed manifest (a JSON object of event uuids)");
  }
  DomainSet::Builder b;
  for (const auto& item : manifest.items()) {
    const std::string& id = item.key();
    if (!is_misp_event_id(id))
      return fail(ErrorCode::kMalformed, manifest_path + ": '" + id + "' is not an event uuid");
    const std::string path = dir + "/" + id + ".json";
    auto text = read_file(path);
    if (!text) return fail(text.error().code, text.error().message + " (listed in manifest.json: the mirror is incomplete)");
    if (auto s = read_export(*text, path, b); !s) return s;
  }
  out.rule_count = b.size();
  out.names = std::move(b).build();
  return {};
}

}  // namespace dns4eu::policy::internal
