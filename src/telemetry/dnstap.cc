// dnstap.cc — see dnstap.h.
#include "telemetry/dnstap.h"

#include <fcntl.h>
#include <fstrm.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "telemetry/internal/frame_ring.h"

#include "dnstap.pb-c.h"

namespace dns4eu::telemetry {
namespace {

constexpr std::string_view kContentType = "protobuf:dnstap.Dnstap";

Dnstap__Message__Type message_type(DnstapType t) {
  switch (t) {
    case DnstapType::kClientQuery:
      return DNSTAP__MESSAGE__TYPE__CLIENT_QUERY;
    case DnstapType::kClientResponse:
      return DNSTAP__MESSAGE__TYPE__CLIENT_RESPONSE;
    case DnstapType::kResolverQuery:
      return DNSTAP__MESSAGE__TYPE__RESOLVER_QUERY;
    case DnstapType::kResolverResponse:
      return DNSTAP__MESSAGE__TYPE__RESOLVER_RESPONSE;
  }
  return DNSTAP__MESSAGE__TYPE__CLIENT_QUERY;
}

Dnstap__SocketProtocol protocol(Transport t) {
  switch (t) {
    case Transport::kUdp:
      return DNSTAP__SOCKET_PROTOCOL__UDP;
    case Transport::kTcp:
      return DNSTAP__SOCKET_PROTOCOL__TCP;
    case Transport::kDot:
      return DNSTAP__SOCKET_PROTOCOL__DOT;
    case Transport::kDoh:
      return DNSTAP__SOCKET_PROTOCOL__DOH;
    default:
      return DNSTAP__SOCKET_PROTOCOL__DOQ;
  }
}

ProtobufCBinaryData bytes(std::span<const uint8_t> s) {
  return ProtobufCBinaryData{s.size(), const_cast<uint8_t*>(s.data())};
}

bool is_query(DnstapType t) { return t == DnstapType::kClientQuery || t == DnstapType::kResolverQuery; }

// Fills `msg` (which points into `e`).
void fill_message(const DnstapEvent& e, Dnstap__Message& msg) {
  dnstap__message__init(&msg);
  msg.type = message_type(e.type);
  msg.has_socket_family = 1;
  msg.socket_family = e.family == 6 ? DNSTAP__SOCKET_FAMILY__INET6 : DNSTAP__SOCKET_FAMILY__INET;
  msg.has_socket_protocol = 1;
  msg.socket_protocol = protocol(e.transport);
  if (!e.query_address.empty()) msg.has_query_address = 1, msg.query_address = bytes(e.query_address);
  if (e.query_port) msg.has_query_port = 1, msg.query_port = e.query_port;
  if (!e.response_address.empty()) msg.has_response_address = 1, msg.response_address = bytes(e.response_address);
  if (e.response_port) msg.has_response_port = 1, msg.response_port = e.response_port;
  if (e.query_time.tv_sec) {
    msg.has_query_time_sec = msg.has_query_time_nsec = 1;
    msg.query_time_sec = static_cast<uint64_t>(e.query_time.tv_sec);
    msg.query_time_nsec = static_cast<uint32_t>(e.query_time.tv_nsec);
  }
  if (e.response_time.tv_sec) {
    msg.has_response_time_sec = msg.has_response_time_nsec = 1;
    msg.response_time_sec = static_cast<uint64_t>(e.response_time.tv_sec);
    msg.response_time_nsec = static_cast<uint32_t>(e.response_time.tv_nsec);
  }
  if (is_query(e.type))
    msg.has_query_message = 1, msg.query_message = bytes(e.message);
  else
    msg.has_response_message = 1, msg.response_message = bytes(e.message);
}

// Fills `tap` around `msg` (null: the envelope alone).
void fill_envelope(std::string_view identity, std::string_view version, Dnstap__Message* msg, Dnstap__Dnstap& tap) {
  dnstap__dnstap__init(&tap);
  tap.type = DNSTAP__DNSTAP__TYPE__MESSAGE;
  tap.message = msg;
  auto span_of = [](std::string_view s) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  if (!identity.empty()) tap.has_identity = 1, tap.identity = bytes(span_of(identity));
  if (!version.empty()) tap.has_version = 1, tap.version = bytes(span_of(version));
}

// An upper bound of the packed Message: the DNS message with its tag and
// length, and the fixed-size fields (at most 92 bytes).
std::size_t message_bound(const DnstapEvent& e) { return e.message.size() + 128; }

constexpr uint8_t kMessageKey = (14 << 3) | 2;  // Dnstap.message: field 14, length-delimited

// A Frame Streams file written by fstrm's writer (framing, control frames)
// through our own output: one writev() per batch of frames, where fstrm's
// file writer makes an fwrite per frame and per length prefix into a 4 KiB
// stdio buffer (a write() every few dozen frames).
struct FileSink {
  std::string path;
  int fd = -1;

