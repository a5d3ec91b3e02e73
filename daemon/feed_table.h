// The feeds the daemon polls: the config's [[feed]] entries, each joined with the state the
// archive kept for it (validators, next poll, learned rhythm), so a restart or a reload resumes
// every schedule instead of refetching everything.
//
// Lives on the io_context's thread. Entries are shared_ptrs: a feed removed by a reload while its
// poll is in flight stays alive until that poll ends.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "daemon/log.h"
#include "daemon/poller.h"
#include "daemon/schedule.h"
#include "storage/feeds.h"

namespace tidings::daemon {

struct TableChanges {
  int added = 0, removed = 0, changed = 0, kept = 0;
};

class FeedTable {
 public:
  // Makes the table match `config`'s enabled feeds: keeps the live state of feeds that stay
  // (taking their new settings), adds new ones with the archive's stored state when it has one
  // (`stored`, by URL), and drops feeds no longer configured. New and overdue feeds are spread
  // over the first minute.
  TableChanges Apply(const config::Config& config,
                     const std::map<std::string, storage::FeedInfo>& stored,
                     const ScheduleConfig& schedule, std::int64_t now, Random& random, Log& log);

  // Feeds due at `now` (all enabled ones with `all`), not in flight and not disabled, earliest
  // first.
  std::vector<std::shared_ptr<PolledFeed>> Due(std::int64_t now, bool all) const;
  // The earliest next poll of a feed that is not in flight or disabled.
  std::optional<std::int64_t> NextDue() const;

  std::size_t size() const { return feeds_.size(); }
  int failing() const;   // feeds whose last poll failed
  int disabled() const;  // feeds stopped (410 Gone)

 private:
  std::map<std::string, std::shared_ptr<PolledFeed>> feeds_;  // by config URL
};

// Reads "Name: value" header lines from a credentials file (comments with '#', blank lines
// ignored). kInvalid naming file and line for a malformed line; kIO when unreadable.
Result<std::vector<std::pair<std::string, std::string>>> ReadCredentials(const std::string& path);

}  // namespace tidings::daemon
