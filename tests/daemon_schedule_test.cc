// The poll scheduler on simulated time: feeds that publish at a known pace are polled by Next()
// for weeks in a loop, without a clock or a network.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <vector>

#include "daemon/schedule.h"

using tidings::daemon::Decision;
using tidings::daemon::FeedTiming;
using tidings::daemon::FormatDuration;
using tidings::daemon::InitialPollTime;
using tidings::daemon::IsFailing;
using tidings::daemon::Next;
using tidings::daemon::PollOutcome;
using tidings::daemon::Random;
using tidings::daemon::ScheduleConfig;
using tidings::daemon::SeededRandom;

namespace {

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kT0 = 1'700'000'000;  // 2023-11-14

// Always the same number: pins a draw to one end of the jitter range.
class FixedRandom final : public Random {
 public:
  explicit FixedRandom(double value) : value_(value) {}
  double Uniform() override { return value_; }

 private:
  double value_;
};

// A feed that publishes one item every `gap` seconds from `first` until `last`, and serves its
// newest `doc_size` items.
struct SimFeed {
  std::int64_t first = kT0 - 30 * kDay;
  std::int64_t gap = kDay;
  std::int64_t last = std::numeric_limits<std::int64_t>::max();
  std::int64_t doc_size = 20;

  std::vector<std::int64_t> Document(std::int64_t now) const {
    std::vector<std::int64_t> times;
    for (std::int64_t t = Newest(now); t >= first && std::ssize(times) < doc_size; t -= gap) {
      times.push_back(t);
    }
    return times;
  }
  int NewSince(std::optional<std::int64_t> previous, std::int64_t now) const {
    const std::int64_t from = previous ? *previous : first - 1;
    const std::int64_t count = Count(now) - Count(from);
    return static_cast<int>(std::min(count, doc_size));
  }

 private:
  std::int64_t Newest(std::int64_t now) const {
    const std::int64_t until = std::min(now, last);
    return until < first ? first - 1 : first + (until - first) / gap * gap;
  }
  std::int64_t Count(std::int64_t t) const {
    const std::int64_t until = std::min(t, last);
    return until < first ? 0 : (until - first) / gap + 1;
  }
};

PollOutcome Fetched(const SimFeed& feed, const FeedTiming& timing, std::int64_t now) {
  PollOutcome o;
  o.now = now;
  o.success = true;
  o.http_status = 200;
  o.item_times = feed.Document(now);
  o.new_items = feed.NewSince(timing.last_success, now);
  return o;
}

PollOutcome Failed(std::int64_t now, int status) {
  PollOutcome o;
  o.now = now;
  o.http_status = status;
  return o;
}

PollOutcome NotModified(std::int64_t now) {
  PollOutcome o;
  o.now = now;
  o.success = true;
  o.not_modified = true;
  o.http_status = 304;
  return o;
}

// A document without dated items (new_items as given).
PollOutcome Undated(std::int64_t now, int new_items) {
  PollOutcome o;
  o.now = now;
  o.success = true;
  o.http_status = 200;
  o.new_items = new_items;
  return o;
}

// A feed polled before, at `interval`, after `errors` failures.
FeedTiming Timing(std::int64_t interval, int errors = 0,
                  std::optional<std::int64_t> last_success = std::nullopt) {
  FeedTiming t;
  t.interval_seconds = interval;
  t.consecutive_errors = errors;
  t.last_success = last_success;
  return t;
}

// Polls `feed` from kT0 for `days`, always at the time the scheduler asked for.
FeedTiming Simulate(const SimFeed& feed, const ScheduleConfig& config, int days,
                    FeedTiming timing = {}) {
  SeededRandom random(7);
  std::int64_t now = kT0;
  while (now < kT0 + days * kDay) {
    Decision d = Next(timing, Fetched(feed, timing, now), config, random);
    timing = d.timing;
    REQUIRE(d.next_poll);
    REQUIRE(*d.next_poll > now);
    now = *d.next_poll;
  }
  return timing;
}

}  // namespace

TEST_CASE("A busy feed converges to the minimum interval", "[schedule]") {
  const ScheduleConfig config;
  SimFeed feed{.gap = kDay / 100};  // 100 items a day
  CHECK(Simulate(feed, config, 3).interval_seconds == config.min_interval);
}

