// asn_database.cc — see asn_database.h.
#include "telemetry/asn_database.h"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

namespace dns4eu::telemetry {

struct AsnDatabase::Impl {
  MMDB_s mmdb{};
  bool open = false;
  ~Impl() {
    if (open) MMDB_close(&mmdb);
  }
};

Result<std::unique_ptr<AsnDatabase>> AsnDatabase::open(const std::string& path) {
  std::unique_ptr<AsnDatabase> db(new AsnDatabase());
  db->impl_ = std::make_unique<Impl>();
  db->path_ = path;
  int rc = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &db->impl_->mmdb);
  if (rc != MMDB_SUCCESS) {
    std::string why = MMDB_strerror(rc);
    if (rc == MMDB_IO_ERROR) why += std::string(": ") + std::strerror(errno);
    return fail(ErrorCode::kIo, path + ": " + why);
  }
  db->impl_->open = true;
  return db;
}

AsnDatabase::~AsnDatabase() = default;

uint32_t AsnDatabase::lookup(const ClientAddress& a) const {
  sockaddr_storage ss{};
  if (a.family == 4) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    std::memcpy(&sin->sin_addr, a.bytes.data(), 4);
  } else if (a.family == 6) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    std::memcpy(&sin6->sin6_addr, a.bytes.data(), 16);
  } else {
    return 0;
  }
  int rc = MMDB_SUCCESS;
  MMDB_lookup_result_s r = MMDB_lookup_sockaddr(&impl_->mmdb, reinterpret_cast<const sockaddr*>(&ss), &rc);
  if (rc != MMDB_SUCCESS || !r.found_entry) return 0;
  MMDB_entry_data_s data{};
  if (MMDB_get_value(&r.entry, &data, "autonomous_system_number", nullptr) != MMDB_SUCCESS || !data.has_data) return 0;
  switch (data.type) {
    case MMDB_DATA_TYPE_UINT32:
      return data.uint32;
    case MMDB_DATA_TYPE_UINT16:
      return data.uint16;
    case MMDB_DATA_TYPE_UINT64:
      return data.uint64 <= UINT32_MAX ? static_cast<uint32_t>(data.uint64) : 0;
    case MMDB_DATA_TYPE_INT32:
      return data.int32 > 0 ? static_cast<uint32_t>(data.int32) : 0;
    default:
      return 0;
  }
}

}  // namespace dns4eu::telemetry
