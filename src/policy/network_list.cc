// network_list.cc — see network_list.h.
#include "policy/network_list.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include "policy/internal/text_lines.h"

namespace dns4eu::policy {
namespace {

Result<IpNet> parse_line(std::string_view line) {
  if (line.find_first_of(" \t") != std::string_view::npos)
    return fail(ErrorCode::kMalformed, "one network a line, got '" + std::string(line) + "'");
  auto net = IpNet::parse(line);
  if (!net) return net;
  if (IpNet m = net->masked(); !(m == *net))
    return fail(ErrorCode::kMalformed, "'" + std::string(line) + "' has host bits set; did you mean '" +
                                           m.to_string() + "'?");
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
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fail(ErrorCode::kIo, path + ": cannot open: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail(ErrorCode::kIo, path + ": not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(ErrorCode::kIo, path + ": cannot read: " + std::strerror(errno));
  return parse_network_list(text.str(), path);
}

}  // namespace dns4eu::policy
