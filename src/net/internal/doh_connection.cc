// internal/doh_connection.cc — DNS over HTTPS over HTTP/2 (nghttp2) and
// HTTP/1.1 (see doh_connection.h).
#include "net/internal/doh_connection.h"

#include <cstring>

#include "net/doh_request.h"
#include "net/http1_request.h"
#include "net/internal/tls_session.h"

namespace dns4eu::net::internal {
namespace {

constexpr std::size_t kDohReadBuffer = 16384;
constexpr std::size_t kMaxH1Discard = 1 << 20;  // larger refused bodies: close at once
constexpr std::string_view kDnsMessage = "application/dns-message";

std::string_view reason_phrase(uint16_t status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    default: return "Error";
  }
}

nghttp2_nv header(std::string_view name, std::string_view value) {
  return {reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
          NGHTTP2_NV_FLAG_NONE};
}

std::vector<uint8_t> text_body(std::string_view reason) {
  std::vector<uint8_t> b(reason.begin(), reason.end());
  b.push_back('\n');
  return b;
}

}  // namespace

// nghttp2's C callbacks, with access to the connection's streams.
struct H2Callbacks {
  static DohConnection& conn(void* user) { return *static_cast<DohConnection*>(user); }

  static int begin_headers(nghttp2_session*, const nghttp2_frame* f, void* user) {
    if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_REQUEST) conn(user).streams_[f->hd.stream_id];
    return 0;
  }
  static int on_header(nghttp2_session*, const nghttp2_frame* f, const uint8_t* name, size_t namelen,
                       const uint8_t* value, size_t valuelen, uint8_t, void* user) {
    auto it = conn(user).streams_.find(f->hd.stream_id);
    if (it == conn(user).streams_.end()) return 0;
    std::string_view n(reinterpret_cast<const char*>(name), namelen);
    std::string v(reinterpret_cast<const char*>(value), valuelen);
    if (n == ":method") it->second.method = std::move(v);
    else if (n == ":path") it->second.path = std::move(v);
    else if (n == "content-type") it->second.content_type = std::move(v);
    return 0;
  }
  static int on_data(nghttp2_session*, uint8_t, int32_t id, const uint8_t* data, size_t len, void* user) {
    auto it = conn(user).streams_.find(id);
    if (it == conn(user).streams_.end()) return 0;
    DohConnection::H2Stream& s = it->second;
    if (s.too_large || s.body.size() + len > kMaxDohMessage) {
      s.too_large = true;
      s.body.clear();
      return 0;
    }
    s.body.insert(s.body.end(), data, data + len);
    return 0;
  }
  static int on_frame(nghttp2_session*, const nghttp2_frame* f, void* user) {
    bool request_end = (f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA) &&
                       (f->hd.flags & NGHTTP2_FLAG_END_STREAM);
    if (request_end && conn(user).streams_.count(f->hd.stream_id)) conn(user).h2_request(f->hd.stream_id);
    return 0;
  }
  static int on_close(nghttp2_session*, int32_t id, uint32_t, void* user) {
    conn(user).streams_.erase(id);
    return 0;
  }
  static ssize_t read_body(nghttp2_session*, int32_t id, uint8_t* buf, size_t length, uint32_t* flags,
                           nghttp2_data_source*, void* user) {
    auto it = conn(user).streams_.find(id);
    if (it == conn(user).streams_.end()) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    DohConnection::H2Stream& s = it->second;
    std::size_t n = std::min(length, s.response.size() - s.sent);
    std::memcpy(buf, s.response.data() + s.sent, n);
    s.sent += n;
    if (s.sent == s.response.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }
};

DohConnection::DohConnection(asio::ip::tcp::socket sock, std::shared_ptr<TcpShared> shared, Endpoint client,
                             Endpoint local, std::unique_ptr<TlsSession> tls)
    : TcpConnection(std::move(sock), std::move(shared), client, local, std::move(tls)) {}

DohConnection::~DohConnection() {
  if (h2_) nghttp2_session_del(h2_);
}

