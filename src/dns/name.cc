// name.cc — see name.h.
#include "dns/name.h"

#include <algorithm>
#include <cstring>

namespace dns4eu::dns {
namespace {

// Walks a possibly compressed name; calls `on_label(ptr, len)` per label.
// Pointers must point strictly backwards from the pointer itself, which
// guarantees termination; the uncompressed size is limited to 255 octets.
template <typename OnLabel>
Result<std::size_t> walk_packet_name(std::span<const uint8_t> pkt, std::size_t& offset,
                                     OnLabel&& on_label) {
  std::size_t pos = offset;
  std::size_t total = 0;
  bool jumped = false;
  while (true) {
    if (pos >= pkt.size()) return fail_at(ErrorCode::kOutOfBounds, pos, "name runs past end of packet");
    uint8_t len = pkt[pos];
    if ((len & 0xC0) == 0xC0) {
      if (pos + 1 >= pkt.size()) return fail_at(ErrorCode::kOutOfBounds, pos, "truncated compression pointer");
      std::size_t target = ((len & 0x3F) << 8) | pkt[pos + 1];
      if (target >= pos) return fail_at(ErrorCode::kMalformed, pos, "compression pointer does not point backwards");
      if (!jumped) offset = pos + 2;
      jumped = true;
      pos = target;
      continue;
    }
    if ((len & 0xC0) != 0) return fail_at(ErrorCode::kMalformed, pos, "unsupported label type");
    if (pos + 1 + len > pkt.size()) return fail_at(ErrorCode::kOutOfBounds, pos, "label runs past end of packet");
    total += 1 + len;
    if (total > Name::kMaxWireSize) return fail_at(ErrorCode::kTooLong, offset, "name longer than 255 octets");
    if (len == 0) {
      if (!jumped) offset = pos + 1;
      return total;
    }
    on_label(&pkt[pos + 1], len);
    pos += 1 + len;
  }
}

int parse_decimal_escape(std::string_view t, std::size_t i) {
  if (i + 3 > t.size()) return -1;
  int v = 0;
  for (std::size_t k = i; k < i + 3; ++k) {
    if (t[k] < '0' || t[k] > '9') return -1;
    v = v * 10 + (t[k] - '0');
  }
  return v <= 255 ? v : -1;
}

}  // namespace

Result<Name> Name::from_text(std::string_view text, const Name* origin) {
  if (text.empty()) return fail(ErrorCode::kMalformed, "empty name");
  Name n;
  if (text == ".") return n;
  std::size_t out = 0;
  std::size_t label_start = 0;
  std::size_t label_len = 0;
  bool absolute = false;
  auto close_label = [&](std::size_t at) -> Status {
    if (label_len == 0) return fail(ErrorCode::kMalformed, "empty label in name '" + std::string(text) + "' at column " + std::to_string(at + 1));
    n.buf_[label_start] = static_cast<uint8_t>(label_len);
    return {};
  };
  auto put = [&](uint8_t c, std::size_t at) -> Status {
    if (label_len == 0) { label_start = out++; }
    if (label_len == kMaxLabelSize) return fail(ErrorCode::kTooLong, "label longer than 63 octets in name '" + std::string(text) + "' at column " + std::to_string(at + 1));
    if (out >= kMaxWireSize - 1) return fail(ErrorCode::kTooLong, "name longer than 255 octets: '" + std::string(text) + "'");
    n.buf_[out++] = c;
    ++label_len;
    return {};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (auto s = close_label(i); !s) return tl::unexpected(s.error());
      label_len = 0;
      if (i + 1 == text.size()) absolute = true;
      continue;
    }
    uint8_t v = static_cast<uint8_t>(c);
    if (c == '\\') {
      if (i + 1 >= text.size()) return fail(ErrorCode::kMalformed, "dangling backslash in name '" + std::string(text) + "'");
      int d = parse_decimal_escape(text, i + 1);
      if (d >= 0) { v = static_cast<uint8_t>(d); i += 3; }
      else if (text[i + 1] >= '0' && text[i + 1] <= '9') return fail(ErrorCode::kMalformed, "bad \\DDD escape in name '" + std::string(text) + "' at column " + std::to_string(i + 1));
      else { v = static_cast<uint8_t>(text[i + 1]); i += 1; }
    }
    if (auto s = put(v, i); !s) return tl::unexpected(s.error());
  }
  if (label_len > 0) {
    if (auto s = close_label(text.size()); !s) return tl::unexpected(s.error());
  }
  n.buf_[out++] = 0;
  n.size_ = static_cast<uint8_t>(out);
  if (!absolute && origin != nullptr) return n.concat(*origin);
  return n;
}

