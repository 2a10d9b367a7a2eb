// result.h — the error and result types used by every dns4eu library.
//
// Library code never throws on the query path and never prints: a fallible
// function returns Result<T> (a value or an Error) or Status (Result<void>).
// An Error carries a code and a message that says what went wrong and where
// (packet offset, file:line:column, config field).
//
//   Result<Name> n = Name::from_text("example.com.");
//   if (!n) return tl::unexpected(n.error());
//
// Thread-safety: plain value types.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace dns4eu {

enum class ErrorCode {
  kMalformed,     // input does not follow the wire or text format
  kOutOfBounds,   // a read ran past the end of the input
  kTooLong,       // a size limit (label, name, message) was exceeded
  kUnsupported,   // valid, but not something we handle
  kNotFound,      // a lookup found nothing
  kIo,            // a file or socket operation failed
  kLimit,         // a work or resource budget was exhausted
  kInvalidArgument,
};

struct Error {
  ErrorCode code = ErrorCode::kMalformed;
  std::string message;

  static Error malformed(std::string m) { return {ErrorCode::kMalformed, std::move(m)}; }
  static Error at_offset(ErrorCode c, std::size_t offset, std::string what) {
    return {c, what + " at offset " + std::to_string(offset)};
  }
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(ErrorCode c, std::string m) {
  return tl::unexpected<Error>(Error{c, std::move(m)});
}
inline tl::unexpected<Error> fail_at(ErrorCode c, std::size_t offset, std::string what) {
  return tl::unexpected<Error>(Error::at_offset(c, offset, std::move(what)));
}

}  // namespace dns4eu
