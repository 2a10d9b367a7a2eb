// config_listeners.cc — the `listeners:` list: addresses, transports, TLS
// and DoH paths, and clashes between listeners that would share a socket.
#include <algorithm>
#include <cctype>

#include "daemon/internal/config_names.h"
#include "daemon/internal/config_sections.h"

namespace dns4eu::daemon::internal {
namespace {

bool uses_tls(Transport t) { return t == Transport::kDot || t == Transport::kDoh || t == Transport::kDoq; }
bool uses_udp_socket(Transport t) { return t == Transport::kUdp || t == Transport::kDoq; }

bool valid_flavour(std::string_view s) {
  return !s.empty() && s.size() <= 63 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' ||
           c == '_';
  });
}

std::optional<std::string> read_flavour(const Field& f, Diagnostics& diag) {
  auto s = as_string(f, diag);
  if (s && !valid_flavour(*s)) {
    diag.error(f.mark, f.path, "flavour names use a-z, 0-9, '-' and '_' (at most 63), got '" + *s + "'");
    return std::nullopt;
  }
  return s;
}

void read_pair(MapReader& m, const Field& f, std::string& cert, std::string& key, Diagnostics& diag) {
  for (auto [name, out] : {std::pair{"certificate", &cert}, std::pair{"key", &key}}) {
    auto v = m.take(name);
    if (!v) {
      diag.error(f.mark, f.path, std::string("missing required key '") + name + "'");
    } else if (auto s = as_string(*v, diag)) {
      *out = *s;
    }
  }
}

void read_tls(const Field& f, Listener& l, Diagnostics& diag) {
  MapReader m(f, diag);
  read_pair(m, f, l.tls_certificate, l.tls_key, diag);
  if (auto more = m.take("by_name")) {
    for (const Field& item : as_list(*more, diag)) {
      MapReader im(item, diag);
      std::pair<std::string, std::string> p;
      read_pair(im, item, p.first, p.second, diag);
      im.finish();
      l.tls_by_name.push_back(std::move(p));
    }
  }
  m.finish();
}

std::optional<DohPath> read_doh_path(const Field& f, Diagnostics& diag) {
  DohPath p;
  Field path_field = f;
  if (f.node.IsDefined() && f.node.IsMap()) {
    MapReader m(f, diag);
    auto path = m.take("path");
    if (auto fl = m.take("flavour")) {
      if (auto s = read_flavour(*fl, diag)) p.flavour = *s;
    }
    m.finish();
    if (!path) {
      diag.error(f.mark, f.path, "missing required key 'path'");
      return std::nullopt;
    }
    path_field = *path;
  }
  auto s = as_string(path_field, diag);
  if (!s) return std::nullopt;
  if (s->empty() || (*s)[0] != '/' || s->find_first_of(" ?#") != std::string::npos) {
    diag.error(path_field.mark, path_field.path, "a DoH path starts with '/' and has no spaces, '?' or '#', got '" +
                                                     *s + "'");
    return std::nullopt;
  }
  p.path = *s;
  return p;
}

void read_paths(MapReader& m, Listener& l, Diagnostics& diag) {
  auto f = m.take("paths");
  if (!f) return;
  if (l.transport != Transport::kDoh) {
    diag.error(f->mark, f->path, "paths are only for doh listeners");
    return;
  }
  l.doh_paths.clear();
  std::vector<Field> items = as_list(*f, diag);
  for (const Field& item : items) {
    if (auto p = read_doh_path(item, diag)) l.doh_paths.push_back(*p);
  }
  if (items.empty() && f->node.IsSequence()) diag.error(f->mark, f->path, "a doh listener needs at least one path");
}

// `xdp: eth0` or `xdp: {interface: eth0, mode: generic}` on a udp listener
// with a specific address.
void read_xdp(const Field& f, Listener& l, bool ok, Diagnostics& diag) {
  if (ok && l.transport != Transport::kUdp) {
    diag.error(f.mark, f.path, "xdp is only for udp listeners");
    return;
  }
  if (ok && l.address.is_unspecified()) {
    diag.error(f.mark, f.path, "xdp needs a specific listener address, not " + l.address.to_string());
    return;
  }
  Field name = f;
  if (f.node.IsDefined() && f.node.IsMap()) {
    MapReader m(f, diag);
    auto n = m.take("interface");
    if (auto mode = m.take("mode")) {
      if (auto i = as_choice(*mode, kXdpModeNames, diag)) l.xdp_mode = std::string(kXdpModeNames[*i]);
    }
    m.finish();
    if (!n) {
      diag.error(f.mark, f.path, "missing required key 'interface'");
      return;
    }
    name = *n;
  }
  auto s = as_string(name, diag);
  if (!s) return;
  if (s->empty() || s->size() > 15 || s->find_first_of("/ \t") != std::string::npos) {
    diag.error(name.mark, name.path, "not a network interface name: '" + *s + "'");
    return;
  }
  l.xdp_interface = *s;
}

