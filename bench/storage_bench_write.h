// The archive benchmark's writers (bench/storage_bench.cc): ingest through the storage API, the
// floor (the same rows written by a bare SQLiteCpp loop), and database sizes.
//
// The floor is what any archive with this schema must pay: the rows of feeds, stories and items,
// and the FTS index the schema's triggers fill, written with one prepared INSERT each and 1,000
// items per transaction, into a file created by Archive::Open (same schema, same pragmas).
// Everything Ingest does beyond that (deriving rows from parsed items, matching them against
// stored items, finding stories, one transaction per document) is its overhead.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "feed/feed.h"
#include "storage/item_row.h"

namespace tidings::bench {

// A feed's rows as Ingest would derive them (storage::MakeItemRow), computed before the clock
// starts: the floor writes values, it does not derive them.
struct FloorFeed {
  std::string url;
  std::optional<std::string> title;
  std::optional<std::string> link;
  std::vector<storage::ItemRow> rows;
};

FloorFeed MakeFloorFeed(const feed::Feed& feed, const std::string& url, std::int64_t now);

class FloorWriter {
 public:
  // Creates `path` with Archive::Open (schema and migrations), closes it and reopens it with
  // SQLiteCpp: WAL, synchronous=NORMAL, the tidings tokenizer registered.
  // `bulk` (for building the cached search archive, never for the timed floor): a 1 GB page cache
  // and synchronous=OFF, which write the same file several times faster once the B-tree indexes
  // outgrow the default 2 MB cache.
  static Result<std::unique_ptr<FloorWriter>> Create(const std::string& path, bool bulk = false);

  // Writes the feed row and its items, committing every kRowsPerTransaction items.
  Status Write(const FloorFeed& feed, std::int64_t now);
  // Commits what is pending. Call before the writer is destroyed.
  Status Finish();

  static constexpr int kRowsPerTransaction = 1000;

 private:
  explicit FloorWriter(std::unique_ptr<SQLite::Database> db);
  void WriteRow(std::int64_t feed_id, const storage::ItemRow& row, std::int64_t now);

  std::unique_ptr<SQLite::Database> db_;
  SQLite::Statement insert_feed_;
  SQLite::Statement insert_story_;
  SQLite::Statement insert_item_;
  int pending_ = 0;
  bool in_transaction_ = false;
};

// Ingests every feed (one storage::Ingest call each) into the archive at `path` (created if
// needed). Returns the seconds spent in Ingest; `items` receives added + unchanged items.
struct IngestRun {
  double seconds = 0;
  std::int64_t added = 0;
  std::int64_t unchanged = 0;
  std::int64_t other = 0;  // changed, duplicates, tombstoned: should stay 0
};
Result<IngestRun> TimeIngest(const std::string& path, const std::vector<feed::Feed>& feeds);

// Seconds to write every feed with a new FloorWriter at `path`.
Result<double> TimeFloor(const std::string& path, const std::vector<FloorFeed>& feeds);

struct DbSize {
  std::int64_t bytes = 0;  // page_count * page_size after a checkpoint
  std::int64_t items = 0;
  std::int64_t fts_bytes = 0;    // items_fts shadow tables (0 when dbstat is unavailable)
  std::int64_t table_bytes = 0;  // the items table itself
  std::int64_t index_bytes = 0;  // its indexes
};
// Checkpoints (TRUNCATE) the closed database at `path` and measures it.
Result<DbSize> MeasureSize(const std::string& path);

// What the two writers stored, to check they wrote the same thing: items, stories, total bytes
// of title, text and HTML, and the token occurrences in the FTS index.
Result<std::string> ContentFingerprint(const std::string& path);

// Deletes `path` and its -wal and -shm files.
void RemoveDatabase(const std::string& path);

}  // namespace tidings::bench