TEST_CASE("A daily feed is polled every few hours", "[schedule]") {
  const ScheduleConfig config;
  SimFeed feed{.first = kT0 - 30 * kDay + 5 * kHour, .gap = kDay};
  const FeedTiming t = Simulate(feed, config, 14);
  CHECK(t.interval_seconds >= 4 * kHour);
  CHECK(t.interval_seconds <= 8 * kHour);
}

TEST_CASE("A feed silent for 60 days drifts to the maximum interval", "[schedule]") {
  const ScheduleConfig config;
  SimFeed feed{.first = kT0 - 90 * kDay, .gap = kHour, .last = kT0 - 60 * kDay};
  CHECK(Simulate(feed, config, 4).interval_seconds == config.max_interval);
}

TEST_CASE("A feed that stops publishing slows down as the silence grows", "[schedule]") {
  const ScheduleConfig config;
  SimFeed feed{.first = kT0 - 10 * kDay, .gap = 2 * kHour, .last = kT0 + 5 * kDay};
  FeedTiming t = Simulate(feed, config, 5);
  CHECK(t.interval_seconds <= kHour);
  // The server answers 304 from now on: the silence grows and so does the interval.
  SeededRandom random(1);
  std::int64_t now = kT0 + 5 * kDay;
  std::int64_t after_two_days = 0;
  while (now < kT0 + 20 * kDay) {
    const Decision d = Next(t, NotModified(now), config, random);
    t = d.timing;
    now = *d.next_poll;
    if (now < kT0 + 7 * kDay) after_two_days = t.interval_seconds;
  }
  CHECK(after_two_days >= 2 * kHour);  // a weekend of silence already counts
  CHECK(after_two_days < config.max_interval);
  CHECK(t.interval_seconds == config.max_interval);  // two weeks: once a day
}

TEST_CASE("The first document's estimate is used at once; later changes are at most x2",
          "[schedule]") {
  const ScheduleConfig config;
  SeededRandom random(3);
  SimFeed daily{.gap = kDay};
  Decision first = Next({}, Fetched(daily, {}, kT0), config, random);
  CHECK(first.timing.interval_seconds >= 5 * kHour);
  CHECK(first.timing.interval_seconds <= 7 * kHour);
  // One poll that finds a burst (60 items in the last hour) cannot drop 6h below 3h.
  PollOutcome burst = Fetched(daily, first.timing, kT0 + 6 * kHour);
  for (int i = 0; i < 60; ++i) burst.item_times.push_back(kT0 + 5 * kHour + i * kMinute);
  burst.new_items = 60;
  Decision after = Next(first.timing, burst, config, random);
  CHECK(after.timing.interval_seconds == first.timing.interval_seconds / 2);
}

TEST_CASE("Items that all carry one date do not make a feed look busy", "[schedule]") {
  const ScheduleConfig config;
  SeededRandom random(5);
  PollOutcome o = Undated(kT0, 30);
  o.item_times.assign(30, kT0);             // stamped with the time the document was generated
  o.item_times.push_back(kT0 + 30 * kDay);  // and a date in the future, ignored
  const Decision d = Next({}, o, config, random);
  CHECK(d.timing.interval_seconds > config.min_interval);
}

TEST_CASE("The dated rate counts recent distinct dates and ignores dates far ahead", "[schedule]") {
  using tidings::daemon::DatedRateOf;
  CHECK_FALSE(DatedRateOf({}, kT0));
  const auto rate = DatedRateOf({kT0 + 30 * kDay, kT0 - kDay, kT0 - kDay, kT0 - 2 * kDay}, kT0);
  REQUIRE(rate);
  CHECK(rate->items == 2);
  CHECK(rate->since == kT0 - 2 * kDay);
  CHECK(rate->newest == kT0 - kDay);
  CHECK(tidings::daemon::ItemsPerDay(*rate, kT0) == Approx(1.0));  // 2 items in 2 days
  CHECK(DatedRateOf({kT0 + kHour}, kT0)->newest == kT0);           // a clock a little ahead: now
}