bool DohConnection::on_handshake() {
  if (rbuf_.size() < kDohReadBuffer) rbuf_.resize(kDohReadBuffer);
  if (tls_->alpn() != "h2") return true;  // HTTP/1.1
  nghttp2_session_callbacks* cb = nullptr;
  if (nghttp2_session_callbacks_new(&cb) != 0) return false;
  nghttp2_session_callbacks_set_on_begin_headers_callback(cb, &H2Callbacks::begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(cb, &H2Callbacks::on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, &H2Callbacks::on_data);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cb, &H2Callbacks::on_frame);
  nghttp2_session_callbacks_set_on_stream_close_callback(cb, &H2Callbacks::on_close);
  int r = nghttp2_session_server_new(&h2_, cb, this);
  nghttp2_session_callbacks_del(cb);
  if (r != 0) return false;
  uint32_t streams = std::max(1u, shared_->spec.tcp.max_in_flight);
  nghttp2_settings_entry iv[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, streams}};
  if (nghttp2_submit_settings(h2_, NGHTTP2_FLAG_NONE, iv, 1) != 0) return false;
  h2_flush();
  return true;
}

bool DohConnection::can_take_query() const { return TcpConnection::can_take_query() && !h1_busy_; }

void DohConnection::prepare_read() {
  if (rstart_ > 0) {
    std::memmove(rbuf_.data(), rbuf_.data() + rstart_, rend_ - rstart_);
    rend_ -= rstart_;
    rstart_ = 0;
  }
  if (rbuf_.size() < h1_need_) rbuf_.resize(h1_need_);
}

bool DohConnection::handle_input() {
  bool ok = h2_ ? h2_input() : h1_input();
  if (!ok) shared_->counters.inc(ListenerStat::kHttpProtocolErrors);
  return ok;
}

// ---- HTTP/2 -------------------------------------------------------------

bool DohConnection::h2_input() {
  if (rend_ == rstart_) return true;
  in_recv_ = true;
  ssize_t n = nghttp2_session_mem_recv(h2_, rbuf_.data() + rstart_, rend_ - rstart_);
  in_recv_ = false;
  if (n < 0) return false;
  rstart_ = rend_ = 0;
  h2_flush();
  if (!nghttp2_session_want_read(h2_) && !nghttp2_session_want_write(h2_)) stop_reading();
  return true;
}

void DohConnection::h2_flush() {
  for (;;) {
    const uint8_t* data = nullptr;
    ssize_t n = nghttp2_session_mem_send(h2_, &data);
    if (n <= 0) break;
    queue_output(std::span<const uint8_t>(data, static_cast<std::size_t>(n)));
  }
}

void DohConnection::h2_request(int32_t id) {
  H2Stream& s = streams_[id];
  DohRequest r = s.too_large ? DohRequest{413, "DNS message too large", {}}
                             : parse_doh_request(s.method, s.path, s.content_type, s.body, shared_->spec.tls.doh_paths);
  s.body.clear();
  if (r.status != 200) {
    shared_->counters.inc(ListenerStat::kHttpErrors);
    h2_respond(id, r.status, "text/plain", text_body(r.reason), -1);
    return;
  }
  if (handle_query(r.query, static_cast<uint64_t>(id), shared_->spec.tls.doh_paths[r.path]) == Action::kDrop)
    nghttp2_submit_rst_stream(h2_, NGHTTP2_FLAG_NONE, id, NGHTTP2_REFUSED_STREAM);
}

void DohConnection::h2_respond(int32_t id, uint16_t status, std::string_view type, std::vector<uint8_t> body,
                               int64_t max_age) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;  // the client reset the stream
  it->second.response = std::move(body);
  it->second.sent = 0;
  std::string st = std::to_string(status), len = std::to_string(it->second.response.size());
  std::string cache = "max-age=" + std::to_string(max_age);
  nghttp2_nv nva[5] = {header(":status", st), header("content-type", type), header("content-length", len)};
  std::size_t n = 3;
  if (max_age >= 0) nva[n++] = header("cache-control", cache);
  if (status == 405) nva[n++] = header("allow", "GET, POST");
  nghttp2_data_provider prd{};
  prd.read_callback = &H2Callbacks::read_body;
  nghttp2_submit_response(h2_, id, nva, n, &prd);
}

