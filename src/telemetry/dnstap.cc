// dnstap.cc — see dnstap.h.
#include "telemetry/dnstap.h"

#include <fstrm.h>

#include <cstdlib>

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

// Fills `msg` and `tap` (which point into `e`); returns the packed size.
std::size_t prepare(const DnstapEvent& e, std::string_view identity, std::string_view version, Dnstap__Message& msg,
                    Dnstap__Dnstap& tap) {
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
  dnstap__dnstap__init(&tap);
  tap.type = DNSTAP__DNSTAP__TYPE__MESSAGE;
  tap.message = &msg;
  auto span_of = [](std::string_view s) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  if (!identity.empty()) tap.has_identity = 1, tap.identity = bytes(span_of(identity));
  if (!version.empty()) tap.has_version = 1, tap.version = bytes(span_of(version));
  return dnstap__dnstap__get_packed_size(&tap);
}

unsigned power_of_two(std::size_t n) {
  unsigned p = 2;
  while (p < n && p < (1u << 24)) p <<= 1;
  return p;
}

}  // namespace

std::vector<uint8_t> encode_dnstap(const DnstapEvent& e, std::string_view identity, std::string_view version) {
  Dnstap__Message msg;
  Dnstap__Dnstap tap;
  std::vector<uint8_t> out(prepare(e, identity, version, msg, tap));
  dnstap__dnstap__pack(&tap, out.data());
  return out;
}

struct DnstapWriter::Impl {
  fstrm_iothr* iothr = nullptr;
  std::vector<fstrm_iothr_queue*> queues;
  std::string identity, version;
  ~Impl() {
    if (iothr) fstrm_iothr_destroy(&iothr);
  }
};

Result<std::unique_ptr<DnstapWriter>> DnstapWriter::open(const DnstapWriterConfig& c) {
  fstrm_writer_options* wopt = fstrm_writer_options_init();
  fstrm_writer_options_add_content_type(wopt, kContentType.data(), kContentType.size());
  fstrm_writer* writer = nullptr;
  if (!c.file.empty()) {
    fstrm_file_options* fopt = fstrm_file_options_init();
    fstrm_file_options_set_file_path(fopt, c.file.c_str());
    writer = fstrm_file_writer_init(fopt, wopt);
    fstrm_file_options_destroy(&fopt);
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
  fstrm_iothr_options* iopt = fstrm_iothr_options_init();
  fstrm_iothr_options_set_num_input_queues(iopt, static_cast<unsigned>(c.workers));
  fstrm_iothr_options_set_input_queue_size(iopt, power_of_two(c.queue_size));
  fstrm_iothr_options_set_queue_model(iopt, FSTRM_IOTHR_QUEUE_MODEL_SPSC);
  std::unique_ptr<DnstapWriter> w(new DnstapWriter());
  w->impl_ = std::make_unique<Impl>();
  w->impl_->iothr = fstrm_iothr_init(iopt, &writer);
  fstrm_iothr_options_destroy(&iopt);
  if (!w->impl_->iothr) {
    if (writer) fstrm_writer_destroy(&writer);
    return fail(ErrorCode::kIo, where + ": cannot start the fstrm I/O thread");
  }
  for (std::size_t i = 0; i < c.workers; ++i)
    w->impl_->queues.push_back(fstrm_iothr_get_input_queue_idx(w->impl_->iothr, i));
  w->impl_->identity = c.identity;
  w->impl_->version = c.version;
  return w;
}

DnstapWriter::~DnstapWriter() = default;

bool DnstapWriter::submit(std::size_t worker, const DnstapEvent& e) {
  Dnstap__Message msg;
  Dnstap__Dnstap tap;
  std::size_t size = prepare(e, impl_->identity, impl_->version, msg, tap);
  auto* buf = static_cast<uint8_t*>(std::malloc(size));
  if (!buf) return false;
  dnstap__dnstap__pack(&tap, buf);
  if (fstrm_iothr_submit(impl_->iothr, impl_->queues[worker], buf, size, fstrm_free_wrapper, nullptr) !=
      fstrm_res_success) {
    std::free(buf);  // ownership stays with us unless queued
    return false;
  }
  return true;
}

}  // namespace dns4eu::telemetry
