// work_limit.h — how much validation work one client query may cause
// (KeyTrap, CVE-2023-50387; NSEC3 iterations, CVE-2023-50868).
//
// A WorkMeter is carried through one client query's resolution (inside the
// resolver's Budget). Every signature verification takes one unit; when none
// are left, validation stops and the data is bogus ("validation work limit").
// Per RRset, at most `max_signatures_per_rrset` RRSIGs are looked at and at
// most `max_keys_per_signature` DNSKEYs with the RRSIG's key tag are tried.
//
//   WorkMeter m(limits);
//   if (!m.take()) return bogus("validation work limit");
//
// Thread-safety: a value type used by one coroutine at a time.
#pragma once

#include <cstdint>

namespace dns4eu::dnssec {

struct ValidationLimits {
  int max_verifications_per_query = 64;  // signature checks per client query
  int max_signatures_per_rrset = 8;      // RRSIGs looked at per RRset
  int max_keys_per_signature = 4;        // key-tag collisions tried per RRSIG
  uint16_t max_nsec3_iterations = 150;   // above: the zone is insecure (RFC 9276)
  int max_nsec3_hashes = 32;             // NSEC3 hash computations per proof
  uint32_t bogus_ttl = 60;               // seconds a bogus result is cached
  friend bool operator==(const ValidationLimits&, const ValidationLimits&) = default;
};

class WorkMeter {
 public:
  WorkMeter() = default;
  explicit WorkMeter(const ValidationLimits& l) : left_(l.max_verifications_per_query) {}
  // Takes one verification; false (and marks exhaustion) when none are left.
  bool take() {
    if (left_ <= 0) {
      exhausted_ = true;
      return false;
    }
    --left_;
    ++used_;
    return true;
  }
  bool exhausted() const { return exhausted_; }
  int used() const { return used_; }

 private:
  int left_ = 64;
  int used_ = 0;
  bool exhausted_ = false;
};

}  // namespace dns4eu::dnssec
