// notify_test.cc — the answer to a NOTIFY: the hook's verdict with opcode
// NOTIFY, QR and AA, the question echoed; no hook: the caller's usual path.
#include <gtest/gtest.h>

#include "daemon/notify.h"
#include "dns/builder.h"

namespace dns4eu::daemon {
namespace {

std::vector<uint8_t> notify_message(const char* zone, dns::RRType type = dns::RRType::kSOA) {
  std::vector<uint8_t> out;
  dns::MessageBuilder b(out);
  b.set_id(0x1234);
  b.set_opcode(dns::Opcode::kNotify);
  b.add_flags(dns::flags::kAA);
  EXPECT_TRUE(b.add_question(*dns::Name::from_text(zone), type, dns::RRClass::kIN));
  out.resize(*b.finish());
  return out;
}

struct Answer {
  std::optional<net::Action> action;
  std::vector<uint8_t> packet;
};

Answer ask(const NotifyHook& hook, const std::vector<uint8_t>& query, const char* from) {
  auto msg = dns::MessageView::parse(query);
  EXPECT_TRUE(msg);
  net::Request req;
  req.query = query;
  req.client = *net::Endpoint::parse(std::string(from) + ":53");
  Answer a;
  a.action = answer_notify(*msg, req, hook, a.packet);
  return a;
}

TEST(Notify, AnswersWithTheHooksVerdict) {
  NotifyHook hook;
  std::string seen_zone, seen_from;
  hook.set([&](const dns::Name& z, const std::string& from) {
    seen_zone = z.to_text();
    seen_from = from;
    return from == "192.0.2.1" ? dns::Rcode::kNoError : dns::Rcode::kRefused;
  });
  auto a = ask(hook, notify_message("RPZ.Example."), "192.0.2.1");
  ASSERT_EQ(a.action, net::Action::kReply);
  EXPECT_EQ(seen_zone, "rpz.example.");
  EXPECT_EQ(seen_from, "192.0.2.1");
  auto r = dns::MessageView::parse(a.packet);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header().id, 0x1234);
  EXPECT_TRUE(r->header().qr());
  EXPECT_TRUE(r->header().aa());
  EXPECT_EQ(r->header().opcode(), dns::Opcode::kNotify);
  EXPECT_EQ(r->rcode(), dns::Rcode::kNoError);
  EXPECT_EQ(r->question_name()->to_text(), "RPZ.Example.");
  auto b = ask(hook, notify_message("rpz.example."), "192.0.2.9");
  auto rb = dns::MessageView::parse(b.packet);
  ASSERT_TRUE(rb);
  EXPECT_EQ(rb->rcode(), dns::Rcode::kRefused);
}

TEST(Notify, NotSoaIsFormerrAndNoHookFallsThrough) {
  NotifyHook hook;
  EXPECT_FALSE(ask(hook, notify_message("rpz.example."), "192.0.2.1").action);  // NOTIMP as before
  hook.set([](const dns::Name&, const std::string&) { return dns::Rcode::kNoError; });
  auto a = ask(hook, notify_message("rpz.example.", dns::RRType::kA), "192.0.2.1");
  auto r = dns::MessageView::parse(a.packet);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode(), dns::Rcode::kFormErr);
}

}  // namespace
}  // namespace dns4eu::daemon
