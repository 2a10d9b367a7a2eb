// policy.h — one immutable policy snapshot: the loaded lists, the profiles
// (flavours) that combine them, and the view rules that pick a profile for
// a query. The daemon builds one at start and on every reload or list change,
// and publishes it atomically; a query uses the snapshot it started with.
//
// A profile is an ordered set of lists, each with an action, plus allowlists
// that override them all. Profile 0 is always "plain": no lists, no cost.
// check_qname() walks the name's suffixes once (NameKeys) and probes every
// list of the profile: an allowlist match passes the name; otherwise the
// first list (in profile order) with a matching rule decides.
//
// A view picks the profile: a tenant (the client's network, longest prefix
// wins) first, then the TLS server name (DoT/DoQ SNI, DoH host) when the
// transport has one — a name of its own, or a client ID as its first label
// under a client-ID domain (NextDNS style: <id>.<domain>) — then the
// endpoint's flavour (listener, refined by a DoH path).
//
//   auto p = Policy::build(spec, previous.get(), &warnings);   // lists reused when unchanged
//   uint16_t prof = (*p)->select(listener_profile, client_ip, sni);
//   Verdict v = (*p)->check_qname(prof, qname);
//   if (v.blocks()) answer_blocked(v);                          // v.ede(): EDE 15/16/17 + list name
//
// Thread-safety: a built Policy is immutable and safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "dns/edns.h"
#include "dns/name.h"
#include "dns/result.h"
#include "policy/client_id_list.h"
#include "policy/list.h"
#include "policy/list_parser.h"
#include "policy/prefix_map.h"
#include "policy/suffix_filter.h"
#include "policy/types.h"

namespace dns4eu::policy {

struct ProfileListSpec {
  std::string list;
  ProfileAction action = ProfileAction::kGiven;
  friend bool operator==(const ProfileListSpec&, const ProfileListSpec&) = default;
};

struct ProfileSpec {
  std::string name;
  std::vector<ProfileListSpec> lists;  // in order: the first list that matches decides
  std::vector<std::string> allow;      // allowlists: a match here overrides every list
  std::optional<IpAddr> sinkhole_v4, sinkhole_v6;  // the block page, for action sinkhole
  friend bool operator==(const ProfileSpec&, const ProfileSpec&) = default;
};

struct TenantSpec {
  std::string name;
  std::vector<IpNet> networks;
  std::string profile;
  std::string networks_file = {};  // more networks, one a line (network_list.h); "" for none
  friend bool operator==(const TenantSpec&, const TenantSpec&) = default;
};

struct ServerNameSpec {  // TLS server name (SNI, DoH host) -> profile
  std::string name;      // lower case, no trailing dot
  std::string profile;
  friend bool operator==(const ServerNameSpec&, const ServerNameSpec&) = default;
};

// A client ID: the TLS server name <id>.<domain> selects `profile` (one
// organisation's or customer's profile on a shared encrypted endpoint).
struct ClientIdSpec {
  std::string domain;  // lower case, no trailing dot
  std::string id;      // one label: letters, digits, '-'; lower case
  std::string profile;
  friend bool operator==(const ClientIdSpec&, const ClientIdSpec&) = default;
};

// A file of client IDs (client_id_list.h) under `domain`.
struct ClientIdFileSpec {
  std::string domain;  // lower case, no trailing dot
  std::string path;
  friend bool operator==(const ClientIdFileSpec&, const ClientIdFileSpec&) = default;
};

struct PolicySpec {
  std::vector<ListSpec> lists;
  std::vector<ProfileSpec> profiles;
  std::vector<TenantSpec> tenants;
  std::vector<ServerNameSpec> server_names;
  std::vector<ClientIdSpec> client_ids;
  std::vector<ClientIdFileSpec> client_id_files = {};
  uint32_t ttl = 300;  // TTL of synthesised blocked answers
  friend bool operator==(const PolicySpec&, const PolicySpec&) = default;
};

inline constexpr std::string_view kPlainProfile = "plain";

// What picked a query's profile (Policy::choose).
enum class ChosenBy : uint8_t { kEndpoint, kTenant, kServerName, kClientId };
std::string_view to_string(ChosenBy c);  // "endpoint", "tenant", "server name", "client id"

struct Selection {
  uint16_t profile = 0;
  ChosenBy by = ChosenBy::kEndpoint;
  std::string_view tenant = {};  // kTenant: the tenant's name (the Policy's own text)
  // The server name was <label>.<a client-ID domain> but the label is no
  // configured ID: the profile is then what the domain itself would get.
  bool unknown_client_id = false;
};

enum class Trigger : uint8_t { kQname, kCname, kResponseIp, kClientIp, kNsdname, kNsip };
std::string_view to_string(Trigger t);

struct Profile {
  std::string name;
  struct Entry {
    uint16_t list;  // index into Policy::lists()
    ProfileAction action;
  };
  std::vector<Entry> lists;
  std::vector<uint16_t> allow;
  std::optional<IpAddr> sinkhole_v4, sinkhole_v6;
  bool has_ip_triggers = false, has_client_ip_triggers = false, has_nsdname_triggers = false, has_nsip_triggers = false;
  // The lists and allowlists of the profile whose tables (4 MiB and more)
  // live in memory, not in a cache: their slots for every suffix but the TLD
  // are prefetched together with the suffix filter's blocks. Smaller tables
  // are not fetched early: measured, their prefetches for the admitted
  // suffixes cost a listed name ~80 ns (policy_bench), as most are never read.
  std::vector<uint16_t> early{};
  // The profile's smaller lists (with names): their slots of the suffixes the
  // filter admitted are prefetched together once the first list has not
  // decided a name.
  std::vector<uint16_t> late{};
  bool filters() const { return !lists.empty(); }
};

// The outcome of one check.
struct Verdict {
  Action action = Action::kNone;  // kNone: nothing matched; kPassthru: allowlisted / passthru rule
  Trigger trigger = Trigger::kQname;
  const List* list = nullptr;     // the list whose rule decided
  bool allowlisted = false;
  NameMatch match;                // name triggers: where the rule matched
  const IpRule* ip_rule = nullptr;
  const LocalData* data = nullptr;  // kLocalData
  // The first list with action `log` (a dry run) whose rule matched before
  // the deciding one, or when none decided: reported, never applied.
  const List* logged = nullptr;

