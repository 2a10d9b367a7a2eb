// listener.h — a listening socket of one worker (Do53 over UDP or TCP, DNS
// over TLS, DNS over HTTPS, DNS over QUIC) and the spec it is built from.
//
// Every worker opens its OWN socket for each ListenerSpec, with SO_REUSEPORT,
// so the kernel spreads clients over workers; a query (and a TCP connection)
// never leaves the worker that received it. A Listener is created, started,
// drained and closed on its worker's thread (WorkerPool does this for you).
//
//   auto l = open_listener(io, spec, handler, /*worker=*/0);   // binds now
//   if (!l) return l.error();         // "udp 127.0.0.1:53: bind: Address in use"
//   (*l)->start();                    // serve until drain()/close()
//
// Thread-safety: all methods on the owning io_context's thread, except
// counters()/in_flight()/local_endpoint(), which any thread may read.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "dns/result.h"
#include "net/counters.h"
#include "net/endpoint.h"
#include "net/client_limiter.h"
#include "net/handler.h"
#include "net/proxy_protocol.h"
#include "net/tls.h"

namespace dns4eu::net {

// AF_XDP fast path of a UDP listener (internal/xdp_port.h): kNative needs
// driver support, kGeneric works on any interface (also `lo`), kAuto tries
// native first.
enum class XdpMode : uint8_t { kAuto, kNative, kGeneric };
struct XdpOptions {
  std::string interface;  // empty: off
  XdpMode mode = XdpMode::kAuto;
  friend bool operator==(const XdpOptions&, const XdpOptions&) = default;
};

struct UdpOptions {
  uint16_t max_response_size = 1232;  // DNS flag day 2020; handler truncates to min(this, EDNS size)
  unsigned batch = 64;                // datagrams per recvmmsg/sendmmsg (1..256)
  unsigned max_batches_per_wakeup = 8;  // fairness: then yield to other work on the loop
  int recv_buffer = 0;                // SO_RCVBUF bytes; 0 keeps the system default
  int send_buffer = 0;                // SO_SNDBUF bytes; 0 keeps the system default
  XdpOptions xdp;                     // also serve through AF_XDP on this interface
  friend bool operator==(const UdpOptions&, const UdpOptions&) = default;
};

struct TcpOptions {
  std::chrono::milliseconds idle_timeout{10000};      // RFC 7766 §6.2.3
  std::chrono::milliseconds busy_idle_timeout{1000};  // used above half of max_connections
  unsigned max_connections = 1024;                    // per listener per worker
  unsigned max_in_flight = 32;                        // per connection; reading pauses beyond
  uint16_t max_query_size = 65535;                    // larger frames close the connection
  int backlog = 256;
  // Connections per client address over all workers (TCP, DoT, DoH, DoQ);
  // null: no limit. Shared by the listener's copies on every worker.
  std::shared_ptr<ClientLimiter> per_client;
  // TCP/DoT/DoH: connections from these load balancers must start with a
  // PROXY v2 header (proxy_protocol.h), whose source becomes the client.
  std::vector<AddressPrefix> proxy_from;
  friend bool operator==(const TcpOptions&, const TcpOptions&) = default;
};

// DoT and DoH (TCP options apply to them too: idle timeout, limits).
struct TlsOptions {
  std::shared_ptr<TlsCertificate> certificate;  // required; compared by identity
  std::chrono::milliseconds handshake_timeout{5000};  // accept to finished handshake
  std::vector<std::string> doh_paths{"/dns-query"};   // DoH only: request paths served
  friend bool operator==(const TlsOptions&, const TlsOptions&) = default;
};

struct ListenerSpec {
  uint32_t id = 0;  // unique in a listener set; reported in Request::listener_id
  Transport transport = Transport::kUdp;  // any; kDot/kDoh/kDoq need tls.certificate
  Endpoint address;                       // port 0: an ephemeral port (tests)
  UdpOptions udp;
  TcpOptions tcp;
  TlsOptions tls;
  friend bool operator==(const ListenerSpec&, const ListenerSpec&) = default;
};

class Listener {
 public:
  virtual ~Listener() = default;
  virtual const ListenerSpec& spec() const = 0;
  // The bound address (with the real port when the spec said 0).
  virtual Endpoint local_endpoint() const = 0;
  // Starts the receive/accept loop on the io_context.
  virtual void start() = 0;
  // Stops taking new queries and connections; answers in flight still go out.
  virtual void drain() = 0;
  // Closes every socket now; pending Responders become no-ops.
  virtual void close() = 0;
  // Deferred queries not yet answered or dropped (+ open TCP connections' unsent writes).
  virtual std::size_t in_flight() const = 0;
  virtual const ListenerCounters& counters() const = 0;
};

// Creates and binds the socket(s) for `spec` on `io`. `handler` must outlive
// the listener. Errors name the transport, address and failing call.
Result<std::shared_ptr<Listener>> open_listener(asio::io_context& io, const ListenerSpec& spec,
                                                QueryHandler& handler, unsigned worker);

}  // namespace dns4eu::net
