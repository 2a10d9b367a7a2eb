// xfr_client.cc — see xfr_client.h.
#include "intel/xfr_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <random>

#include "dns/builder.h"
#include "dns/message.h"
#include "dns/wire.h"

namespace dns4eu::intel {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t wall_now() { return static_cast<uint64_t>(std::time(nullptr)); }

class Conn {
 public:
  ~Conn() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status open(const Primary& p, Clock::time_point deadline) {
    deadline_ = deadline;
    where_ = p.address + "#" + std::to_string(p.port);
    sockaddr_storage ss{};
    socklen_t len = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
    if (inet_pton(AF_INET, p.address.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      v4->sin_port = htons(p.port);
      len = sizeof(*v4);
    } else if (inet_pton(AF_INET6, p.address.c_str(), &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(p.port);
      len = sizeof(*v6);
    } else {
      return fail(ErrorCode::kInvalidArgument, where_ + ": not an IP address");
    }
    fd_ = ::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return io_error("socket");
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0 && errno != EINPROGRESS) return io_error("connect");
    if (auto s = wait(POLLOUT); !s) return s;
    int err = 0;
    socklen_t el = sizeof(err);
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &el);
    if (err != 0) return fail(ErrorCode::kIo, where_ + ": connect: " + std::strerror(err));
    return {};
  }
  Status send(const std::vector<uint8_t>& msg) {
    std::vector<uint8_t> buf(2);
    dns::store_u16(buf.data(), static_cast<uint16_t>(msg.size()));
    buf.insert(buf.end(), msg.begin(), msg.end());
    std::size_t off = 0;
    while (off < buf.size()) {
      if (auto s = wait(POLLOUT); !s) return s;
      ssize_t n = ::send(fd_, buf.data() + off, buf.size() - off, MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return io_error("send");
      if (n > 0) off += static_cast<std::size_t>(n);
    }
    return {};
  }
  Result<std::vector<uint8_t>> receive() {
    uint8_t len[2];
    if (auto s = read_exact(len, 2); !s) return tl::unexpected(s.error());
    std::vector<uint8_t> msg(dns::load_u16(len));
    if (auto s = read_exact(msg.data(), msg.size()); !s) return tl::unexpected(s.error());
    return msg;
  }
  const std::string& where() const { return where_; }

 private:
  Status read_exact(uint8_t* p, std::size_t n) {
    std::size_t off = 0;
    while (off < n) {
      if (auto s = wait(POLLIN); !s) return s;
      ssize_t r = ::recv(fd_, p + off, n - off, 0);
      if (r == 0) return fail(ErrorCode::kIo, where_ + ": connection closed mid-transfer (truncated)");
      if (r < 0 && errno != EAGAIN && errno != EINTR) return io_error("recv");
      if (r > 0) off += static_cast<std::size_t>(r);
    }
    return {};
  }
  Status wait(short events) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
    if (left <= 0) return fail(ErrorCode::kIo, where_ + ": timed out");
    pollfd pfd{fd_, events, 0};
    int r = ::poll(&pfd, 1, static_cast<int>(left));
    if (r == 0) return fail(ErrorCode::kIo, where_ + ": timed out");
    if (r < 0 && errno != EINTR) return io_error("poll");
    return {};
  }
  Status io_error(const char* what) { return fail(ErrorCode::kIo, where_ + ": " + what + ": " + std::strerror(errno)); }
  int fd_ = -1;
  Clock::time_point deadline_;
  std::string where_;
};

uint16_t random_id() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return static_cast<uint16_t>(rng());
}

Result<std::vector<uint8_t>> make_query(const dns::Name& zone, dns::RRType type, const Zone* base, uint16_t id,
                                        TsigSession* session) {
  std::vector<uint8_t> out;
  dns::MessageBuilder b(out);
  b.set_id(id);
  if (auto s = b.add_question(zone, type, dns::RRClass::kIN); !s) return tl::unexpected(s.error());
  if (type == dns::RRType::kIXFR && base) {
    std::vector<dns::Rdata> soa{base->soa.rdata};
    if (auto s = b.add_rrset(dns::Section::kAuthority, zone, dns::RRType::kSOA, dns::RRClass::kIN, base->soa.ttl, soa); !s)
      return tl::unexpected(s.error());
  }
  auto n = b.finish();
  if (!n) return tl::unexpected(n.error());
  out.resize(*n);
  if (session)
    if (auto s = session->sign(out, wall_now()); !s) return tl::unexpected(s.error());
  return out;
}

Status check_response_id(const std::vector<uint8_t>& m, uint16_t id, const std::string& where) {
  if (m.size() < dns::kHeaderSize || dns::load_u16(m.data()) != id)
    return fail(ErrorCode::kMalformed, where + ": response ID does not match the query");
  return {};
}