  bool blocks() const { return action != Action::kNone && action != Action::kPassthru; }
  // EDE 15/16/17 from the list's category, extra text naming the list. None when not blocked.
  std::optional<dns::ExtendedError> ede() const;
};

// A list file's identity, to tell whether it changed; a directory (a MISP
// feed) by its manifest.json's and its own mtime (files added or renamed in).
struct FileStamp {
  uint64_t dev = 0, ino = 0, size = 0;
  int64_t mtime_ns = 0;
  int64_t dir_mtime_ns = 0;  // directories only
  bool exists = false;
  static FileStamp of(const std::string& path);
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

// How a list's (or a tenant networks file's, or a client ID file's) served
// version came to be (for the management API's GET /lists).
struct ListStatus {
  int64_t version_mtime_ns = 0;  // the served file's modification time
  int64_t loaded_unix = 0;       // when the served version was loaded (seconds since the epoch)
  std::string last_error;        // why the newest file was refused (empty: it serves)
  int64_t last_error_unix = 0;   // when it was refused (seconds since the epoch)
};

class Policy {
 public:
  // Loads every list, tenant networks file and client ID file (reusing
  // `previous`'s copy when its file is unchanged) and resolves profile,
  // tenant and server-name references. A file that fails to load keeps its
  // previous version (a line in `warnings`); with no previous version the
  // build fails with the file's "source:line: reason". A client ID file whose
  // references fail (an unknown profile, an ID also configured inline) is
  // refused the same way.
  static Result<std::shared_ptr<const Policy>> build(const PolicySpec& spec, const Policy* previous,
                                                     std::vector<std::string>* warnings);

