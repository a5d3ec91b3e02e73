// Retention: which archived items are pruned, and when (the policy comes from the config file).
//
// Pruning never touches an item that is starred, labelled or has a note. It deletes in small
// transactions so that ingest never waits long, leaves a tombstone per pruned item so that a feed
// still serving it does not bring it back, and then returns free pages to the file system
// (incremental vacuum).
#pragma once

#include <cstdint>

#include "base/result.h"
#include "storage/archive.h"

namespace tidings::storage {

// A value of 0 days means "keep forever".
struct RetentionPolicy {
  int unmatched_days = 30;   // items that matched no topic: deleted this long after first seen
  int matched_days = 0;      // items that matched a topic
  int raw_page_days = 14;    // raw article pages (the extracted text stays with the item)
  int tombstone_days = 365;  // how long a pruned item's key blocks it from coming back
};

struct PruneReport {
  std::int64_t items_deleted = 0;
  std::int64_t pages_deleted = 0;
  std::int64_t tombstones_expired = 0;
  std::int64_t stories_deleted = 0;
  std::int64_t bytes_freed = 0;  // handed back to the file system by incremental vacuum
  bool finished = true;          // false when `max_batches` ran out first (call again later)
};

// Applies `policy` as of `now`, deleting at most `batch_size` items per transaction and running at
// most `max_batches` transactions (0: until done), so a large backlog never holds the write lock
// for long. Safe to interrupt: each batch commits on its own.
Result<PruneReport> Prune(Archive& archive, const RetentionPolicy& policy, std::int64_t now,
                          int batch_size = 500, int max_batches = 0);

}  // namespace tidings::storage