// ---- HTTP/1.1 -----------------------------------------------------------

bool DohConnection::h1_discard() {
  std::size_t n = std::min(h1_discard_, rend_ - rstart_);
  rstart_ += n;
  h1_discard_ -= n;
  if (rstart_ == rend_) rstart_ = rend_ = 0;
  if (h1_discard_ == 0) stop_reading();
  return true;
}

bool DohConnection::h1_input() {
  if (h1_discard_ > 0) return h1_discard();
  while (can_take_query()) {
    std::string_view buf(reinterpret_cast<const char*>(rbuf_.data() + rstart_), rend_ - rstart_);
    if (buf.empty()) break;
    Http1Head h = parse_http1_head(buf);
    if (h.state == Http1Head::kIncomplete) {
      h1_need_ = kMaxHttp1Head + 1;
      break;
    }
    if (h.state == Http1Head::kError) {
      shared_->counters.inc(ListenerStat::kHttpErrors);
      h1_respond(h.status, "text/plain", text_body(h.reason), -1, true);
      return true;
    }
    if (h.content_length > kMaxDohMessage) {
      shared_->counters.inc(ListenerStat::kHttpErrors);
      rstart_ += h.head_size;
      h1_discard_ = h.content_length <= kMaxH1Discard ? h.content_length : 0;
      h1_respond(413, "text/plain", text_body("DNS message too large"), -1, true);
      return h1_discard_ > 0 ? h1_discard() : true;
    }
    h1_need_ = h.head_size + h.content_length;
    if (buf.size() < h1_need_) break;
    auto body = std::span<const uint8_t>(rbuf_.data() + rstart_ + h.head_size, h.content_length);
    DohRequest r = parse_doh_request(h.method, h.target, h.content_type, body, shared_->spec.tls.doh_paths);
    rstart_ += h1_need_;
    h1_need_ = 0;
    h1_keep_alive_ = h.keep_alive;
    if (r.status != 200) {
      shared_->counters.inc(ListenerStat::kHttpErrors);
      h1_respond(r.status, "text/plain", text_body(r.reason), -1, !h1_keep_alive_);
      continue;
    }
    h1_busy_ = true;
    if (handle_query(r.query, 1, shared_->spec.tls.doh_paths[r.path]) == Action::kDrop) on_dropped();
  }
  if (rstart_ == rend_) rstart_ = rend_ = 0;
  return true;
}

void DohConnection::h1_respond(uint16_t status, std::string_view type, std::span<const uint8_t> body,
                               int64_t max_age, bool close) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) +
                     "\r\nContent-Type: " + std::string(type) + "\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\n";
  if (max_age >= 0) head += "Cache-Control: max-age=" + std::to_string(max_age) + "\r\n";
  if (status == 405) head += "Allow: GET, POST\r\n";
  if (close) head += "Connection: close\r\n";
  head += "\r\n";
  queue_output(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(head.data()), head.size()));
  queue_output(body);
  if (close && h1_discard_ == 0) stop_reading();  // else once the refused body is skipped
}

// ---- both ---------------------------------------------------------------

void DohConnection::answer(uint64_t stream, std::span<const uint8_t> response) {
  int64_t max_age = doh_max_age(response);
  if (h2_) {
    h2_respond(static_cast<int32_t>(stream), 200, kDnsMessage, std::vector<uint8_t>(response.begin(), response.end()),
               max_age);
    if (!in_recv_) h2_flush();
    return;
  }
  h1_busy_ = false;
  h1_respond(200, kDnsMessage, response, max_age, !h1_keep_alive_);
}

void DohConnection::on_dropped() {
  if (!h2_) {  // HTTP/1.1 cannot skip a request: end the connection
    h1_busy_ = false;
    stop_reading();
  }
}

}  // namespace dns4eu::net::internal
