// listener.cc — open_listener(): picks the transport implementation.
#include "net/listener.h"

#include "net/internal/doq_listener.h"
#include "net/internal/tcp_listener.h"
#include "net/internal/udp_listener.h"

namespace dns4eu::net {

Result<std::shared_ptr<Listener>> open_listener(asio::io_context& io, const ListenerSpec& spec,
                                                QueryHandler& handler, unsigned worker) {
  switch (spec.transport) {
    case Transport::kUdp: {
      auto l = internal::UdpListener::open(io, spec, handler, worker);
      if (!l) return tl::unexpected(l.error());
      return std::shared_ptr<Listener>(*l);
    }
    case Transport::kTcp:
    case Transport::kDot:
    case Transport::kDoh: {
      auto l = internal::TcpListener::open(io, spec, handler, worker);
      if (!l) return tl::unexpected(l.error());
      return std::shared_ptr<Listener>(*l);
    }
    case Transport::kDoq: {
      auto l = internal::DoqListener::open(io, spec, handler, worker);
      if (!l) return tl::unexpected(l.error());
      return std::shared_ptr<Listener>(*l);
    }
    default:
      return fail(ErrorCode::kUnsupported,
                  std::string(transport_name(spec.transport)) + " listener " + spec.address.to_string() +
                      ": transport not implemented yet");
  }
}

}  // namespace dns4eu::net
