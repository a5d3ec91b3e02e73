// Internal to storage/: what query.cc and query_time.cc share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tidings::storage {

// 100 Julian years: enough for any real archive, small enough that `now - bound` cannot overflow.
constexpr std::int64_t kMaxDurationSeconds = std::int64_t{36525} * 86400;

// A piece of the query for an error message, cut short so a huge token cannot flood a terminal.
inline std::string_view Excerpt(std::string_view raw) {
  constexpr std::size_t kMaxExcerpt = 48;
  if (raw.size() <= kMaxExcerpt) return raw;
  std::size_t end = kMaxExcerpt;
  while (end > 0 && (static_cast<unsigned char>(raw[end]) & 0xC0u) == 0x80u) --end;
  return raw.substr(0, end);
}

}  // namespace tidings::storage
