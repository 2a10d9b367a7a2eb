// config_fuzz — libFuzzer target for daemon::load_config_string (YAML).
//
// Input: a config file. Loading must return a Config or an error, never crash
// or throw (an escaping exception aborts the fuzzer). An accepted Config must
// survive format_config → load_config_string unchanged (apart from origins and
// warnings, which format_config does not carry).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/config.h"

using namespace dns4eu::daemon;

namespace {

void strip(Config& c) {
  c.warnings.clear();
  for (auto& l : c.listeners) l.origin.clear();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  auto cfg = load_config_string(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  if (!cfg) {
    if (cfg.error().message.empty()) __builtin_trap();  // errors say what is wrong
    return 0;
  }
  auto again = load_config_string(format_config(*cfg), "formatted");
  if (!again) __builtin_trap();
  strip(*cfg);
  strip(*again);
  if (!(*cfg == *again)) __builtin_trap();
  return 0;
}
