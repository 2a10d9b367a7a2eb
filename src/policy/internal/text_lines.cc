// internal/text_lines.cc — see text_lines.h.
#include "policy/internal/text_lines.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dns4eu::policy::internal {

Result<std::string> read_text_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fail(ErrorCode::kIo, path + ": cannot open: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail(ErrorCode::kIo, path + ": not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(ErrorCode::kIo, path + ": cannot read: " + std::strerror(errno));
  return text.str();
}

}  // namespace dns4eu::policy::internal
