// notify.cc — see notify.h.
#include "daemon/notify.h"

#include "dns/builder.h"

namespace dns4eu::daemon {

std::optional<net::Action> answer_notify(const dns::MessageView& msg, const net::Request& req, const NotifyHook& hook,
                                         std::vector<uint8_t>& response) {
  auto q = msg.question();
  auto zone = msg.question_name();
  std::optional<dns::Rcode> rc;
  if (!q || !zone || q->type != dns::RRType::kSOA) {
    rc = dns::Rcode::kFormErr;
  } else {
    rc = hook.handle(zone->lowercased(), req.client.address().to_string());
    if (!rc) return std::nullopt;
  }
  response.clear();
  dns::MessageBuilder b(response, 512);
  b.set_id(msg.header().id);
  b.set_flags(dns::flags::kQR | dns::flags::kAA);
  b.set_opcode(dns::Opcode::kNotify);
  if (q && zone) (void)b.add_question(*zone, q->type, q->rclass);
  b.set_rcode(*rc);
  auto n = b.finish();
  if (!n) return net::Action::kDrop;
  response.resize(*n);
  return net::Action::kReply;
}

}  // namespace dns4eu::daemon
