// Retry-After (RFC 9110 section 10.2.3): how long a 429 or 503 asks the client to wait.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tidings::fetch {

// Seconds to wait, counted from `now_unix_seconds`, for a Retry-After value: delta-seconds
// ("120") or an HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT"; the obsolete RFC 850 and asctime
// forms too). A date in the past gives 0; huge values are clamped to about 34 years. nullopt
// when the value is neither form (negative numbers included).
std::optional<std::int64_t> ParseRetryAfter(std::string_view value, std::int64_t now_unix_seconds);

}  // namespace tidings::fetch
