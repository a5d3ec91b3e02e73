// The feeds the archive knows, with their poll state and counters (`tidings feeds`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/archive.h"
#include "storage/ingest.h"

namespace tidings::storage {

struct FeedInfo {
  std::int64_t id = 0;
  std::string url;
  std::optional<std::string> title;
  std::optional<std::string> site_link;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::optional<std::int64_t> last_poll;
  std::optional<std::int64_t> last_success;
  std::optional<std::int64_t> next_poll;
  std::optional<int> last_status;
  std::optional<std::string> last_error;
  int consecutive_errors = 0;
  int backoff_seconds = 0;
  KeyKind key_kind = KeyKind::kId;
  std::int64_t polls = 0;
  std::int64_t errors = 0;
  std::optional<std::int64_t> interval_seconds;
  std::optional<std::string> schedule;   // the scheduler's state (JSON)
  std::optional<std::string> fetch_url;  // set when a permanent redirect moved the feed
  std::optional<std::int64_t> failing_since;
  std::optional<std::string> disabled_reason;
  std::int64_t item_count = 0;              // items stored now
  std::optional<std::int64_t> newest_item;  // item time of the newest stored item
};

// All feeds, ordered by title (then URL).
Result<std::vector<FeedInfo>> ListFeeds(Archive& archive);

// One feed by URL; kNotFound if the archive has never seen it.
Result<FeedInfo> GetFeed(Archive& archive, const std::string& url);

}  // namespace tidings::storage
