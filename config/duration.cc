// Hand-written: the grammar is tiny, and std::regex is banned.
#include "config/duration.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>

namespace tidings::config {
namespace {

struct Unit {
  char letter;
  std::int64_t seconds;
};

// Largest first: the order a duration must be written in.
constexpr std::array<Unit, 5> kUnits = {{
    {'w', 7 * 86400},
    {'d', 86400},
    {'h', 3600},
    {'m', 60},
    {'s', 1},
}};

// Nothing in a config file needs more than about 100 years; the cap also keeps the arithmetic
// far from overflow.
constexpr std::int64_t kMaxSeconds = std::int64_t{100} * 366 * 86400;

constexpr std::string_view kExpected =
    "expected a duration such as \"90s\", \"30m\", \"2h\" or \"1d\"";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  if (text.empty()) return InvalidError(fmt::format("{}, got an empty string", kExpected));
  std::int64_t total = 0;
  std::size_t next_unit = 0;  // units before this one were used or skipped
  std::size_t at = 0;
  while (at < text.size()) {
    if (!IsDigit(text[at])) {
      return InvalidError(fmt::format("{}: a number must come before each unit", kExpected));
    }
    std::int64_t number = 0;
    for (; at < text.size() && IsDigit(text[at]); ++at) {
      number = number * 10 + (text[at] - '0');
      if (number > kMaxSeconds) return InvalidError("the duration is too long");
    }
    if (at == text.size()) {
      return InvalidError(
          fmt::format("missing unit after {}: write \"{}s\", \"{}m\", \"{}h\" or \"{}d\"", number,
                      number, number, number, number));
    }
    if (text[at] == ' ') return InvalidError("write a duration without spaces (\"1h30m\")");
    if (text[at] == '.' || text[at] == ',') {
      return InvalidError("write whole numbers (\"2h30m\", not \"2.5h\")");
    }
    // The unit: a run of letters, so that "2hours" is reported as the unit "hours".
    const std::size_t unit_start = at;
    while (at < text.size() && IsAsciiLetter(text[at])) ++at;
    const std::string_view letters = text.substr(unit_start, at - unit_start);
    std::size_t unit = 0;
    while (unit < kUnits.size() &&
           (letters.size() != 1 || kUnits[unit].letter != letters.front())) {
      ++unit;
    }
    if (unit == kUnits.size()) {
      return InvalidError(fmt::format(
          "unknown unit{}: use s (seconds), m (minutes), h (hours), d (days) or w (weeks)",
          letters.empty() ? "" : fmt::format(" \"{}\"", letters)));
    }
    if (unit < next_unit) {
      return InvalidError(
          "each unit may appear once, from the largest to the smallest (\"1h30m\")");
    }
    next_unit = unit + 1;
    total += number * kUnits[unit].seconds;
    if (total > kMaxSeconds) return InvalidError("the duration is too long");
  }
  return std::chrono::seconds(total);
}

std::string FormatDuration(std::chrono::seconds duration) {
  const std::int64_t count = duration.count();
  if (count == 0) return "0s";
  std::string text = count < 0 ? "-" : "";
  // Unsigned, so that the most negative count has a magnitude too.
  std::uint64_t left = count < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(count)
                                 : static_cast<std::uint64_t>(count);
  for (const Unit& unit : kUnits) {
    const auto seconds = static_cast<std::uint64_t>(unit.seconds);
    if (left < seconds) continue;
    text += fmt::format("{}{}", left / seconds, unit.letter);
    left %= seconds;
  }
  return text;
}

}  // namespace tidings::config