std::optional<Listener> read_listener(const Field& f, Diagnostics& diag) {
  Listener l;
  l.origin = diag.where(f.mark);
  MapReader m(f, diag);
  bool ok = true;
  auto transport = m.take("transport");
  if (!transport) {
    diag.error(f.mark, f.path, "missing required key 'transport' (udp, tcp, dot, doh or doq)");
    ok = false;
  } else if (auto i = as_choice(*transport, kTransportNames, diag)) {
    l.transport = static_cast<Transport>(*i);
  } else {
    ok = false;
  }
  l.port = default_port(l.transport);
  if (l.transport == Transport::kDoh) l.doh_paths = {DohPath{"/dns-query", ""}};

  auto address = m.take("address");
  if (!address) {
    diag.error(f.mark, f.path, "missing required key 'address'");
    ok = false;
  } else if (auto a = as_address(*address, diag)) {
    l.address = *a;
  } else {
    ok = false;
  }
  get_uint(m, "port", l.port, 1, 65535, diag);
  if (auto fl = m.take("flavour")) {
    if (auto s = read_flavour(*fl, diag)) l.flavour = *s;
  }
  if (auto tls = m.take("tls")) {
    if (ok && !uses_tls(l.transport)) {
      diag.error(tls->mark, tls->path, "tls is only for dot, doh and doq listeners");
    } else {
      read_tls(*tls, l, diag);
    }
  } else if (ok && uses_tls(l.transport)) {
    diag.error(f.mark, f.path, "missing required key 'tls' (certificate and key) for a " +
                                   std::string(to_string(l.transport)) + " listener");
  }
  if (ok) read_paths(m, l, diag);
  if (auto pf = m.take("proxy_protocol")) {
    if (ok && uses_udp_socket(l.transport)) {
      diag.error(pf->mark, pf->path, "proxy_protocol is only for tcp, dot and doh listeners");
    } else {
      for (const Field& item : as_list(*pf, diag))
        if (auto p = as_prefix(item, diag)) l.proxy_protocol.push_back(*p);
    }
  }
  if (auto x = m.take("xdp")) read_xdp(*x, l, ok, diag);
  m.finish();
  if (!ok) return std::nullopt;
  return l;
}

// Two listeners clash when they would bind the same socket (UDP: udp, doq;
// TCP: tcp, dot, doh) on the same address and port.
void check_clashes(const std::vector<std::pair<Listener, Field>>& ls, Diagnostics& diag) {
  for (size_t i = 0; i < ls.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const Listener& a = ls[i].first;
      const Listener& b = ls[j].first;
      if (a.address != b.address || a.port != b.port ||
          uses_udp_socket(a.transport) != uses_udp_socket(b.transport)) {
        continue;
      }
      diag.error(ls[i].second.mark, ls[i].second.path,
                 a.address.to_string() + " port " + std::to_string(a.port) + " over " +
                     (uses_udp_socket(a.transport) ? "UDP" : "TCP") + " is already used by " + ls[j].second.path +
                     " (line " + std::to_string(ls[j].second.mark.line + 1) + ")");
      break;
    }
  }
}

}  // namespace

void read_listeners(const Field& f, std::vector<Listener>& out, Diagnostics& diag) {
  std::vector<Field> items = as_list(f, diag);
  if (!f.node.IsDefined() || !f.node.IsSequence()) return;
  if (items.empty()) {
    diag.error(f.mark, f.path, "at least one listener is needed");
    return;
  }
  std::vector<std::pair<Listener, Field>> read;
  for (const Field& item : items) {
    if (auto l = read_listener(item, diag)) read.emplace_back(*l, item);
  }
  check_clashes(read, diag);
  out.clear();
  for (auto& [l, field] : read) out.push_back(std::move(l));
}

}  // namespace dns4eu::daemon::internal