Result<Name> Name::from_wire(std::span<const uint8_t> wire) {
  std::size_t off = 0;
  auto n = from_packet(wire, off);
  if (!n) return n;
  if (off != wire.size()) return fail_at(ErrorCode::kMalformed, off, "trailing octets after name");
  if (wire.size() > 0 && (wire[0] & 0xC0) == 0xC0) return fail(ErrorCode::kMalformed, "compression pointer in uncompressed name");
  return n;
}

Result<Name> Name::from_packet(std::span<const uint8_t> packet, std::size_t& offset) {
  Name n;
  std::size_t out = 0;
  std::size_t off = offset;
  auto r = walk_packet_name(packet, off, [&](const uint8_t* p, uint8_t len) {
    n.buf_[out++] = len;
    std::memcpy(n.buf_ + out, p, len);
    out += len;
  });
  if (!r) return tl::unexpected(r.error());
  n.buf_[out++] = 0;
  n.size_ = static_cast<uint8_t>(out);
  offset = off;
  return n;
}

Result<std::size_t> skip_packet_name(std::span<const uint8_t> packet, std::size_t& offset) {
  return walk_packet_name(packet, offset, [](const uint8_t*, uint8_t) {});
}

bool packet_name_equals(std::span<const uint8_t> packet, std::size_t offset, const Name& name) {
  auto w = name.wire();
  std::size_t pos = 0;
  bool ok = true;
  auto r = walk_packet_name(packet, offset, [&](const uint8_t* p, uint8_t len) {
    if (!ok || pos + 1 + len >= w.size() || w[pos] != len) { ok = false; return; }
    for (uint8_t i = 0; i < len; ++i)
      if (ascii_lower(p[i]) != ascii_lower(w[pos + 1 + i])) { ok = false; return; }
    pos += 1 + len;
  });
  return r && ok && pos + 1 == w.size();
}

std::string Name::to_text() const {
  if (is_root()) return ".";
  std::string s;
  s.reserve(size_ + 8);
  std::size_t i = 0;
  while (buf_[i] != 0) {
    uint8_t len = buf_[i];
    for (std::size_t k = i + 1; k <= i + len; ++k) {
      uint8_t c = buf_[k];
      if (c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' || c == '$') {
        s.push_back('\\');
        s.push_back(static_cast<char>(c));
      } else if (c <= 0x20 || c >= 0x7F) {
        char esc[5];
        esc[0] = '\\';
        esc[1] = static_cast<char>('0' + c / 100);
        esc[2] = static_cast<char>('0' + (c / 10) % 10);
        esc[3] = static_cast<char>('0' + c % 10);
        esc[4] = 0;
        s.append(esc, 4);
      } else {
        s.push_back(static_cast<char>(c));
      }
    }
    s.push_back('.');
    i += 1 + len;
  }
  return s;
}

int Name::label_count() const {
  int n = 0;
  for (std::size_t i = 0; buf_[i] != 0; i += 1 + buf_[i]) ++n;
  return n;
}

std::string_view Name::label(int index) const {
  std::size_t i = 0;
  for (int k = 0; buf_[i] != 0; ++k, i += 1 + buf_[i])
    if (k == index) return {reinterpret_cast<const char*>(buf_ + i + 1), buf_[i]};
  return {};
}

Name Name::parent() const {
  if (is_root()) return *this;
  Name p;
  std::size_t skip = 1 + buf_[0];
  p.size_ = static_cast<uint8_t>(size_ - skip);
  std::memcpy(p.buf_, buf_ + skip, p.size_);
  return p;
}

Name Name::suffix(int count) const {
  Name s = *this;
  for (int drop = label_count() - count; drop > 0; --drop) s = s.parent();
  return s;
}

