// Internal to storage/: the item-level reads and writes that ingest is made of, on cached
// prepared statements. Every method may throw SQLite::Exception (callers run inside
// Connection::Guard and a transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/connection.h"
#include "storage/ingest.h"
#include "storage/item_row.h"

namespace tidings::storage {

struct StoredItem {
  std::int64_t id = 0;
  std::string item_key;
  std::optional<std::string> link;
  std::int64_t content_hash = 0;
  int revision_count = 0;
};

// The tombstone key of `row` under `kind`: "id:<key>", "link:<link>" or "hash:<hex>" (a row
// without a link falls back to its hash).
std::string TombstoneKey(KeyKind kind, const ItemRow& row);

class ItemStore {
 public:
  explicit ItemStore(Connection& conn) : conn_(conn) {}

  // The stored item of `feed_id` that `row` is under `kind` (the oldest if several), if any.
  std::optional<StoredItem> Find(std::int64_t feed_id, KeyKind kind, const ItemRow& row);
  std::optional<StoredItem> FindById(std::int64_t item_id);
  bool IsTombstoned(std::int64_t feed_id, const std::string& key);

  // Inserts `row` as a new item, linked to an existing story of another feed when one has the
  // same canonical link or content, else to a new story. Returns the item's id.
  std::int64_t Insert(std::int64_t feed_id, const ItemRow& row, std::int64_t now);

  // Brings `stored` up to date with `row`. Returns true when its title or text changed (the old
  // version is kept as a revision); a changed link or id alone is updated without one.
  bool Update(const StoredItem& stored, const ItemRow& row, std::int64_t now);

 private:
  std::int64_t StoryFor(std::int64_t feed_id, const ItemRow& row, std::int64_t now);
  void KeepRevision(const StoredItem& stored, std::int64_t now);

  Connection& conn_;
};

}  // namespace tidings::storage
