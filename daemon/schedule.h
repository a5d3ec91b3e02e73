// The poll scheduler's arithmetic: when each feed is polled next, and why.
//
// Pure: no clock, no I/O, no randomness of its own. Time comes in as Unix seconds and random
// numbers from a Random the caller owns, so every rule is testable without sleeping.
//
//   SeededRandom random(std::random_device{}());
//   ScheduleConfig config;                          // from the config file, per feed
//   FeedTiming timing = stored;                     // from the archive; {} for a new feed
//   int64_t first = InitialPollTime(stored_next_poll, now, config, random);
//   ...poll the feed, then:
//   Decision d = Next(timing, outcome, config, random);
//   log.Info("{}: {}", url, d.reason);              // "publishes ~12/day: every 30m"
//   store d.timing and d.next_poll (nullopt: the feed is gone, stop polling it)
//
// The rules, each with its reason (docs/scheduling.md says the same for users):
// - Adaptive interval. A feed's publishing rate comes from two signals: the dates of its most
//   recent items (k distinct dates, the oldest t: k / (now - t); the window runs to now, so it
//   keeps falling through a run of 304s) and the new items actually seen per unit of time (a
//   count decayed with a 3-day half-life, for feeds without dates or with wrong ones). When both
//   exist the busier wins: an extra conditional GET costs a 304, a missed item costs more. Then
//   silence caps it: S seconds after the last sign of activity (newest date, or last poll with
//   new items) the rate is at most 3/S, as a feed that busy stays that quiet only 5% of the time;
//   a feed that stops publishing slows within days, not months.
//   The interval is the mean gap between items divided by polls_per_item (default 4), clamped to
//   [min_interval, max_interval]. Four polls per item, not one: a daily feed is polled every 6 h
//   and its items wait 3 h on average rather than 12 h, a feed of 100 items a day sits at the
//   5-minute floor, and the extra polls are cheap 304s. A feed without any estimate yet keeps
//   its interval (default_interval for a new one).
// - Smoothing: the interval changes by at most x2 (or /2) per poll, so one odd poll does not
//   swing it; the first estimate of a new feed is taken as is.
// - Server hints: the next poll is never sooner than RSS <ttl>, Cache-Control max-age or
//   Expires allow, but they never push it beyond max_interval: max_interval is the user's bound
//   on staleness, and CDNs send week-long max-age on feeds that change hourly.
// - A per-feed fixed interval (config `interval =`) replaces the adaptive one. It is raised to
//   min_interval (the politeness floor holds for everyone) but may exceed max_interval (asking
//   for less traffic is always allowed).
// - Failures: backoff = interval * 2^(errors-1), capped at max_backoff, so the first failure
//   retries on the normal schedule and a dead host is soon asked once a day. Retry-After (any
//   failed poll that sends it, usually 429 or 503) makes the next poll no sooner than
//   now + Retry-After, capped at max_backoff (a server asking for a month off must not make us
//   forget the feed). 410 Gone disables the feed. Success resets the error count; a feed
//   failing for longer than failing_after is flagged for reports, never dropped.
// - Jitter: every delay is drawn uniformly from [d*(1-j), d*(1+j)] cut to the hard bounds
//   (never below min_interval or a server hint, never above max_interval or max_backoff), so
//   feeds never synchronize and no bound is broken by the spread.
// - Start: a new feed, or one whose stored next poll has passed (the daemon was down), is polled
//   within the first first_poll_spread seconds, spread at random so a restart is no stampede.
//
// Thread safety: the functions are pure; only the Random passed in is mutated.
// Host-wide politeness (per-host connection limits, pausing a host on 429/503) belongs to the
// fetcher; this module only decides per feed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tidings::daemon {

// A source of uniform random numbers. Not thread-safe; one per scheduler thread.
class Random {
 public:
  virtual ~Random() = default;
  // A number in [0, 1).
  virtual double Uniform() = 0;
};

// A small deterministic generator (splitmix64): the same seed gives the same numbers on every
// platform, which std::uniform_real_distribution does not promise.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
  double Uniform() override;

 private:
  std::uint64_t state_;
};

