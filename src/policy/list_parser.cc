// list_parser.cc — plain domain lists, hosts files and adblock domain rules;
// RPZ is in rpz_parser.cc. See list_parser.h.
#include "policy/list_parser.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "policy/internal/text_lines.h"

namespace dns4eu::policy {
namespace internal {
namespace {

bool is_hosts_placeholder(std::string_view n) {
  return n == "localhost" || n == "localhost.localdomain" || n == "local" || n == "broadcasthost" ||
         n == "ip6-localhost" || n == "ip6-loopback" || n == "ip6-localnet" || n == "ip6-mcastprefix" ||
         n == "ip6-allnodes" || n == "ip6-allrouters" || n == "ip6-allhosts" || n == "0.0.0.0";
}

}  // namespace

// See list_parser.h; "*.name" in a domain list means the names below only.
Status add_name(std::string_view name, uint8_t flags, DomainSet::Builder& b) {
  if (name.find('*') != std::string_view::npos) return fail(ErrorCode::kMalformed, "'*' is only allowed as '*.' in front");
  uint8_t wire[dns::Name::kMaxWireSize];
  auto n = text_to_lower_wire(name, wire);
  if (!n) return tl::unexpected(n.error());
  b.add(std::span<const uint8_t>(wire, *n), flags);
  return {};
}

Status parse_domains(std::string_view text, List& out) {
  DomainSet::Builder b;
  auto s = for_each_line(text, out.source, '#', [&](std::string_view line) -> Status {
    if (line.find_first_of(" \t") != std::string_view::npos)
      return fail(ErrorCode::kMalformed, "one name a line, got '" + std::string(line) + "'");
    if (line.starts_with("*.")) return add_name(line.substr(2), kBelow, b);
    return add_name(line, kSelf | kBelow, b);
  });
  if (!s) return s;
  out.rule_count = b.size();
  out.names = std::move(b).build();
  return {};
}

Status parse_hosts(std::string_view text, List& out) {
  DomainSet::Builder b;
  auto s = for_each_line(text, out.source, '#', [&](std::string_view line) -> Status {
    auto sp = line.find_first_of(" \t");
    if (sp == std::string_view::npos)
      return fail(ErrorCode::kMalformed, "expected 'address name', got '" + std::string(line) + "'");
    if (!IpAddr::parse(line.substr(0, sp))) {
      return fail(ErrorCode::kMalformed, "not an IP address: '" + std::string(line.substr(0, sp)) + "'");
    }
    std::string_view rest = trim(line.substr(sp));
    while (!rest.empty()) {
      auto end = rest.find_first_of(" \t");
      std::string_view name = rest.substr(0, end);
      rest = trim(end == std::string_view::npos ? std::string_view{} : rest.substr(end));
      if (is_hosts_placeholder(name)) continue;
      if (auto a = add_name(name, kSelf, b); !a) return a;
    }
    return {};
  });
  if (!s) return s;
  out.rule_count = b.size();
  out.names = std::move(b).build();
  return {};
}

Status parse_adblock(std::string_view text, List& out) {
  DomainSet::Builder b;
  auto s = for_each_line(text, out.source, '!', [&](std::string_view line) -> Status {
    if (line.front() == '[') return {};  // "[Adblock Plus 2.0]" header
    bool exception = line.starts_with("@@");
    if (exception) line.remove_prefix(2);
    if (auto d = line.find('$'); d != std::string_view::npos) {
      if (line.substr(d) != "$important") {
        return fail(ErrorCode::kUnsupported, "modifier '" + std::string(line.substr(d)) + "' is not supported (only $important)");
      }
      line = line.substr(0, d);
    }
    if (line.ends_with('|')) line.remove_suffix(1);
    if (!line.starts_with("||") || !line.ends_with('^')) {
      return fail(ErrorCode::kUnsupported, "not a domain rule ('||name^' or '@@||name^'): '" + std::string(line) + "'");
    }
    line = line.substr(2, line.size() - 3);
    return add_name(line, exception ? (kExceptSelf | kExceptBelow) : (kSelf | kBelow), b);
  });
  if (!s) return s;
  out.rule_count = b.size();
  out.names = std::move(b).build();
  return {};
}

}  // namespace internal

namespace {

// A list with spec's name, category and format and no rules yet.
std::shared_ptr<List> empty_list(const ListSpec& spec) {
  auto list = std::make_shared<List>();
  list->name = spec.name;
  list->category = spec.category;
  list->format = spec.format;
  list->source = spec.path.empty() ? spec.name : spec.path;
  return list;
}

}  // namespace

Result<std::shared_ptr<const List>> parse_list(std::string_view text, const ListSpec& spec) {
  auto list = empty_list(spec);
  Status s;
  switch (spec.format) {
    case ListFormat::kDomains: s = internal::parse_domains(text, *list); break;
    case ListFormat::kHosts: s = internal::parse_hosts(text, *list); break;
    case ListFormat::kAdblock: s = internal::parse_adblock(text, *list); break;
    case ListFormat::kRpz: s = internal::parse_rpz(text, *list); break;
    case ListFormat::kMisp: s = internal::parse_misp(text, *list); break;
  }
  if (!s) return tl::unexpected(s.error());
  return std::shared_ptr<const List>(std::move(list));
}

Result<std::shared_ptr<const List>> load_list(const ListSpec& spec) {
  struct stat dir {};
  if (spec.format == ListFormat::kMisp && ::stat(spec.path.c_str(), &dir) == 0 && S_ISDIR(dir.st_mode)) {
    auto list = empty_list(spec);
    if (auto s = internal::load_misp_feed(spec.path, *list); !s) return tl::unexpected(s.error());
    return std::shared_ptr<const List>(std::move(list));
  }
  int fd = ::open(spec.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::kIo, spec.path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(ErrorCode::kIo, spec.path + ": not a regular file");
  }
  if (st.st_size == 0) {
    ::close(fd);
    return parse_list({}, spec);
  }
  void* p = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return fail(ErrorCode::kIo, spec.path + ": cannot map: " + std::strerror(errno));
  madvise(p, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
  auto r = parse_list(std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(st.st_size)), spec);
  munmap(p, static_cast<std::size_t>(st.st_size));
  return r;
}

}  // namespace dns4eu::policy
