// udp_echo — the floor of the kernel's UDP path for bench/resolvers.sh.
//
// Answers every datagram on ADDRESS:53 by sending it back with the QR bit
// set (dnsperf counts it as a NOERROR answer), in batches: one blocking
// recvmmsg (MSG_WAITFORONE) and one sendmmsg per wake-up, no epoll, no DNS
// work at all. Its CPU per answer is what any resolver on sockets pays at
// least on this machine; dns4eud's socket path and its AF_XDP path are
// compared with it. Not a DNS server: never expose it.
//
//   udp_echo 127.53.100.7        # runs until killed
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s IPV4-ADDRESS\n", argv[0]);
    return 2;
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(53);
  if (inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) {
    std::fprintf(stderr, "udp_echo: not an IPv4 address: %s\n", argv[1]);
    return 2;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::perror("udp_echo: bind");
    return 1;
  }
  constexpr unsigned kBatch = 64;
  static std::array<std::array<unsigned char, 2048>, kBatch> buf;
  std::array<sockaddr_in, kBatch> peer{};
  std::array<iovec, kBatch> iov{};
  std::array<mmsghdr, kBatch> msg{};
  for (;;) {
    for (unsigned i = 0; i < kBatch; ++i) {
      iov[i] = {buf[i].data(), buf[i].size()};
      msg[i] = {};
      msg[i].msg_hdr.msg_name = &peer[i];
      msg[i].msg_hdr.msg_namelen = sizeof peer[i];
      msg[i].msg_hdr.msg_iov = &iov[i];
      msg[i].msg_hdr.msg_iovlen = 1;
    }
    int n = recvmmsg(fd, msg.data(), kBatch, MSG_WAITFORONE, nullptr);
    if (n <= 0) continue;
    for (int i = 0; i < n; ++i) {
      if (msg[i].msg_len > 2) buf[i][2] |= 0x80;  // QR
      iov[i].iov_len = msg[i].msg_len;
    }
    sendmmsg(fd, msg.data(), static_cast<unsigned>(n), 0);
  }
}
