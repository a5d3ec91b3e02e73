// ParseTimeBound (storage/query.h): the times since:, until:, --since and --until accept.
#include <fmt/core.h>
#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include "base/time.h"
#include "storage/query.h"
#include "storage/query_internal.h"

namespace tidings::storage {
namespace {

bool ReadDigits(std::string_view text, std::size_t pos, std::size_t count, unsigned& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + static_cast<unsigned>(text[i] - '0');
  }
  return true;
}

// 30m 24h 7d 2w: seconds back from now, or nullopt if `text` is not a duration.
std::optional<std::int64_t> ParseDuration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  static constexpr std::string_view kUnits = "mhdw";
  static constexpr std::int64_t kUnitSeconds[] = {60, 3600, 86400, 7 * 86400};
  const std::size_t unit = kUnits.find(text.back());
  if (unit == std::string_view::npos) return std::nullopt;
  std::int64_t count = 0;
  for (const char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    count = count * 10 + (c - '0');
    if (count > kMaxDurationSeconds) count = kMaxDurationSeconds + 1;  // saturate: no overflow
  }
  return count * kUnitSeconds[unit];  // at most ~2^31 * 2^20, far below 2^63
}

// YYYY-MM-DD, optionally followed by THH:MM:SS[.fraction](Z|+HH:MM|-HH:MM).
std::optional<std::int64_t> ParseDateTime(std::string_view text) {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !ReadDigits(text, 5, 2, month) || text[7] != '-' || !ReadDigits(text, 8, 2, day)) {
    return std::nullopt;
  }
  std::int64_t offset_seconds = 0;
  if (text.size() > 10) {
    const char separator = text[10];
    if ((separator != 'T' && separator != 't' && separator != ' ') || text.size() < 20 ||
        !ReadDigits(text, 11, 2, hour) || text[13] != ':' || !ReadDigits(text, 14, 2, minute) ||
        text[16] != ':' || !ReadDigits(text, 17, 2, second)) {
      return std::nullopt;
    }
    std::size_t pos = 19;
    if (text[pos] == '.') {  // the fraction is dropped: a bound to the second is enough
      const std::size_t digits_start = ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == digits_start) return std::nullopt;
    }
    const std::string_view zone = text.substr(pos);
    unsigned offset_hour = 0, offset_minute = 0;
    if (zone == "Z" || zone == "z") {
      offset_seconds = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') &&
               ReadDigits(zone, 1, 2, offset_hour) && zone[3] == ':' &&
               ReadDigits(zone, 4, 2, offset_minute) && offset_hour < 24 && offset_minute < 60) {
      offset_seconds = std::int64_t{offset_hour} * 3600 + std::int64_t{offset_minute} * 60;
      if (zone[0] == '-') offset_seconds = -offset_seconds;
    } else {
      return std::nullopt;
    }
  }
  if (!IsValidDateTime(year, month, day, hour, minute, second)) return std::nullopt;
  return UnixSeconds(year, month, day, hour, minute, second) - offset_seconds;
}

}  // namespace

Result<std::int64_t> ParseTimeBound(std::string_view text, std::int64_t now) {
  if (const std::optional<std::int64_t> back = ParseDuration(text)) {
    if (*back > kMaxDurationSeconds) {
      return InvalidError(fmt::format("\"{}\" is more than 100 years", Excerpt(text)));
    }
    if (now < std::numeric_limits<std::int64_t>::min() + *back) {
      return InvalidError(fmt::format("\"{}\" reaches before the start of time", Excerpt(text)));
    }
    return now - *back;
  }
  if (const std::optional<std::int64_t> instant = ParseDateTime(text)) return *instant;
  return InvalidError(
      fmt::format("\"{}\" is not a time: use 30m, 24h, 7d, 2w, 2026-11-01 or 2026-11-01T08:00:00Z",
                  Excerpt(text)));
}

}  // namespace tidings::storage
