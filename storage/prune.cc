#include <fmt/format.h>

#include <vector>

#include "storage/connection.h"
#include "storage/retention.h"

namespace tidings::storage {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr int kVacuumPagesPerStep = 2048;  // ~8 MB per incremental_vacuum step

// Items the user kept (starred, labelled, annotated) are never candidates.
constexpr const char* kUserKept =
    "(EXISTS (SELECT 1 FROM user_state u WHERE u.item_id = i.id "
    "AND (u.starred OR u.note IS NOT NULL)) "
    "OR EXISTS (SELECT 1 FROM labels l WHERE l.item_id = i.id))";

std::optional<std::int64_t> Cutoff(int days, std::int64_t now) {
  if (days <= 0) return std::nullopt;
  return now - static_cast<std::int64_t>(days) * kDay;
}

struct Candidate {
  std::int64_t id, feed_id, story_id, content_hash;
  std::string item_key;
  std::optional<std::string> link;
};

std::vector<Candidate> FindCandidates(Connection& conn, std::optional<std::int64_t> unmatched,
                                      std::optional<std::int64_t> matched, int limit) {
  SQLite::Statement& s = conn.Prepared(fmt::format(R"sql(
    SELECT i.id, i.feed_id, i.story_id, i.content_hash, i.item_key, i.link FROM items i
    WHERE i.item_time < max(coalesce(?1, -9e18), coalesce(?2, -9e18))
      AND CASE WHEN EXISTS (SELECT 1 FROM item_topics t WHERE t.item_id = i.id AND t.matched)
               THEN ?2 IS NOT NULL AND i.item_time < ?2
               ELSE ?1 IS NOT NULL AND i.item_time < ?1 END
      AND NOT {}
    LIMIT ?3)sql",
                                                   kUserKept));
  BindOptional(s, 1, unmatched);
  BindOptional(s, 2, matched);
  s.bind(3, limit);
  std::vector<Candidate> out;
  while (s.executeStep()) {
    out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64(),
                   s.getColumn(3).getInt64(), s.getColumn(4).getString(),
                   OptionalText(s.getColumn(5))});
  }
  return out;
}

void Bury(Connection& conn, const Candidate& item, std::int64_t now) {
  SQLite::Statement& tomb = conn.Prepared(
      "INSERT INTO tombstones(feed_id, key, pruned_at) VALUES (?, ?, ?) "
      "ON CONFLICT DO UPDATE SET pruned_at = excluded.pruned_at");
  std::vector<std::string> keys = {
      "id:" + item.item_key,
      fmt::format("hash:{:016x}", static_cast<std::uint64_t>(item.content_hash))};
  if (item.link) keys.push_back("link:" + *item.link);
  for (const std::string& key : keys) {
    tomb.reset();
    tomb.bind(1, item.feed_id);
    tomb.bind(2, key);
    tomb.bind(3, now);
    tomb.exec();
  }
  SQLite::Statement& del = conn.Prepared("DELETE FROM items WHERE id = ?");
  del.bind(1, item.id);
  del.exec();
  SQLite::Statement& story = conn.Prepared(
      "DELETE FROM stories WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM items WHERE story_id = ?1)");
  story.bind(1, item.story_id);
  story.exec();
}

// Deletes one batch of items; returns how many (and stories removed via `report`).
int PruneItemBatch(Connection& conn, const RetentionPolicy& policy, std::int64_t now, int limit,
                   PruneReport& report) {
  SQLite::Transaction transaction(conn.db(), SQLite::TransactionBehavior::IMMEDIATE);
  std::vector<Candidate> batch = FindCandidates(conn, Cutoff(policy.unmatched_days, now),
                                                Cutoff(policy.matched_days, now), limit);
  for (const Candidate& item : batch) {
    Bury(conn, item, now);
    report.stories_deleted += conn.db().getChanges();
  }
  conn.Commit(transaction);
  report.items_deleted += static_cast<std::int64_t>(batch.size());
  return static_cast<int>(batch.size());
}

// Runs one DELETE ... LIMIT-style statement in its own transaction; returns rows deleted.
int DeleteBatch(Connection& conn, const char* sql, std::int64_t cutoff, int limit) {
  SQLite::Transaction transaction(conn.db(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement& s = conn.Prepared(sql);
  s.bind(1, cutoff);
  s.bind(2, limit);
  int deleted = s.exec();
  conn.Commit(transaction);
  return deleted;
}

const std::string kPageDelete = fmt::format(
    "DELETE FROM pages WHERE item_id IN (SELECT p.item_id FROM pages p JOIN items i "
    "ON i.id = p.item_id WHERE p.fetched < ?1 AND NOT {} LIMIT ?2)",
    kUserKept);
constexpr const char* kTombstoneDelete =
    "DELETE FROM tombstones WHERE (feed_id, key) IN "
    "(SELECT feed_id, key FROM tombstones WHERE pruned_at < ?1 LIMIT ?2)";

std::int64_t Vacuum(Connection& conn) {
  std::int64_t page_size = conn.db().execAndGet("PRAGMA page_size").getInt64();
  std::int64_t freed = 0;
  for (;;) {
    std::int64_t before = conn.db().execAndGet("PRAGMA freelist_count").getInt64();
    if (before == 0) break;
    conn.db().exec(fmt::format("PRAGMA incremental_vacuum({})", kVacuumPagesPerStep));
    std::int64_t after = conn.db().execAndGet("PRAGMA freelist_count").getInt64();
    freed += (before - after) * page_size;
    if (after >= before) break;  // auto_vacuum is off for this file (made by hand): nothing to do
  }
  return freed;
}

}  // namespace

Result<PruneReport> Prune(Archive& archive, const RetentionPolicy& policy, std::int64_t now,
                          int batch_size, int max_batches) {
  Connection& conn = archive.connection();
  return conn.Guard("pruning", [&]() -> Result<PruneReport> {
    PruneReport report;
    int batches = 0;
    auto budget_left = [&] { return max_batches <= 0 || batches < max_batches; };
    while (budget_left()) {
      ++batches;
      if (PruneItemBatch(conn, policy, now, batch_size, report) < batch_size) break;
    }
    if (auto cutoff = Cutoff(policy.raw_page_days, now)) {
      int n = batch_size;
      while (n == batch_size && budget_left()) {
        ++batches;
        n = DeleteBatch(conn, kPageDelete.c_str(), *cutoff, batch_size);
        report.pages_deleted += n;
      }
    }
    if (auto cutoff = Cutoff(policy.tombstone_days, now)) {
      int n = batch_size;
      while (n == batch_size && budget_left()) {
        ++batches;
        n = DeleteBatch(conn, kTombstoneDelete, *cutoff, batch_size);
        report.tombstones_expired += n;
      }
    }
    report.finished = budget_left();
    report.bytes_freed = Vacuum(conn);
    return report;
  });
}

}  // namespace tidings::storage
