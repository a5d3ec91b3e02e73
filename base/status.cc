#include "base/status.h"

namespace tidings {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kInvalid:
      return "invalid";
    case StatusCode::kIO:
      return "I/O error";
    case StatusCode::kCorrupt:
      return "corrupt";
    case StatusCode::kBusy:
      return "busy";
    case StatusCode::kTooLarge:
      return "too large";
    case StatusCode::kCancelled:
      return "cancelled";
    case StatusCode::kUnsupported:
      return "unsupported";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(StatusCodeName(code_));
  out += ": ";
  out += message_;
  return out;
}

}  // namespace tidings
