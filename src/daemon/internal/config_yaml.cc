// config_yaml.cc — one YAML document from the config text, without the
// yaml-cpp 0.7 LoadAll hang (see config_yaml.h).
#include "daemon/internal/config_yaml.h"

#include <algorithm>
#include <array>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

namespace dns4eu::daemon::internal {
namespace {

// Records where each document starts; builds nothing.
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  std::vector<YAML::Mark> starts;
};

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// When yaml-cpp read the text as an empty document, the first line that is
// not blank, a comment, a directive, a document marker or an explicit null
// is content it ignored. Reports it and returns true.
bool report_ignored_content(std::string_view text, Diagnostics& diag) {
  static constexpr std::array<std::string_view, 6> kEmpty = {"---", "...", "~", "null", "Null", "NULL"};
  int line = 0;
  for (size_t start = 0; start <= text.size(); ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(start, end - start);
    std::string_view content = trim(raw);
    start = end + 1;
    if (content.empty() || content[0] == '#' || content[0] == '%') continue;
    if (std::find(kEmpty.begin(), kEmpty.end(), content) != kEmpty.end()) continue;
    YAML::Mark mark;
    mark.line = line;
    mark.column = static_cast<int>(raw.find_first_not_of(" \t"));
    diag.error(mark, "", "YAML syntax: cannot parse '" + std::string(content.substr(0, 40)) + "'");
    return true;
  }
  return false;
}

}  // namespace

YAML::Node parse_document(std::string_view text, Diagnostics& diag) {
  YAML::Node root = YAML::Load(std::string(text));
  if (root.IsNull() && report_ignored_content(text, diag)) return YAML::Node();
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  DocumentCounter counter;
  for (int i = 0; i < 2 && parser.HandleNextDocument(counter); ++i) {
  }
  if (counter.starts.size() > 1) {
    diag.error(counter.starts[1], "", "only one YAML document is allowed (remove the second '---')");
  }
  return root;
}

}  // namespace dns4eu::daemon::internal
