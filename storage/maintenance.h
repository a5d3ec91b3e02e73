// Archive-wide facts and checks: `tidings stats` and `tidings db check`.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "storage/archive.h"

namespace tidings::storage {

struct ArchiveStats {
  std::int64_t feeds = 0;
  std::int64_t items = 0;
  std::int64_t stories = 0;
  std::int64_t starred = 0;
  std::int64_t revisions = 0;
  std::int64_t tombstones = 0;
  std::int64_t with_full_text = 0;
  std::int64_t pages = 0;
  std::int64_t file_bytes = 0;  // the database file plus its WAL
  std::int64_t free_bytes = 0;  // pages on the free list (returned by incremental vacuum)
  // Items first seen per UTC day over the last `days` days, oldest first: ("2026-11-27", 412).
  std::vector<std::pair<std::string, std::int64_t>> items_per_day;
};

Result<ArchiveStats> GetStats(Archive& archive, std::int64_t now, int days);

struct CheckReport {
  bool ok = true;
  std::vector<std::string> problems;  // from integrity_check, foreign_key_check and FTS5
};

// Runs PRAGMA integrity_check, PRAGMA foreign_key_check and the FTS5 index's own check. A
// damaged file gives ok == false with the problems; only an unreadable file is an error.
Result<CheckReport> CheckArchive(Archive& archive);

}  // namespace tidings::storage
