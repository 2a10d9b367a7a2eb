// policy_networks_fuzz — libFuzzer target for tenant networks files
// (policy/network_list.h).
//
// Input: file text. A refused file must say where ("fuzz:LINE: ..."); every
// network of an accepted one has no host bits set past its length, and
// printing and parsing it again gives the same network.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/network_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dns4eu::policy;
  if (size > 64 * 1024) return 0;
  auto nets = parse_network_list(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  if (!nets) {
    if (nets.error().message.rfind("fuzz:", 0) != 0) __builtin_trap();
    return 0;
  }
  for (const IpNet& n : *nets) {
    if (!(n.masked() == n)) __builtin_trap();
    auto again = IpNet::parse(n.to_string());
    if (!again || !(*again == n)) __builtin_trap();
  }
  return 0;
}