// The end of a transfer: the reader's summary and zone into `out`.
Result<XfrResult> finish(XfrReader& reader, XfrResult out) {
  out.incremental = reader.incremental();
  out.up_to_date = reader.up_to_date();
  out.records = reader.records_seen();
  auto z = reader.take();
  if (!z) return tl::unexpected(z.error());
  out.zone = std::move(*z);
  return out;
}

Result<XfrResult> run_transfer(const Primary& p, const dns::Name& zone, const std::optional<TsigKey>& key,
                               const Zone* base, std::chrono::seconds timeout) {
  XfrKind kind = base ? XfrKind::kIxfr : XfrKind::kAxfr;
  std::optional<TsigSession> session;
  if (key) session.emplace(*key);
  uint16_t id = random_id();
  auto q = make_query(zone, base ? dns::RRType::kIXFR : dns::RRType::kAXFR, base, id, session ? &*session : nullptr);
  if (!q) return tl::unexpected(q.error());
  Conn c;
  if (auto s = c.open(p, Clock::now() + timeout); !s) return tl::unexpected(s.error());
  if (auto s = c.send(*q); !s) return tl::unexpected(s.error());
  XfrReader reader(zone, kind, base);
  XfrResult out;
  while (!reader.done()) {
    auto m = c.receive();
    if (!m) return tl::unexpected(m.error());
    ++out.messages;
    auto prefix = c.where() + ": message " + std::to_string(out.messages) + ": ";
    if (auto s = check_response_id(*m, id, c.where()); !s) return tl::unexpected(s.error());
    if (session)
      if (auto s = session->verify(*m, wall_now()); !s) return fail(s.error().code, prefix + s.error().message);
    if (auto s = reader.add(*m); !s) return fail(s.error().code, prefix + s.error().message);
  }
  if (session && !session->last_signed()) return fail(ErrorCode::kMalformed, c.where() + ": TSIG: the last message is not signed");
  return finish(reader, std::move(out));
}

}  // namespace

Result<uint32_t> query_soa_serial(const Primary& p, const dns::Name& zone, const std::optional<TsigKey>& key,
                                  std::chrono::seconds timeout) {
  std::optional<TsigSession> session;
  if (key) session.emplace(*key);
  uint16_t id = random_id();
  auto q = make_query(zone, dns::RRType::kSOA, nullptr, id, session ? &*session : nullptr);
  if (!q) return tl::unexpected(q.error());
  Conn c;
  if (auto s = c.open(p, Clock::now() + timeout); !s) return tl::unexpected(s.error());
  if (auto s = c.send(*q); !s) return tl::unexpected(s.error());
  auto m = c.receive();
  if (!m) return tl::unexpected(m.error());
  if (auto s = check_response_id(*m, id, c.where()); !s) return tl::unexpected(s.error());
  if (session)
    if (auto s = session->verify(*m, wall_now()); !s) return fail(s.error().code, c.where() + ": SOA query: " + s.error().message);
  auto msg = dns::MessageView::parse(*m);
  if (!msg) return tl::unexpected(msg.error());
  if (msg->rcode() != dns::Rcode::kNoError)
    return fail(ErrorCode::kMalformed, c.where() + ": SOA query answered rcode " + std::to_string(static_cast<int>(msg->rcode())));
  for (const dns::RecordRef& rr : msg->records(dns::Section::kAnswer)) {
    if (rr.type != dns::RRType::kSOA || !msg->name_at_equals(rr.owner_offset, zone)) continue;
    auto rd = msg->rdata(rr);
    if (!rd) return tl::unexpected(rd.error());
    auto v = dns::SoaView::parse(*rd);
    if (!v) return tl::unexpected(v.error());
    return v->serial;
  }
  return fail(ErrorCode::kMalformed, c.where() + ": SOA query: no SOA for " + zone.to_text() + " in the answer");
}

Result<XfrResult> transfer(const Primary& p, const dns::Name& zone, const std::optional<TsigKey>& key,
                           const Zone* base, std::chrono::seconds timeout) {
  auto r = run_transfer(p, zone, key, base, timeout);
  if (!r && base && r.error().code == ErrorCode::kUnsupported) {
    auto full = run_transfer(p, zone, key, nullptr, timeout);
    if (full) full->fell_back = true;
    return full;
  }
  return r;
}

Result<XfrResult> read_transfer(const std::vector<std::vector<uint8_t>>& messages, const dns::Name& zone,
                                XfrKind kind, const Zone* base, TsigSession* session, uint64_t now) {
  XfrReader reader(zone, kind, base);
  XfrResult out;
  for (const auto& m : messages) {
    if (reader.done()) return fail(ErrorCode::kMalformed, "messages after the end of the transfer");
    ++out.messages;
    if (session)
      if (auto s = session->verify(m, now); !s) return tl::unexpected(s.error());
    if (auto s = reader.add(m); !s) return tl::unexpected(s.error());
  }
  if (session && !session->last_signed()) return fail(ErrorCode::kMalformed, "TSIG: the last message is not signed");
  return finish(reader, std::move(out));
}

}  // namespace dns4eu::intel
