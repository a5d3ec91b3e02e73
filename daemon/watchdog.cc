#include "daemon/watchdog.h"

#include <fmt/format.h>

namespace tidings::daemon {
namespace {

std::int64_t Seconds(Watchdog::TimePoint::duration duration) {
  return std::chrono::duration_cast<std::chrono::seconds>(duration).count();
}

}  // namespace

Watchdog::Watchdog(WatchdogLimits limits, TimePoint now)
    : limits_(limits), last_due_check_(now), last_poll_progress_(now) {}

void Watchdog::DueCheckDone(TimePoint now) { last_due_check_ = now; }

void Watchdog::PollStarted(TimePoint now) {
  // The silence is measured from the moment the pipeline became busy, not from the last poll
  // that finished before an idle stretch.
  if (in_flight_ == 0) last_poll_progress_ = now;
  ++in_flight_;
}

void Watchdog::PollFinished(TimePoint now) {
  if (in_flight_ > 0) --in_flight_;
  last_poll_progress_ = now;
}

void Watchdog::Excuse(TimePoint now) { last_poll_progress_ = now; }

std::optional<std::string> Watchdog::Stall(TimePoint now) const {
  if (now - last_due_check_ > limits_.due_check_gap) {
    return fmt::format("the scheduler has not looked for due feeds for {} s (limit {} s)",
                       Seconds(now - last_due_check_), limits_.due_check_gap.count());
  }
  if (in_flight_ > 0 && now - last_poll_progress_ > limits_.poll_gap) {
    return fmt::format("no poll has finished for {} s with {} in flight (limit {} s)",
                       Seconds(now - last_poll_progress_), in_flight_, limits_.poll_gap.count());
  }
  return std::nullopt;
}

}  // namespace tidings::daemon
