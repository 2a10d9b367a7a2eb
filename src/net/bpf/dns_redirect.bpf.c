// dns_redirect.bpf.c — the XDP program of dns4eud's AF_XDP fast path.
//
// Runs on every frame the attached interface receives. A UDP datagram (IPv4
// or IPv6, not fragmented, no IP options or extension headers) whose
// destination address and port is one of dns4eud's XDP listeners (map
// `targets`, filled by the daemon) and which fits one umem frame is redirected
// to the AF_XDP socket of its receive queue (map `xsks`). Everything else —
// TCP, other addresses, dns4eud's own upstream replies, fragments, oversized
// datagrams, queues without a socket — passes to the kernel untouched, where
// the ordinary sockets serve it.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

// Key of `targets`: address (IPv4 in the first 4 octets, rest zero), port in
// network order, family 4 or 6.
struct target {
  __u8 addr[16];
  __u16 port;
  __u16 family;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 256);
  __type(key, struct target);
  __type(value, __u8);
} targets SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_XSKMAP);
  __uint(max_entries, 256);
  __type(key, __u32);
  __type(value, __u32);
} xsks SEC(".maps");

// Largest frame redirected: one umem frame of the daemon.
#define DNS4EU_XDP_FRAME 2048  // = kXdpFrameSize in internal/xdp_port.h

SEC("xdp")
int dns_redirect(struct xdp_md* ctx) {
  void* data = (void*)(long)ctx->data;
  void* end = (void*)(long)ctx->data_end;
  if (end - data > DNS4EU_XDP_FRAME) return XDP_PASS;
  struct ethhdr* eth = data;
  if ((void*)(eth + 1) > end) return XDP_PASS;
  struct target t = {};
  struct udphdr* udp;
  if (eth->h_proto == bpf_htons(ETH_P_IP)) {
    struct iphdr* ip = (void*)(eth + 1);
    if ((void*)(ip + 1) > end) return XDP_PASS;
    if (ip->ihl != 5 || ip->protocol != IPPROTO_UDP) return XDP_PASS;
    if (ip->frag_off & bpf_htons(0x3fff)) return XDP_PASS;  // MF or an offset
    __builtin_memcpy(t.addr, &ip->daddr, 4);
    t.family = 4;
    udp = (void*)(ip + 1);
  } else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
    struct ipv6hdr* ip6 = (void*)(eth + 1);
    if ((void*)(ip6 + 1) > end) return XDP_PASS;
    if (ip6->nexthdr != IPPROTO_UDP) return XDP_PASS;
    __builtin_memcpy(t.addr, &ip6->daddr, 16);
    t.family = 6;
    udp = (void*)(ip6 + 1);
  } else {
    return XDP_PASS;
  }
  if ((void*)(udp + 1) > end) return XDP_PASS;
  t.port = udp->dest;
  if (!bpf_map_lookup_elem(&targets, &t)) return XDP_PASS;
  return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
