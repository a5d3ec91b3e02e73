// Status: the outcome of an operation that can fail in an expected way (bad input, network, disk).
//
// Expected failures are values, never exceptions: a function returns Status (or Result<T>, see
// result.h) and the caller decides. A Status is cheap to copy when ok (no allocation).
//
//   Status s = store.Write(x);
//   if (!s.ok()) { log.Error("write: {}", s.ToString()); return s; }
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace tidings {

enum class StatusCode {
  kOk = 0,
  kNotFound,     // the thing asked for does not exist
  kInvalid,      // the input is malformed or not what was expected
  kIO,           // the operating system or the network failed
  kCorrupt,      // stored data is damaged
  kBusy,         // a resource is held by someone else; retrying may work
  kTooLarge,     // a size or count cap was reached
  kCancelled,    // the operation was stopped on request
  kUnsupported,  // valid input that this build cannot handle
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid: <message>", or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidError(std::string message) {
  return {StatusCode::kInvalid, std::move(message)};
}
inline Status IOError(std::string message) { return {StatusCode::kIO, std::move(message)}; }
inline Status NotFoundError(std::string message) {
  return {StatusCode::kNotFound, std::move(message)};
}
inline Status TooLargeError(std::string message) {
  return {StatusCode::kTooLarge, std::move(message)};
}

}  // namespace tidings
