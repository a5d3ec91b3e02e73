// The scheduler's small pieces: the random source, the publishing rate from item dates, and
// durations for log lines. The rules themselves are in schedule.cc.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/schedule.h"

namespace tidings::daemon {
namespace {

// Enough dates for a usable estimate (Poisson noise ~25%), few enough that the estimate follows
// a feed whose pace changed recently rather than its whole history.
constexpr std::size_t kRecentDates = 16;
// Servers with broken clocks date items in the future; a day of slack covers time zone bugs.
constexpr std::int64_t kFutureSlack = 86400;
// A feed whose only items appeared seconds ago would otherwise look infinitely busy.
constexpr std::int64_t kMinWindow = 3600;

}  // namespace

double SeededRandom::Uniform() {
  // splitmix64 (Steele, Lea, Flood 2014): one add, three xor-shift-multiplies.
  state_ += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  // The top 53 bits make every double in [0, 1) a multiple of 2^-53, never 1.
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

std::optional<DatedRate> DatedRateOf(const std::vector<std::int64_t>& item_times,
                                     std::int64_t now) {
  std::vector<std::int64_t> times;
  times.reserve(item_times.size());
  for (std::int64_t t : item_times) {
    if (t > now + kFutureSlack) continue;
    times.push_back(std::min(t, now));
  }
  if (times.empty()) return std::nullopt;
  std::sort(times.begin(), times.end(), std::greater<>());
  // Distinct dates: feeds that stamp every item with the time the document was generated would
  // otherwise look like dozens of items published at once.
  times.erase(std::unique(times.begin(), times.end()), times.end());
  if (times.size() > kRecentDates) times.resize(kRecentDates);
  return DatedRate{
      .items = static_cast<int>(times.size()), .since = times.back(), .newest = times.front()};
}

double ItemsPerDay(const DatedRate& rate, std::int64_t now) {
  // The window runs to now, not to the newest item: silence since the last item lowers the
  // estimate, so a feed that stopped publishing drifts to the longest interval.
  const std::int64_t window = std::max(now - rate.since, kMinWindow);
  return static_cast<double>(rate.items) * 86400.0 / static_cast<double>(window);
}

std::string FormatDuration(std::int64_t seconds) {
  if (seconds < 60) return fmt::format("{}s", std::max<std::int64_t>(seconds, 0));
  struct Unit {
    std::int64_t size;
    char name;
  };
  static constexpr Unit kUnits[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  // The two most significant units are precise enough for a log line: "2d6h", "1h30m".
  for (std::size_t i = 0; i + 1 < std::size(kUnits); ++i) {
    if (seconds < kUnits[i].size) continue;
    const std::int64_t major = seconds / kUnits[i].size;
    const std::int64_t minor = seconds % kUnits[i].size / kUnits[i + 1].size;
    if (minor == 0) return fmt::format("{}{}", major, kUnits[i].name);
    return fmt::format("{}{}{}{}", major, kUnits[i].name, minor, kUnits[i + 1].name);
  }
  return fmt::format("{}s", seconds);  // not reached: seconds >= 60 matches a unit above
}

}  // namespace tidings::daemon
