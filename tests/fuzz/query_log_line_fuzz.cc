// query_log_line_fuzz.cc — the query log's path for an answer's bytes: the
// worker's direct read of the wire form (telemetry::summarize_response, no
// MessageView) and the writer's hand-rolled JSON line (qname turned into
// presentation text and JSON-escaped in one pass, table fragments).
// Properties: never reads out of bounds (ASan); the line is one line of
// valid JSON; a qname it writes is exactly dns::Name::to_text of the copied
// wire form.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "dns/name.h"
#include "telemetry/query_log.h"
#include "telemetry/response_summary.h"

using namespace dns4eu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  telemetry::QueryRecord r;
  telemetry::summarize_response(std::span<const uint8_t>(data, size), r);
  if (r.qname_size > r.qname.size()) std::abort();
  // Every other field from the input too, so the tables' edges are reached.
  if (size >= 4) {
    r.flavour = data[0] % 4;
    r.policy_list = data[1] % 4;
    r.has_verdict = data[2] & 1;
    r.source = static_cast<telemetry::AnswerSource>(data[3] % 6);
    r.client_asn = data[2];
  }
  static telemetry::QueryLineFormatter formatter({"public\"\n", {"plain", "pro\\tective"}, {"none", "mal\x01"}});
  telemetry::AddressFilter drop({});
  telemetry::LineBuffer buf;
  formatter.append(buf, r, drop);
  std::string_view line = buf.view();
  if (line.empty() || line.back() != '\n' || line.find('\n') != line.size() - 1) std::abort();
  auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) std::abort();
  if (j.contains("qname")) {
    auto name = dns::Name::from_wire(std::span<const uint8_t>(r.qname.data(), r.qname_size));
    if (!name || j["qname"] != name->to_text()) std::abort();
  }
  return 0;
}