Result<Name> Name::prepend_label(std::string_view label) const {
  if (label.empty()) return fail(ErrorCode::kMalformed, "empty label");
  if (label.size() > kMaxLabelSize) return fail(ErrorCode::kTooLong, "label longer than 63 octets");
  if (size_ + 1 + label.size() > kMaxWireSize) return fail(ErrorCode::kTooLong, "name longer than 255 octets");
  Name n;
  n.buf_[0] = static_cast<uint8_t>(label.size());
  std::memcpy(n.buf_ + 1, label.data(), label.size());
  std::memcpy(n.buf_ + 1 + label.size(), buf_, size_);
  n.size_ = static_cast<uint8_t>(size_ + 1 + label.size());
  return n;
}

Result<Name> Name::concat(const Name& suffix) const {
  std::size_t head = size_ - 1;
  if (head + suffix.size_ > kMaxWireSize) return fail(ErrorCode::kTooLong, "name longer than 255 octets");
  Name n;
  std::memcpy(n.buf_, buf_, head);
  std::memcpy(n.buf_ + head, suffix.buf_, suffix.size_);
  n.size_ = static_cast<uint8_t>(head + suffix.size_);
  return n;
}

Result<Name> Name::replace_suffix(const Name& old_suffix, const Name& new_suffix) const {
  if (!is_subdomain_of(old_suffix)) return fail(ErrorCode::kInvalidArgument, "name is not below the suffix");
  Name head;
  std::size_t head_size = size_ - old_suffix.size_;
  std::memcpy(head.buf_, buf_, head_size);
  head.buf_[head_size] = 0;
  head.size_ = static_cast<uint8_t>(head_size + 1);
  return head.concat(new_suffix);
}

bool Name::is_subdomain_of(const Name& other) const {
  if (other.size_ > size_) return false;
  std::size_t start = size_ - other.size_;
  // The suffix must start on a label boundary.
  std::size_t i = 0;
  while (i < start) i += 1 + buf_[i];
  if (i != start) return false;
  for (std::size_t k = 0; k < other.size_; ++k)
    if (ascii_lower(buf_[start + k]) != ascii_lower(other.buf_[k])) return false;
  return true;
}

int Name::common_labels(const Name& other) const {
  int a = label_count(), b = other.label_count();
  int n = std::min(a, b);
  while (n > 0 && !(suffix(n) == other.suffix(n))) --n;
  return n;
}

Name Name::lowercased() const {
  Name n = *this;
  for (std::size_t i = 0; n.buf_[i] != 0; i += 1 + n.buf_[i])
    for (std::size_t k = i + 1; k <= i + n.buf_[i]; ++k) n.buf_[k] = ascii_lower(n.buf_[k]);
  return n;
}

std::size_t Name::hash() const {
  // FNV-1a over the lower-cased wire form; label lengths are hashed too.
  uint64_t h = 1469598103934665603ULL;
  for (std::size_t i = 0; i < size_; ++i) {
    h ^= ascii_lower(buf_[i]);
    h *= 1099511628211ULL;
  }
  return static_cast<std::size_t>(h);
}

bool operator==(const Name& a, const Name& b) {
  if (a.size_ != b.size_) return false;
  for (std::size_t i = 0; i < a.size_; ++i)
    if (ascii_lower(a.buf_[i]) != ascii_lower(b.buf_[i])) return false;
  return true;
}

int Name::canonical_compare(const Name& other) const {
  // Compare label by label from the rightmost, each label as lower-cased octets.
  const uint8_t* la[128];
  const uint8_t* lb[128];
  int na = 0, nb = 0;
  for (std::size_t i = 0; buf_[i] != 0; i += 1 + buf_[i]) la[na++] = buf_ + i;
  for (std::size_t i = 0; other.buf_[i] != 0; i += 1 + other.buf_[i]) lb[nb++] = other.buf_ + i;
  while (na > 0 && nb > 0) {
    const uint8_t* x = la[--na];
    const uint8_t* y = lb[--nb];
    std::size_t n = std::min(x[0], y[0]);
    for (std::size_t k = 1; k <= n; ++k) {
      int d = int(ascii_lower(x[k])) - int(ascii_lower(y[k]));
      if (d != 0) return d;
    }
    if (x[0] != y[0]) return int(x[0]) - int(y[0]);
  }
  return na - nb;
}

}  // namespace dns4eu::dns
