// When the scheduled digests ([[digest]], docs/digest.md) are due. Pure: the caller passes the
// time (the clock seam: the daemon passes the wall clock, tests any instant they like).
//
//   DigestPlan plan;
//   plan.Set(config.digests, LastRunsFromDisk, now);   // at start and at each reload
//   for (const DigestPlan::Due& due : plan.TakeDue(now)) Run(due.digest, due.slot);
//   wake up at plan.NextRun() (and at least every minute: the wall clock can jump)
//
// Times are local wall-clock times of the process's time zone (TZ, else /etc/localtime), read
// with localtime_r and mktime. A time a DST change skips runs at the same offset after the
// change (02:30 on the night clocks go from 02:00 to 03:00 runs at 03:30); a time that happens
// twice when clocks go back runs once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace tidings::daemon {

// The first scheduled time of `digest` strictly after `after` (Unix seconds); nullopt when it
// has no times or no days.
std::optional<std::int64_t> NextDigestRun(const config::DigestConfig& digest, std::int64_t after);

// The last scheduled time of `digest` at or before `now`, looking back at most 8 days.
std::optional<std::int64_t> LatestDigestRun(const config::DigestConfig& digest, std::int64_t now);

class DigestPlan {
 public:
  struct Due {
    config::DigestConfig digest;
    std::int64_t slot = 0;  // the scheduled time this run stands for (<= now)
  };
  // When a digest last ran (its slot), nullopt when never.
  using LastRun = std::function<std::optional<std::int64_t>(const std::string& name)>;

  // Plans the enabled `digests`. A digest that ran before is next due at its first time after
  // that run: a time missed while the daemon was down is due at once, as with systemd timers'
  // Persistent= (one catch-up run, however many were missed). One that never ran is due at
  // its first time after `now`. A digest already planned with the same settings keeps its
  // next time (a reload does not repeat or skip a run).
  void Set(const std::vector<config::DigestConfig>& digests, const LastRun& last_run,
           std::int64_t now);

  // The digests due at `now`, each once, with the latest slot they stand for; each one's next
  // time moves past `now`.
  std::vector<Due> TakeDue(std::int64_t now);

  // The earliest next time of any digest; nullopt when none is planned.
  std::optional<std::int64_t> NextRun() const;

  // The next time of the planned digest `name`; nullopt when it is not planned or has none.
  std::optional<std::int64_t> NextRun(const std::string& name) const;
  // The names of the planned digests, in config order.
  std::vector<std::string> Names() const;

  std::size_t size() const { return planned_.size(); }

 private:
  struct Planned {
    config::DigestConfig digest;
    std::optional<std::int64_t> next;
  };
  std::vector<Planned> planned_;
};

}  // namespace tidings::daemon