  static fstrm_res open(void* obj) {
    auto* f = static_cast<FileSink*>(obj);
    f->fd = ::open(f->path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    return f->fd >= 0 ? fstrm_res_success : fstrm_res_failure;
  }
  static fstrm_res close(void* obj) {
    auto* f = static_cast<FileSink*>(obj);
    if (f->fd >= 0 && ::close(f->fd) != 0) return fstrm_res_failure;
    f->fd = -1;
    return fstrm_res_success;
  }
  static fstrm_res destroy(void* obj) {
    delete static_cast<FileSink*>(obj);
    return fstrm_res_success;
  }
  // All of iov, across short writes and signals.
  static fstrm_res write(void* obj, const iovec* iov, int iovcnt) {
    auto* f = static_cast<FileSink*>(obj);
    std::vector<iovec> rest;
    while (iovcnt > 0) {
      ssize_t n = ::writev(f->fd, iov, std::min(iovcnt, IOV_MAX));
      if (n < 0) {
        if (errno == EINTR) continue;
        return fstrm_res_failure;
      }
      auto done = static_cast<std::size_t>(n);
      while (iovcnt > 0 && done >= iov->iov_len) done -= iov->iov_len, ++iov, --iovcnt;
      if (iovcnt > 0 && done > 0) {  // a partial iovec: continue from a copy
        rest.assign(iov, iov + iovcnt);
        rest[0].iov_base = static_cast<uint8_t*>(rest[0].iov_base) + done;
        rest[0].iov_len -= done;
        iov = rest.data();
      }
    }
    return fstrm_res_success;
  }
};

fstrm_writer* file_writer(const std::string& path, const fstrm_writer_options* wopt) {
  fstrm_rdwr* rdwr = fstrm_rdwr_init(new FileSink{path});
  fstrm_rdwr_set_destroy(rdwr, FileSink::destroy);
  fstrm_rdwr_set_open(rdwr, FileSink::open);
  fstrm_rdwr_set_close(rdwr, FileSink::close);
  fstrm_rdwr_set_write(rdwr, FileSink::write);  // no read: a unidirectional stream, like a file
  return fstrm_writer_init(wopt, &rdwr);
}

constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr auto kReopenInterval = std::chrono::seconds(1);
constexpr std::size_t kBatch = 128;          // frames per fstrm_writer_writev
constexpr std::size_t kBytesPerFrame = 256;  // ring bytes per configured queue slot

}  // namespace

std::vector<uint8_t> encode_dnstap(const DnstapEvent& e, std::string_view identity, std::string_view version) {
  Dnstap__Message msg;
  Dnstap__Dnstap tap;
  fill_message(e, msg);
  fill_envelope(identity, version, &msg, tap);
  std::vector<uint8_t> out(dnstap__dnstap__get_packed_size(&tap));
  dnstap__dnstap__pack(&tap, out.data());
  return out;
}

// One frame ring per worker, drained by one writer thread that owns the
// fstrm writer and hands it batches of frames (one writev per batch).
struct DnstapWriter::Impl {
  fstrm_writer* writer = nullptr;
  bool is_file = false;
  std::vector<std::unique_ptr<internal::FrameRing>> rings;
  std::vector<uint8_t> envelope;  // the packed Dnstap fields but `message` (identity, version, type)
  std::thread thread;
  std::atomic<bool> stop{false};
  std::mutex mu;  // for the stop wait only
  std::condition_variable cv;

