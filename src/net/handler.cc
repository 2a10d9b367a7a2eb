// handler.cc — Request::defer() and the Responder (see handler.h).
#include "net/handler.h"

#include "net/internal/reply_channel.h"

namespace dns4eu::net {

const char* transport_name(Transport t) {
  switch (t) {
    case Transport::kUdp: return "udp";
    case Transport::kTcp: return "tcp";
    case Transport::kDot: return "dot";
    case Transport::kDoh: return "doh";
    case Transport::kDoq: return "doq";
  }
  return "?";
}

Responder Request::defer() const {
  if (channel == nullptr) return Responder();
  auto p = std::make_shared<internal::PendingReply>();
  p->channel = channel->weak_from_this();
  p->client = client;
  p->local = local;
  p->ifindex = ifindex;
  p->stream = stream;
  p->link = link;
  p->max_response_size = max_response_size;
  channel->on_deferred();
  return Responder(std::move(p));
}

bool Responder::send(std::span<const uint8_t> response) const {
  if (!p_ || p_->sent) return false;
  auto c = p_->channel.lock();
  if (!c) return false;
  if (!c->is_open()) {
    c->on_client_gone();
    return false;
  }
  p_->sent = true;  // one answer per query, even if this one fails to leave
  return c->deliver(*p_, response);
}

bool Responder::alive() const {
  if (!p_) return false;
  auto c = p_->channel.lock();
  return c && c->is_open();
}

uint16_t Responder::max_response_size() const { return p_ ? p_->max_response_size : 0; }

}  // namespace dns4eu::net
