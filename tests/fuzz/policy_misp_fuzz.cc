// policy_misp_fuzz — libFuzzer target for the MISP JSON list parser (see policy_list_fuzz.h).
#include "policy_list_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz_policy_list(data, size, dns4eu::policy::ListFormat::kMisp);
}
