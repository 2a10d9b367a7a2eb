// policy_domains_fuzz — libFuzzer target for the domains list parser (see policy_list_fuzz.h).
#include "policy_list_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz_policy_list(data, size, dns4eu::policy::ListFormat::kDomains);
}