struct ScheduleConfig {
  std::int64_t default_interval = 30 * 60;     // until a feed's rate is known
  std::int64_t min_interval = 5 * 60;          // politeness floor for every poll
  std::int64_t max_interval = 24 * 3600;       // staleness bound for a healthy feed
  std::int64_t max_backoff = 24 * 3600;        // longest wait after failures
  double jitter_fraction = 0.1;                // +-10%, clamped to [0, 0.5]
  double polls_per_item = 4.0;                 // polls per published item (see above)
  std::int64_t failing_after = 3 * 86400;      // a failure streak this long is flagged
  std::int64_t first_poll_spread = 60;         // new and overdue feeds: within this many seconds
  std::optional<std::int64_t> fixed_interval;  // the feed's `interval =` override, if any
};

// What one poll found. Fields that do not apply stay empty.
struct PollOutcome {
  std::int64_t now = 0;                  // when the poll finished
  bool success = false;                  // a document was fetched and parsed, or a 304 arrived
  bool not_modified = false;             // HTTP 304
  int http_status = 0;                   // 0 when no HTTP response arrived (DNS, TLS, timeout...)
  std::vector<std::int64_t> item_times;  // published (else updated) times of the items
  int new_items = 0;                     // items the archive had not seen
  std::optional<std::int64_t> ttl_minutes;          // RSS <ttl> of the document
  std::optional<std::int64_t> max_age_seconds;      // Cache-Control s-maxage, else max-age
  std::optional<std::int64_t> expires;              // Expires, Unix seconds
  std::optional<std::int64_t> retry_after_seconds;  // Retry-After, as seconds from now
};

// A feed's scheduling state: everything Next() needs from earlier polls. The archive keeps it so
// a restart resumes the schedule. A default-constructed FeedTiming is a feed never polled.
struct FeedTiming {
  std::int64_t interval_seconds = 0;  // the adaptive (or fixed) interval; 0 = not known yet
  int consecutive_errors = 0;
  std::int64_t backoff_seconds = 0;           // delay chosen after the last failure, before jitter
  std::optional<std::int64_t> last_poll;      // last attempt
  std::optional<std::int64_t> last_success;   // last document or 304
  std::optional<std::int64_t> last_new_item;  // last poll with new items (not the first poll)
  std::optional<std::int64_t> failing_since;  // first failure of the current streak
  std::optional<std::int64_t> ttl_minutes;    // RSS <ttl> of the last document (a 304 has none)
  // From the last document's item dates: `dated_items` distinct dates, the oldest
  // `dated_since`, the newest `dated_newest` (all 0 when the document had no dates).
  int dated_items = 0;
  std::int64_t dated_since = 0;
  std::int64_t dated_newest = 0;
  // New items seen and seconds observed, both decayed with a 3-day half-life.
  double seen_items = 0;
  double seen_seconds = 0;
};

struct Decision {
  FeedTiming timing;                      // the feed's new state, to store
  std::optional<std::int64_t> next_poll;  // nullopt when disabled
  bool disabled = false;                  // 410 Gone: stop polling, tell the user
  bool failing = false;                   // failing for longer than failing_after
  std::string reason;                     // one line for the log, e.g. "HTTP 503: retry in 2h"
};

// The feed's next poll and new state after `outcome`. Never fails; out-of-range config values
// are clamped (see docs/scheduling.md).
Decision Next(const FeedTiming& timing, const PollOutcome& outcome, const ScheduleConfig& config,
              Random& random);

// When to poll a feed at daemon start or when it is added: its stored next poll if that is
// still ahead, else a random moment within config.first_poll_spread seconds of `now`.
std::int64_t InitialPollTime(std::optional<std::int64_t> stored_next_poll, std::int64_t now,
                             const ScheduleConfig& config, Random& random);

// True when a feed with this state should be reported as failing at `now`.
bool IsFailing(const FeedTiming& timing, std::int64_t now, const ScheduleConfig& config);

// Publishing rate in items per day from item dates: the most recent (up to 16) distinct dates,
// k of them, the oldest t: k / (now - t), the window at least an hour. Dates more than a day in
// the future are ignored (broken clocks), later ones count as now. nullopt without any date.
struct DatedRate {
  int items = 0;
  std::int64_t since = 0;   // the oldest of those dates
  std::int64_t newest = 0;  // the newest date
};
std::optional<DatedRate> DatedRateOf(const std::vector<std::int64_t>& item_times, std::int64_t now);
double ItemsPerDay(const DatedRate& rate, std::int64_t now);

// "45s", "5m", "2h", "1h30m", "3d", "2d6h": a compact duration for logs.
std::string FormatDuration(std::int64_t seconds);

}  // namespace tidings::daemon
