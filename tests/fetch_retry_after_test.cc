// Retry-After values: delta seconds and the three HTTP-date forms.
#include <catch2/catch.hpp>

#include "base/time.h"
#include "fetch/retry_after.h"

using tidings::UnixSeconds;
using tidings::fetch::ParseRetryAfter;

namespace {
// Sun, 06 Nov 1994 08:49:37 GMT, the date RFC 9110 uses in its examples.
const std::int64_t kDate = UnixSeconds(1994, 11, 6, 8, 49, 37);
}  // namespace

TEST_CASE("Retry-After in seconds", "[fetch][retry-after]") {
  CHECK(ParseRetryAfter("120", kDate) == 120);
  CHECK(ParseRetryAfter(" 0 ", kDate) == 0);
  CHECK(ParseRetryAfter("99999999999999999999", kDate) == std::int64_t{1} << 30);
}

TEST_CASE("Retry-After as an HTTP-date, relative to now", "[fetch][retry-after]") {
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", kDate - 90) == 90);
  CHECK(ParseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", kDate - 90) == 90);  // RFC 850
  CHECK(ParseRetryAfter("Sun Nov  6 08:49:37 1994", kDate - 90) == 90);        // asctime
  // A date in the past means "now", not a negative wait.
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", kDate + 3600) == 0);
}

TEST_CASE("Retry-After values that are neither form", "[fetch][retry-after]") {
  CHECK_FALSE(ParseRetryAfter("", kDate));
  CHECK_FALSE(ParseRetryAfter("-5", kDate));
  CHECK_FALSE(ParseRetryAfter("12s", kDate));
  CHECK_FALSE(ParseRetryAfter("soon", kDate));
  CHECK_FALSE(ParseRetryAfter("1.5", kDate));
}
