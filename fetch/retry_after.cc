#include "fetch/retry_after.h"

#include <curl/curl.h>

#include <algorithm>
#include <string>

#include "base/ascii.h"

namespace tidings::fetch {
namespace {

constexpr std::int64_t kMaxSeconds = std::int64_t{1} << 30;  // about 34 years: "forever"

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::optional<std::int64_t> ParseDelta(std::string_view digits) {
  std::int64_t seconds = 0;
  for (char c : digits) {
    if (!IsDigit(c)) return std::nullopt;
    seconds = std::min(seconds * 10 + (c - '0'), kMaxSeconds);
  }
  return seconds;
}

}  // namespace

std::optional<std::int64_t> ParseRetryAfter(std::string_view value, std::int64_t now_unix_seconds) {
  value = TrimAsciiSpace(value);
  if (value.empty()) return std::nullopt;
  if (IsDigit(value.front())) return ParseDelta(value);
  // An HTTP-date names its weekday first; requiring a letter keeps curl's lenient date parser
  // from reading "-5" or "5 minutes" as a date.
  if (!IsLetter(value.front())) return std::nullopt;
  // curl_getdate reads all three HTTP-date forms, in UTC, with no time zone state.
  std::string text(value);
  time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  std::int64_t seconds = static_cast<std::int64_t>(when) - now_unix_seconds;
  return std::clamp<std::int64_t>(seconds, 0, kMaxSeconds);
}

}  // namespace tidings::fetch
