// network_list.cc — see network_list.h.
#include "policy/network_list.h"

#include "policy/internal/text_lines.h"

namespace dns4eu::policy {
namespace {

Result<IpNet> parse_line(std::string_view line) {
  if (line.find_first_of(" \t") != std::string_view::npos)
    return fail(ErrorCode::kMalformed, "one network a line, got '" + std::string(line) + "'");
  auto net = IpNet::parse(line);
  if (!net) return net;
  if (IpNet m = net->masked(); !(m == *net))
    return fail(ErrorCode::kMalformed,
                "'" + std::string(line) + "' has host bits set; did you mean '" + m.to_string() + "'?");
  return net;
}

}  // namespace

Result<std::vector<IpNet>> parse_network_list(std::string_view text, std::string_view source) {
  std::vector<IpNet> out;
  auto s = internal::for_each_line(text, source, '#', [&](std::string_view line) -> Status {
    auto net = parse_line(line);
    if (!net) return tl::unexpected(net.error());
    out.push_back(*net);
    return {};
  });
  if (!s) return tl::unexpected(s.error());
  return out;
}

Result<std::vector<IpNet>> load_network_list(const std::string& path) {
  auto text = internal::read_text_file(path);
  if (!text) return tl::unexpected(text.error());
  return parse_network_list(*text, path);
}

}  // namespace dns4eu::policy
