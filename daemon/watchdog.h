// Decides whether tidingsd may tell systemd's watchdog it is alive (WATCHDOG=1).
//
// The event loop pings from its own timer, so a wedged loop already stops the pings. That is not
// enough: the loop can keep turning while the poll pipeline is stuck (a parser thread that never
// returns, a writer blocked on the database, curl transfers that are never driven). So the loop
// reports what the scheduler does and pings only while this class says it makes progress:
//   - the due check (the scheduler looking for feeds to start) ran within `due_check_gap`; it
//     runs at least once a minute, and after every finished poll;
//   - while polls are in flight, one of them finished within `poll_gap` (each poll is bounded by
//     the fetch timeout, so a longer silence means the pipeline is wedged).
// An idle daemon (nothing in flight, due checks on time) is healthy.
//
//   Watchdog watchdog({std::chrono::minutes(3), std::chrono::minutes(3)}, now);
//   watchdog.PollStarted(now); ... watchdog.PollFinished(now); watchdog.DueCheckDone(now);
//   if (!watchdog.Stall(now)) notify.WatchdogPing();
//
// Pure logic: time is passed in, so tests drive it with a fake clock. Not thread-safe; the event
// loop's thread owns it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace tidings::daemon {

struct WatchdogLimits {
  std::chrono::seconds due_check_gap{180};  // longest time between two due checks
  std::chrono::seconds poll_gap{180};       // longest time without a finished poll, while busy
};

class Watchdog {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // Starts healthy: `now` counts as the last due check.
  Watchdog(WatchdogLimits limits, TimePoint now);

  void set_limits(WatchdogLimits limits) { limits_ = limits; }
  const WatchdogLimits& limits() const { return limits_; }

  // The scheduler looked for due feeds (and started what it could).
  void DueCheckDone(TimePoint now);
  // A poll was handed to the pipeline / came back from it (success or failure alike).
  void PollStarted(TimePoint now);
  void PollFinished(TimePoint now);
  // Counts as progress without a finished poll: the loop knows the polls in flight are waiting
  // on purpose (a host paused by Retry-After), not stuck.
  void Excuse(TimePoint now);

  int in_flight() const { return in_flight_; }

  // Why the daemon is not making progress at `now` (one line, for the log and STATUS=), or
  // nullopt when it is and the watchdog may be pinged.
  std::optional<std::string> Stall(TimePoint now) const;

 private:
  WatchdogLimits limits_;
  TimePoint last_due_check_;
  // The last time the pipeline moved while busy: a poll finished, or the first one started.
  TimePoint last_poll_progress_;
  int in_flight_ = 0;
};

}  // namespace tidings::daemon