TEST_CASE("Without dates the new items seen per poll set the pace", "[schedule]") {
  const ScheduleConfig config;
  SeededRandom random(9);
  FeedTiming t;
  std::int64_t now = kT0;
  // 48 new items a day, none dated: one item every 30 minutes.
  const auto published = [](std::int64_t at) { return (at - kT0) / (30 * kMinute); };
  while (now < kT0 + 4 * kDay) {
    const int new_items =
        t.last_success ? static_cast<int>(published(now) - published(*t.last_success)) : 0;
    const Decision d = Next(t, Undated(now, new_items), config, random);
    t = d.timing;
    now = *d.next_poll;
  }
  CHECK(t.interval_seconds <= 15 * kMinute);
  CHECK(t.interval_seconds >= config.min_interval);
}

TEST_CASE("The next poll is never sooner than ttl, max-age or Expires allow", "[schedule]") {
  const ScheduleConfig config;
  PollOutcome o = Fetched(SimFeed{.gap = kDay / 200}, {}, kT0);  // busy: 5 minutes alone
  SECTION("ttl") { o.ttl_minutes = 120; }
  SECTION("max-age") { o.max_age_seconds = 2 * kHour; }
  SECTION("Expires") { o.expires = kT0 + 2 * kHour; }
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    SeededRandom random(seed);
    const Decision d = Next({}, o, config, random);
    CHECK(*d.next_poll >= kT0 + 2 * kHour);
    CHECK(*d.next_poll <= kT0 + 2 * kHour * 11 / 10);
    CHECK(d.timing.interval_seconds == config.min_interval);  // the hint is not the pace
  }
}

TEST_CASE("A 304 keeps honouring the ttl of the last document", "[schedule]") {
  const ScheduleConfig config;
  SeededRandom random(11);
  SimFeed busy{.gap = kDay / 200};
  PollOutcome o = Fetched(busy, {}, kT0);
  o.ttl_minutes = 60;
  Decision d = Next({}, o, config, random);
  Decision again = Next(d.timing, NotModified(*d.next_poll), config, random);
  CHECK(*again.next_poll >= *d.next_poll + kHour);
}

TEST_CASE("Server hints never push a poll beyond max_interval", "[schedule]") {
  const ScheduleConfig config;
  SeededRandom random(13);
  PollOutcome o = Fetched(SimFeed{.gap = kDay / 200}, {}, kT0);
  o.max_age_seconds = 30 * kDay;
  o.ttl_minutes = 7 * 24 * 60;
  const Decision d = Next({}, o, config, random);
  CHECK(*d.next_poll <= kT0 + config.max_interval);
  CHECK(*d.next_poll >= kT0 + config.max_interval * 9 / 10);
}

TEST_CASE("Failures back off exponentially up to max_backoff", "[schedule]") {
  ScheduleConfig config;
  config.jitter_fraction = 0;
  SeededRandom random(17);
  FeedTiming t = Timing(30 * kMinute, 0, kT0 - kHour);
  const std::vector<std::int64_t> expected = {30 * kMinute, kHour,      2 * kHour, 4 * kHour,
                                              8 * kHour,    16 * kHour, kDay,      kDay};
  std::int64_t now = kT0;
  for (std::int64_t backoff : expected) {
    const Decision d = Next(t, Failed(now, 500), config, random);
    CHECK(d.timing.backoff_seconds == backoff);
    CHECK(*d.next_poll == now + backoff);
    CHECK_FALSE(d.disabled);
    t = d.timing;
    now = *d.next_poll;
  }
  CHECK(t.consecutive_errors == 8);
  CHECK(t.interval_seconds == 30 * kMinute);  // the healthy interval is kept for later
}

TEST_CASE("Backoff delays are jittered within bounds and never beyond max_backoff", "[schedule]") {
  const ScheduleConfig config;
  FeedTiming t = Timing(30 * kMinute, 2);
  for (double u : {0.0, 0.5, 0.999999}) {
    FixedRandom random(u);
    const std::int64_t delay = *Next(t, Failed(kT0, 0), config, random).next_poll - kT0;
    CHECK(delay >= 2 * kHour * 9 / 10);
    CHECK(delay <= 2 * kHour * 11 / 10);
  }
  t.consecutive_errors = 20;
  FixedRandom high(0.999999);
  CHECK(*Next(t, Failed(kT0, 0), config, high).next_poll - kT0 <= config.max_backoff);
}