  void run() {
    bool open = is_file;  // the file was opened by open(); a socket is connected here
    auto next_try = std::chrono::steady_clock::now();
    iovec iov[kBatch];
    for (;;) {
      bool stopping = stop.load();
      if (!open && std::chrono::steady_clock::now() >= next_try) {
        open = fstrm_writer_open(writer) == fstrm_res_success;
        next_try = std::chrono::steady_clock::now() + kReopenInterval;
      }
      // While the output is not open the rings fill and workers count drops.
      for (auto& ring : rings) {
        while (open) {
          auto [n, end] = ring->peek(iov, kBatch);
          if (n == 0) break;
          if (fstrm_writer_writev(writer, iov, static_cast<int>(n)) != fstrm_res_success) {
            (void)fstrm_writer_close(writer);  // reconnect later; this batch is lost
            open = false;
            next_try = std::chrono::steady_clock::now() + kReopenInterval;
          }
          ring->release(end);
        }
      }
      if (stopping) break;
      std::unique_lock lock(mu);
      cv.wait_for(lock, kPollInterval, [&] { return stop.load(); });
    }
  }

  ~Impl() {
    if (thread.joinable()) {
      {
        std::lock_guard lock(mu);
        stop.store(true);
      }
      cv.notify_all();
      thread.join();
    }
    if (writer) fstrm_writer_destroy(&writer);  // closes: flushes and writes the stop frame
  }
};

Result<std::unique_ptr<DnstapWriter>> DnstapWriter::open(const DnstapWriterConfig& c) {
  fstrm_writer_options* wopt = fstrm_writer_options_init();
  fstrm_writer_options_add_content_type(wopt, kContentType.data(), kContentType.size());
  fstrm_writer* writer = nullptr;
  if (!c.file.empty()) {
    writer = file_writer(c.file, wopt);
  } else {
    fstrm_unix_writer_options* uopt = fstrm_unix_writer_options_init();
    fstrm_unix_writer_options_set_socket_path(uopt, c.socket.c_str());
    writer = fstrm_unix_writer_init(uopt, wopt);
    fstrm_unix_writer_options_destroy(&uopt);
  }
  fstrm_writer_options_destroy(&wopt);
  std::string where = c.file.empty() ? "dnstap socket " + c.socket : "dnstap file " + c.file;
  if (!writer) return fail(ErrorCode::kIo, where + ": cannot set up the fstrm writer");
  if (!c.file.empty() && fstrm_writer_open(writer) != fstrm_res_success) {
    fstrm_writer_destroy(&writer);
    return fail(ErrorCode::kIo, where + ": cannot open for writing");
  }
  std::unique_ptr<DnstapWriter> w(new DnstapWriter());
  w->impl_ = std::make_unique<Impl>();
  Impl& impl = *w->impl_;
  impl.writer = writer;
  impl.is_file = !c.file.empty();
  for (std::size_t i = 0; i < c.workers; ++i)
    impl.rings.push_back(
        std::make_unique<internal::FrameRing>(std::max<std::size_t>(c.queue_size, 1) * kBytesPerFrame));
  Dnstap__Dnstap tap;
  fill_envelope(c.identity, c.version, nullptr, tap);
  impl.envelope.resize(dnstap__dnstap__get_packed_size(&tap));
  dnstap__dnstap__pack(&tap, impl.envelope.data());
  impl.thread = std::thread([&impl] { impl.run(); });
  return w;
}

DnstapWriter::~DnstapWriter() = default;

// A protobuf message is the concatenation of its fields, in any order: the
// frame is the envelope packed once at open(), then the `message` field
// (key, length, the Message packed by protobuf-c). This spares protobuf-c
// the size pass it makes over a sub-message before packing it.
bool DnstapWriter::submit(std::size_t worker, const DnstapEvent& e) {
  Dnstap__Message msg;
  fill_message(e, msg);
  auto& ring = *impl_->rings[worker];
  const auto& env = impl_->envelope;
  constexpr std::size_t kMaxVarint = 5;
  // Packed straight into the ring: no allocation, no copy but a short move.
  uint8_t* p = ring.begin_write(env.size() + 1 + kMaxVarint + message_bound(e));
  if (!p) return false;
  std::memcpy(p, env.data(), env.size());
  uint8_t* key = p + env.size();
  uint8_t* packed = key + 1 + kMaxVarint;
  std::size_t n = dnstap__message__pack(&msg, packed);
  *key = kMessageKey;
  std::size_t k = 0;
  uint8_t varint[kMaxVarint];
  for (std::size_t v = n;; v >>= 7) {
    varint[k++] = static_cast<uint8_t>((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
    if (v <= 0x7F) break;
  }
  std::memcpy(key + 1, varint, k);
  std::memmove(key + 1 + k, packed, n);
  ring.commit_write(env.size() + 1 + k + n);
  return true;
}

}  // namespace dns4eu::telemetry
