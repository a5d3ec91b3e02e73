#include "daemon/digest_plan.h"

#include <algorithm>
#include <ctime>

namespace tidings::daemon {
namespace {

constexpr int kDaysAhead = 8;  // every weekday is within a week, plus today

// Unix seconds of a local wall-clock time; mktime normalizes overflowing fields (day 32) and
// settles DST itself (tm_isdst = -1).
std::int64_t LocalTime(const std::tm& day, int minutes) {
  std::tm at = day;
  at.tm_hour = minutes / 60;
  at.tm_min = minutes % 60;
  at.tm_sec = 0;
  at.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&at));
}

}  // namespace

std::optional<std::int64_t> NextDigestRun(const config::DigestConfig& digest, std::int64_t after) {
  if (digest.at.empty() || digest.days == 0) return std::nullopt;
  const auto start = static_cast<std::time_t>(after);
  std::tm today{};
  localtime_r(&start, &today);
  for (int offset = 0; offset <= kDaysAhead; ++offset) {
    std::tm day = today;
    day.tm_mday += offset;
    day.tm_hour = 12;  // noon: normalizing the date can never land on another day
    day.tm_min = day.tm_sec = 0;
    day.tm_isdst = -1;
    std::mktime(&day);  // fills tm_wday for the normalized date
    if ((digest.days & (1u << day.tm_wday)) == 0) continue;
    for (int minutes : digest.at) {
      std::int64_t when = LocalTime(day, minutes);
      if (when > after) return when;
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> LatestDigestRun(const config::DigestConfig& digest, std::int64_t now) {
  std::optional<std::int64_t> latest;
  std::optional<std::int64_t> next = NextDigestRun(digest, now - kDaysAhead * 86400);
  while (next && *next <= now) {
    latest = next;
    next = NextDigestRun(digest, *next);
  }
  return latest;
}

void DigestPlan::Set(const std::vector<config::DigestConfig>& digests, const LastRun& last_run,
                     std::int64_t now) {
  std::vector<Planned> planned;
  for (const config::DigestConfig& digest : digests) {
    if (!digest.enabled) continue;
    Planned entry{digest, std::nullopt};
    auto same = std::find_if(planned_.begin(), planned_.end(),
                             [&](const Planned& old) { return old.digest == digest; });
    if (same != planned_.end()) {
      entry.next = same->next;
    } else if (std::optional<std::int64_t> last = last_run(digest.name)) {
      entry.next = NextDigestRun(digest, std::min(*last, now));
    } else {
      entry.next = NextDigestRun(digest, now);
    }
    planned.push_back(std::move(entry));
  }
  planned_ = std::move(planned);
}

std::vector<DigestPlan::Due> DigestPlan::TakeDue(std::int64_t now) {
  std::vector<Due> due;
  for (Planned& entry : planned_) {
    if (!entry.next || *entry.next > now) continue;
    std::int64_t slot = LatestDigestRun(entry.digest, now).value_or(*entry.next);
    due.push_back({entry.digest, slot});
    entry.next = NextDigestRun(entry.digest, now);
  }
  return due;
}

std::optional<std::int64_t> DigestPlan::NextRun() const {
  std::optional<std::int64_t> earliest;
  for (const Planned& entry : planned_) {
    if (entry.next && (!earliest || *entry.next < *earliest)) earliest = entry.next;
  }
  return earliest;
}

std::optional<std::int64_t> DigestPlan::NextRun(const std::string& name) const {
  for (const Planned& entry : planned_) {
    if (entry.digest.name == name) return entry.next;
  }
  return std::nullopt;
}

std::vector<std::string> DigestPlan::Names() const {
  std::vector<std::string> names;
  for (const Planned& entry : planned_) names.push_back(entry.digest.name);
  return names;
}

}  // namespace tidings::daemon
