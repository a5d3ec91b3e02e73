// The scheduler's rules (schedule.h lists them with their reasons). All arithmetic is on int64
// seconds bounded by kMaxDelay, so nothing overflows whatever the config or a server sends.
#include "daemon/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

namespace tidings::daemon {
namespace {

// Ten years: longer than any sensible setting, small enough that sums and doubling never
// overflow and doubles hold every value exactly.
constexpr std::int64_t kMaxDelay = 10LL * 365 * 86400;
// Half-life of the new-items history: a feed's pace a week ago still counts a quarter.
constexpr double kSeenHalfLife = 3.0 * 86400.0;
// Less history than this says too little (one item in five minutes is not 288 a day).
constexpr double kSeenMinSeconds = 12.0 * 3600.0;
// Silence of S seconds caps the rate at kSilenceItems / S: at that rate, P(silence >= S) = e^-3.
constexpr double kSilenceItems = 3.0;
// Shorter silences say nothing (a busy feed is often quiet for an hour).
constexpr std::int64_t kMinSilence = 3600;

std::int64_t Bound(std::int64_t seconds, std::int64_t low) {
  return std::clamp(seconds, low, kMaxDelay);
}

// Config values made consistent: a bad file must not make the scheduler hammer or stall.
ScheduleConfig Sanitized(const ScheduleConfig& in) {
  ScheduleConfig c = in;
  c.min_interval = Bound(c.min_interval, 1);
  c.max_interval = Bound(c.max_interval, c.min_interval);
  c.default_interval = std::clamp(c.default_interval, c.min_interval, c.max_interval);
  c.max_backoff = Bound(c.max_backoff, c.min_interval);
  c.jitter_fraction = c.jitter_fraction >= 0 ? std::min(c.jitter_fraction, 0.5) : 0.0;
  c.polls_per_item = c.polls_per_item >= 0.1 ? std::min(c.polls_per_item, 100.0) : 4.0;
  c.failing_after = Bound(c.failing_after, 0);
  c.first_poll_spread = Bound(c.first_poll_spread, 0);
  if (c.fixed_interval) c.fixed_interval = Bound(*c.fixed_interval, c.min_interval);
  return c;
}

// A delay drawn uniformly from [center*(1-j), center*(1+j)] cut to [floor, ceiling]. Cutting
// the range (instead of clamping the draw) keeps the spread uniform: feeds sitting at a bound
// do not pile up on exactly that second.
std::int64_t Jittered(std::int64_t center, std::int64_t floor, std::int64_t ceiling, double jitter,
                      Random& random) {
  const double c = static_cast<double>(center);
  const double lo = std::max(c * (1.0 - jitter), static_cast<double>(floor));
  const double hi = std::max(std::min(c * (1.0 + jitter), static_cast<double>(ceiling)), lo);
  double u = random.Uniform();
  if (!(u >= 0.0)) u = 0.0;  // a Random out of contract (NaN, negative, >= 1) stays in bounds
  u = std::min(u, 1.0);
  const auto delay = static_cast<std::int64_t>(std::floor(lo + u * (hi - lo)));
  return std::clamp(delay, floor, std::max(ceiling, floor));
}

// The interval a failure streak doubles from: the feed's own, as the config bounds it now.
std::int64_t BaseInterval(const FeedTiming& t, const ScheduleConfig& c) {
  if (c.fixed_interval) return *c.fixed_interval;
  if (t.interval_seconds <= 0) return c.default_interval;
  return std::clamp(t.interval_seconds, c.min_interval, c.max_interval);
}

std::string DescribeFailure(const PollOutcome& o, int errors) {
  std::string what;
  if (o.http_status == 0) {
    what = "no response";
  } else if (o.http_status >= 200 && o.http_status < 400) {
    what = fmt::format("unusable response (HTTP {})", o.http_status);  // e.g. not a feed
  } else {
    what = fmt::format("HTTP {}", o.http_status);
  }
  if (errors > 1) what += fmt::format(" ({} failures in a row)", errors);
  return what;
}

Decision OnFailure(FeedTiming t, const PollOutcome& o, const ScheduleConfig& c, Random& random) {
  Decision d;
  t.consecutive_errors =
      t.consecutive_errors < INT_MAX ? std::max(t.consecutive_errors, 0) + 1 : INT_MAX;
  if (!t.failing_since) t.failing_since = o.now;
  std::int64_t backoff = std::min(BaseInterval(t, c), c.max_backoff);
  for (int i = 1; i < t.consecutive_errors && backoff < c.max_backoff; ++i) {
    backoff = std::min(backoff * 2, c.max_backoff);
  }
  t.backoff_seconds = backoff;
  d.failing = IsFailing(t, o.now, c);
  std::string what = DescribeFailure(o, t.consecutive_errors);
  if (o.http_status == 410) {
    // Gone is the server saying the feed will not come back; polling on would be rude.
    d.disabled = true;
    d.reason = what + ": the feed is gone, polling stopped";
    d.timing = t;
    return d;
  }
  std::int64_t floor = c.min_interval;
  if (o.retry_after_seconds && *o.retry_after_seconds > 0) {
    floor = std::max(floor, std::min(*o.retry_after_seconds, c.max_backoff));
    what += fmt::format(", Retry-After {}", FormatDuration(*o.retry_after_seconds));
  }
  const std::int64_t delay =
      Jittered(std::max(backoff, floor), floor, c.max_backoff, c.jitter_fraction, random);
  d.next_poll = o.now + delay;
  d.reason = fmt::format("{}: retry in {}", what, FormatDuration(delay));
  d.timing = t;
  return d;
}

// The history of new items: decayed so that the recent pace dominates.
void RecordNewItems(FeedTiming& t, std::int64_t previous_success, const PollOutcome& o) {
  if (!(t.seen_items >= 0) || !(t.seen_seconds >= 0)) t.seen_items = t.seen_seconds = 0;
  const double elapsed = static_cast<double>(std::max<std::int64_t>(o.now - previous_success, 0));
  const double decay = std::exp2(-elapsed / kSeenHalfLife);
  t.seen_items = t.seen_items * decay + static_cast<double>(std::max(o.new_items, 0));
  t.seen_seconds = t.seen_seconds * decay + elapsed;
}

std::string DescribeRate(double per_day) {
  if (per_day >= 10) return fmt::format("publishes ~{:.0f}/day", per_day);
  if (per_day >= 1) return fmt::format("publishes ~{:.1f}/day", per_day);
  if (per_day >= 1.0 / 7) return fmt::format("publishes ~{:.1f}/week", per_day * 7);
  if (per_day * 365 >= 1) {
    const auto gap = static_cast<std::int64_t>(86400.0 / per_day);
    return fmt::format("quiet: ~1 item per {}", FormatDuration(gap));
  }
  return "nothing new in a long time";
}

// The publishing rate in items per day, when any signal gives one: the busier signal wins, then
// the silence since the last sign of activity caps it.
std::optional<double> EstimateRate(const FeedTiming& t, std::int64_t now) {
  std::optional<double> rate;
  if (t.dated_items > 0) {
    rate = ItemsPerDay({.items = t.dated_items, .since = t.dated_since, .newest = t.dated_newest},
                       now);
  }
  if (t.seen_seconds >= kSeenMinSeconds) {
    const double seen = t.seen_items * 86400.0 / t.seen_seconds;
    rate = std::max(rate.value_or(0.0), seen);
  }
  if (!rate) return rate;
  std::optional<std::int64_t> active;
  if (t.dated_items > 0) active = t.dated_newest;
  if (t.last_new_item) active = std::max(active.value_or(*t.last_new_item), *t.last_new_item);
  if (active && now - *active >= kMinSilence) {
    rate = std::min(*rate, kSilenceItems * 86400.0 / static_cast<double>(now - *active));
  }
  return rate;
}

// The feed's interval after a successful poll, and the words for the log.
std::int64_t ChooseInterval(const FeedTiming& t, const ScheduleConfig& c, std::int64_t now,
                            std::string& reason) {
  if (c.fixed_interval) {
    reason = "fixed interval";
    return *c.fixed_interval;
  }
  const std::optional<double> rate = EstimateRate(t, now);
  if (!rate) {
    reason = "publishing rate not known yet";
    return BaseInterval(t, c);
  }
  reason = DescribeRate(*rate);
  std::int64_t target = c.max_interval;
  const double gap = 86400.0 / (*rate * c.polls_per_item);  // inf when the rate is 0
  if (gap < static_cast<double>(c.max_interval)) target = static_cast<std::int64_t>(gap);
  if (t.interval_seconds > 0) {
    const std::int64_t previous = std::clamp(t.interval_seconds, c.min_interval, c.max_interval);
    target = std::clamp(target, previous / 2, previous * 2);
  }
  return std::clamp(target, c.min_interval, c.max_interval);
}

// The longest wait any server hint (RSS ttl, max-age, Expires) asks for, up to max_interval.
std::int64_t HintSeconds(const FeedTiming& t, const PollOutcome& o, const ScheduleConfig& c,
                         std::string& reason) {
  std::int64_t hint = 0;
  const char* source = "";
  auto consider = [&](std::int64_t seconds, const char* name) {
    if (seconds > hint) {
      hint = seconds;
      source = name;
    }
  };
  if (t.ttl_minutes)
    consider(std::clamp<std::int64_t>(*t.ttl_minutes, 0, kMaxDelay / 60) * 60, "ttl");
  if (o.max_age_seconds)
    consider(std::clamp<std::int64_t>(*o.max_age_seconds, 0, kMaxDelay), "max-age");
  if (o.expires)
    consider(std::clamp<std::int64_t>(*o.expires - std::min(o.now, *o.expires), 0, kMaxDelay),
             "Expires");
  hint = std::min(hint, c.max_interval);
  if (hint > 0) reason = fmt::format("{} {}", source, FormatDuration(hint));
  return hint;
}

Decision OnSuccess(FeedTiming t, const PollOutcome& o, const ScheduleConfig& c, Random& random) {
  const std::optional<std::int64_t> previous_success = t.last_success;
  t.consecutive_errors = 0;
  t.backoff_seconds = 0;
  t.failing_since.reset();
  t.last_success = o.now;
  // On the first success every item is "new": that says nothing about the pace.
  if (previous_success && o.new_items > 0) t.last_new_item = o.now;
  if (!o.not_modified) {
    // A 304 carries no document: the stored ttl and item dates still describe the feed.
    t.ttl_minutes = o.ttl_minutes;
    const std::optional<DatedRate> dated = DatedRateOf(o.item_times, o.now);
    t.dated_items = dated ? dated->items : 0;
    t.dated_since = dated ? dated->since : 0;
    t.dated_newest = dated ? dated->newest : 0;
  }
  if (previous_success) RecordNewItems(t, *previous_success, o);

  Decision d;
  std::string why;
  t.interval_seconds = ChooseInterval(t, c, o.now, why);
  std::string hint_why;
  const std::int64_t hint = HintSeconds(t, o, c, hint_why);
  const std::int64_t floor = std::max(c.min_interval, hint);
  // A fixed interval above max_interval is the user's explicit wish: no ceiling then.
  const std::int64_t ceiling = c.fixed_interval ? kMaxDelay : c.max_interval;
  const std::int64_t delay =
      Jittered(std::max(t.interval_seconds, floor), floor, ceiling, c.jitter_fraction, random);
  d.next_poll = o.now + delay;
  d.reason = fmt::format("{}: every {}", why, FormatDuration(t.interval_seconds));
  if (hint > t.interval_seconds) d.reason += fmt::format(", but {} asks to wait", hint_why);
  d.reason += fmt::format("; next in {}", FormatDuration(delay));
  d.timing = t;
  return d;
}

}  // namespace

Decision Next(const FeedTiming& timing, const PollOutcome& outcome, const ScheduleConfig& config,
              Random& random) {
  const ScheduleConfig c = Sanitized(config);
  FeedTiming t = timing;
  t.last_poll = outcome.now;
  return outcome.success ? OnSuccess(t, outcome, c, random) : OnFailure(t, outcome, c, random);
}

std::int64_t InitialPollTime(std::optional<std::int64_t> stored_next_poll, std::int64_t now,
                             const ScheduleConfig& config, Random& random) {
  if (stored_next_poll && *stored_next_poll >= now) return *stored_next_poll;
  const ScheduleConfig c = Sanitized(config);
  double u = random.Uniform();
  if (!(u >= 0.0)) u = 0.0;
  const double spread = static_cast<double>(c.first_poll_spread);
  const auto offset = static_cast<std::int64_t>(std::floor(std::min(u, 1.0) * (spread + 1.0)));
  return now + std::min(offset, c.first_poll_spread);
}

bool IsFailing(const FeedTiming& timing, std::int64_t now, const ScheduleConfig& config) {
  if (timing.consecutive_errors <= 0 || !timing.failing_since) return false;
  return now - *timing.failing_since >= Sanitized(config).failing_after;
}

}  // namespace tidings::daemon
