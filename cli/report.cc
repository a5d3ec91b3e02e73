#include "cli/report.h"

#include <fmt/format.h>

#include <cstdio>

namespace tidings::cli {

int Fail(const Status& status) {
  fmt::print(stderr, "tidings: {}\n", status.message());
  return status.code() == StatusCode::kInvalid ? 2 : 1;
}

}  // namespace tidings::cli
