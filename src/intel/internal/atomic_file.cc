// atomic_file.cc — see atomic_file.h.
#include "intel/internal/atomic_file.h"

#include <cstdio>
#include <fstream>

namespace dns4eu::intel::internal {

Status write_atomically(const std::string& path, std::string_view text) {
  std::string tmp = path + ".dns4eu-tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.flush();
    if (!f) return fail(ErrorCode::kIo, tmp + ": cannot write");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return fail(ErrorCode::kIo, path + ": cannot rename " + tmp + " over it");
  return {};
}

}  // namespace dns4eu::intel::internal