TEST_CASE("Retry-After wins when it is longer than the backoff, and is capped", "[schedule]") {
  const ScheduleConfig config;
  FeedTiming t = Timing(30 * kMinute);
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    SeededRandom random(seed);
    PollOutcome o = Failed(kT0, 429);
    o.retry_after_seconds = 3 * kHour;
    std::int64_t delay = *Next(t, o, config, random).next_poll - kT0;
    CHECK(delay >= 3 * kHour);
    CHECK(delay <= 3 * kHour * 11 / 10);
    o.retry_after_seconds = 60 * kDay;  // capped: the feed is not forgotten for two months
    delay = *Next(t, o, config, random).next_poll - kT0;
    CHECK(delay >= config.max_backoff * 9 / 10);
    CHECK(delay <= config.max_backoff);
  }
}

TEST_CASE("A Retry-After shorter than the backoff does not shorten it", "[schedule]") {
  const ScheduleConfig config;
  FeedTiming t = Timing(kHour, 3);  // next: 8h backoff
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    SeededRandom random(seed);
    PollOutcome o = Failed(kT0, 503);
    o.retry_after_seconds = 2 * kMinute;
    const Decision d = Next(t, o, config, random);
    CHECK(*d.next_poll - kT0 >= 8 * kHour * 9 / 10);
    CHECK(d.timing.backoff_seconds == 8 * kHour);
  }
}

TEST_CASE("410 Gone disables the feed and says so", "[schedule]") {
  SeededRandom random(19);
  const Decision d = Next(Timing(kHour), Failed(kT0, 410), {}, random);
  CHECK(d.disabled);
  CHECK_FALSE(d.next_poll);
  CHECK_THAT(d.reason, Catch::Contains("410") && Catch::Contains("gone"));
}

TEST_CASE("A feed failing for more than three days is flagged; success resets everything",
          "[schedule]") {
  const ScheduleConfig config;
  SeededRandom random(23);
  FeedTiming t = Timing(kHour, 0, kT0 - kHour);
  std::int64_t now = kT0;
  Decision d;
  do {
    d = Next(t, Failed(now, 0), config, random);
    CHECK(d.failing == (now - kT0 >= 3 * kDay));
    t = d.timing;
    now = *d.next_poll;
  } while (!d.failing && now < kT0 + 10 * kDay);
  CHECK(d.failing);
  CHECK(d.timing.last_poll >= kT0 + 3 * kDay);
  CHECK(t.failing_since == kT0);
  CHECK(IsFailing(t, now, config));

  d = Next(t, Fetched(SimFeed{.gap = 4 * kHour}, t, now), config, random);
  CHECK_FALSE(d.failing);
  CHECK(d.timing.consecutive_errors == 0);
  CHECK(d.timing.backoff_seconds == 0);
  CHECK_FALSE(d.timing.failing_since);
  CHECK(*d.next_poll - now <= d.timing.interval_seconds * 11 / 10);
  CHECK(*d.next_poll - now <= 2 * kHour);  // back on the healthy schedule, not the backoff
}

TEST_CASE("Jitter spreads polls over +-jitter_fraction, deterministically per seed", "[schedule]") {
  const ScheduleConfig config;
  const FeedTiming t = Timing(4 * kHour, 0, kT0 - 4 * kHour);
  const PollOutcome o = NotModified(kT0);
  SeededRandom a(42), b(42), c(43);
  std::set<std::int64_t> seen;
  std::int64_t low = kDay, high = 0;
  bool same_seed_same = true, other_seed_differs = false;
  for (int i = 0; i < 1000; ++i) {
    const std::int64_t delay = *Next(t, o, config, a).next_poll - kT0;
    same_seed_same &= *Next(t, o, config, b).next_poll - kT0 == delay;
    other_seed_differs |= *Next(t, o, config, c).next_poll - kT0 != delay;
    low = std::min(low, delay);
    high = std::max(high, delay);
    seen.insert(delay);
  }
  CHECK(same_seed_same);
  CHECK(other_seed_differs);
  CHECK(low >= 4 * kHour * 9 / 10);
  CHECK(high <= 4 * kHour * 11 / 10);
  CHECK(low < 4 * kHour * 9 / 10 + 5 * kMinute);  // the whole range is used
  CHECK(high > 4 * kHour * 11 / 10 - 5 * kMinute);
  CHECK(seen.size() > 500);
}