  std::optional<uint16_t> profile_id(std::string_view name) const;
  const Profile& profile(uint16_t id) const { return profiles_[id]; }
  std::size_t profile_count() const { return profiles_.size(); }
  const std::vector<std::shared_ptr<const List>>& lists() const { return lists_; }
  // Parallel to lists().
  const std::vector<ListStatus>& list_status() const { return status_; }
  uint32_t ttl() const { return spec_.ttl; }
  const PolicySpec& spec() const { return spec_; }
  // Bytes of the index (every list's tables and the suffix filter).
  std::size_t memory_bytes() const;
  // A tenant's networks file as served: parallel to spec().tenants; `networks`
  // is null for a tenant without a file.
  struct TenantFile {
    std::shared_ptr<const std::vector<IpNet>> networks;
    FileStamp stamp;
    ListStatus status;
  };
  const std::vector<TenantFile>& tenant_files() const { return tenant_files_; }
  // A client ID file as served: parallel to spec().client_id_files.
  struct ClientIdFile {
    std::shared_ptr<const std::vector<ClientIdEntry>> ids;
    FileStamp stamp;
    ListStatus status;
  };
  const std::vector<ClientIdFile>& client_id_files() const { return client_id_files_; }
  // True when a list file, a tenant's networks file or a client ID file
  // differs from the one loaded (for periodic reloads).
  bool files_changed() const;

  // The profile for a query that reached an endpoint of `endpoint_profile`
  // (the listener's, or its DoH path's), and what chose it: a tenant, the
  // server name (case-insensitive, a trailing dot ignored), a client ID in
  // it, else the endpoint.
  Selection choose(uint16_t endpoint_profile, const IpAddr* client, std::string_view server_name = {}) const;
  uint16_t select(uint16_t endpoint_profile, const IpAddr* client, std::string_view server_name = {}) const {
    return choose(endpoint_profile, client, server_name).profile;
  }
  bool has_tenants() const { return !tenants_.empty(); }

  Verdict check_qname(uint16_t profile, const dns::Name& name, Trigger as = Trigger::kQname) const;
  // Starts the memory reads check_qname(profile, name) will wait for (the
  // suffix filter's blocks, the big lists' slots) and returns without waiting.
  // A caller holding several names (the targets of a CNAME chain) prefetches
  // them all first: their reads then overlap instead of following one another.
  void prefetch_qname(uint16_t profile, const dns::Name& name) const;
  Verdict check_client_ip(uint16_t profile, const IpAddr& client) const;
  Verdict check_response_ip(uint16_t profile, const IpAddr& address) const;
  Verdict check_nsdname(uint16_t profile, const dns::Name& ns) const;
  // `address`: an address of a name server of the query name's zone (rpz-nsip).
  Verdict check_nsip(uint16_t profile, const IpAddr& address) const;

  // "blocked: rule 'example.com and below' of list malware (category malware, file ...), action nxdomain, EDE 15"
  std::string explain(const Verdict& v, const dns::Name& qname) const;

 private:
  void fetch(const Profile& p, const NameKeys& keys, const SuffixFilter::Block** blocks) const;
  // Adds a client ID file's IDs under `f.domain`, all or none: "path:line:
  // reason" for an unknown profile or a name already taken.
  Status add_client_ids(const ClientIdFileSpec& f, const std::vector<ClientIdEntry>& ids);
  // The first list of the profile (in order) whose IP rules of one kind match `address`.
  Verdict check_ip(uint16_t profile, bool Profile::*has_triggers, const IpRule* (List::*match)(const IpAddr&) const,
                   const IpAddr& address, Trigger t) const;
  struct Tenant {
    uint16_t profile;
    uint32_t spec;  // index in spec_.tenants (its name)
  };
  PolicySpec spec_;
  std::vector<std::shared_ptr<const List>> lists_;
  std::vector<FileStamp> stamps_;
  std::vector<ListStatus> status_;
  std::vector<TenantFile> tenant_files_;
  std::vector<ClientIdFile> client_id_files_;
  std::vector<Profile> profiles_;
  PrefixMap<Tenant> tenants_;  // every tenant network: the longest prefix wins
  // Server names and <id>.<domain> of every client ID, lower case -> profile.
  absl::flat_hash_map<std::string, Selection> server_names_;
  absl::flat_hash_set<std::string> client_id_domains_;
  SuffixFilter filter_;  // every QNAME rule owner of every list
};

}  // namespace dns4eu::policy