TEST_CASE("Jitter never goes below min_interval nor above max_interval", "[schedule]") {
  const ScheduleConfig config;
  for (double u : {0.0, 0.999999}) {
    FixedRandom random(u);
    const PollOutcome o = NotModified(kT0);
    const FeedTiming fast = Timing(config.min_interval);
    CHECK(*Next(fast, o, config, random).next_poll - kT0 >= config.min_interval);
    FeedTiming slow = Timing(config.max_interval);
    slow.dated_items = 1;  // one item, 90 days old
    slow.dated_since = kT0 - 90 * kDay;
    CHECK(*Next(slow, o, config, random).next_poll - kT0 <= config.max_interval);
  }
}

TEST_CASE("A fixed interval replaces the adaptive one, at least min_interval", "[schedule]") {
  ScheduleConfig config;
  SeededRandom random(29);
  const PollOutcome busy = Fetched(SimFeed{.gap = kDay / 200}, {}, kT0);
  config.fixed_interval = 2 * kDay;  // above max_interval: the user asked for less traffic
  CHECK(Next({}, busy, config, random).timing.interval_seconds == 2 * kDay);
  config.fixed_interval = 10;  // below the politeness floor
  CHECK(Next({}, busy, config, random).timing.interval_seconds == config.min_interval);
}

TEST_CASE("New and overdue feeds are spread over the first minute", "[schedule]") {
  const ScheduleConfig config;
  SeededRandom random(31);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 500; ++i) {
    const std::int64_t t = InitialPollTime(std::nullopt, kT0, config, random);
    CHECK(t >= kT0);
    CHECK(t <= kT0 + config.first_poll_spread);
    seen.insert(t);
  }
  CHECK(seen.size() > 50);
  CHECK(InitialPollTime(kT0 + kHour, kT0, config, random) == kT0 + kHour);  // resumes
  CHECK(InitialPollTime(kT0 - kDay, kT0, config, random) <= kT0 + config.first_poll_spread);
  CHECK(InitialPollTime(kT0 - kDay, kT0, config, random) >= kT0);
}

TEST_CASE("Nonsense config values are made safe", "[schedule]") {
  ScheduleConfig config;
  config.min_interval = -5;
  config.max_interval = -1;
  config.max_backoff = 0;
  config.jitter_fraction = 7;
  config.polls_per_item = 0;
  SeededRandom random(37);
  Decision d = Next({}, Fetched(SimFeed{}, {}, kT0), config, random);
  CHECK(*d.next_poll > kT0);
  d = Next(Timing(0, std::numeric_limits<int>::max()), Failed(kT0, 0), config, random);
  CHECK(*d.next_poll > kT0);
}

TEST_CASE("Log lines name the rate and the interval", "[schedule]") {
  SeededRandom random(41);
  PollOutcome fetched = Undated(kT0, 12);
  for (int i = 0; i < 12; ++i) fetched.item_times.push_back(kT0 - 2 * kHour * (i + 1));
  const Decision d = Next({}, fetched, {}, random);
  CHECK_THAT(d.reason, Catch::StartsWith("publishes ~12/day: every 30m; next in "));
  PollOutcome o = Failed(kT0, 503);
  o.retry_after_seconds = 2 * kHour;
  CHECK_THAT(Next(Timing(0, 1), o, {}, random).reason,
             Catch::StartsWith("HTTP 503 (2 failures in a row), Retry-After 2h: retry in 2h"));
}

TEST_CASE("FormatDuration keeps the two largest units", "[schedule]") {
  CHECK(FormatDuration(45) == "45s");
  CHECK(FormatDuration(300) == "5m");
  CHECK(FormatDuration(330) == "5m30s");
  CHECK(FormatDuration(5400) == "1h30m");
  CHECK(FormatDuration(7200) == "2h");
  CHECK(FormatDuration(3 * kDay) == "3d");
  CHECK(FormatDuration(2 * kDay + 6 * kHour + 59) == "2d6h");
  CHECK(FormatDuration(-5) == "0s");
}
