#include "storage/maintenance.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

#include "base/time.h"
#include "storage/connection.h"

namespace tidings::storage {
namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t Count(Connection& conn, const char* sql) {
  return conn.db().execAndGet(sql).getInt64();
}

std::int64_t FileBytes(const std::string& path) {
  std::error_code ec;
  std::int64_t total = 0;
  for (const std::string& name : {path, path + "-wal"}) {
    std::uintmax_t size = std::filesystem::file_size(name, ec);
    if (!ec) total += static_cast<std::int64_t>(size);
  }
  return total;
}

std::vector<std::pair<std::string, std::int64_t>> ItemsPerDay(Connection& conn, std::int64_t now,
                                                              int days) {
  std::int64_t first_day = now / kDay - days + 1;
  SQLite::Statement s(conn.db(),
                      "SELECT item_time / 86400 AS day, count(*) FROM items "
                      "WHERE item_time >= ? AND item_time < ? GROUP BY day");
  s.bind(1, first_day * kDay);
  s.bind(2, (now / kDay + 1) * kDay);
  std::vector<std::pair<std::string, std::int64_t>> out;
  std::int64_t day = first_day;
  auto add_until = [&](std::int64_t end) {
    for (; day < end; ++day) out.emplace_back(FormatUtc(day * kDay).substr(0, 10), 0);
  };
  while (s.executeStep()) {
    std::int64_t row_day = s.getColumn(0).getInt64();
    add_until(row_day);
    out.emplace_back(FormatUtc(row_day * kDay).substr(0, 10), s.getColumn(1).getInt64());
    day = row_day + 1;
  }
  add_until(now / kDay + 1);
  return out;
}

void CollectRows(SQLite::Database& db, const char* sql, std::vector<std::string>& problems) {
  SQLite::Statement s(db, sql);
  while (s.executeStep()) {
    std::string line;
    for (int i = 0; i < s.getColumnCount(); ++i) {
      if (i) line += " ";
      line += s.getColumn(i).getString();
    }
    if (line != "ok") problems.push_back(line);
  }
}

}  // namespace

Result<ArchiveStats> GetStats(Archive& archive, std::int64_t now, int days) {
  Connection& conn = archive.connection();
  return conn.Guard("reading statistics", [&]() -> Result<ArchiveStats> {
    SQLite::Transaction snapshot(conn.db());  // one consistent view for all the counts
    ArchiveStats stats;
    stats.feeds = Count(conn, "SELECT count(*) FROM feeds");
    stats.items = Count(conn, "SELECT count(*) FROM items");
    stats.stories = Count(conn, "SELECT count(*) FROM stories");
    stats.starred = Count(conn, "SELECT count(*) FROM user_state WHERE starred");
    stats.revisions = Count(conn, "SELECT count(*) FROM item_revisions");
    stats.tombstones = Count(conn, "SELECT count(*) FROM tombstones");
    stats.with_full_text = Count(conn, "SELECT count(*) FROM items WHERE full_text IS NOT NULL");
    stats.pages = Count(conn, "SELECT count(*) FROM pages");
    std::int64_t page_size = Count(conn, "PRAGMA page_size");
    stats.free_bytes = Count(conn, "PRAGMA freelist_count") * page_size;
    stats.file_bytes = FileBytes(conn.path());
    stats.items_per_day = ItemsPerDay(conn, now, days);
    return stats;
  });
}

Result<CheckReport> CheckArchive(Archive& archive) {
  Connection& conn = archive.connection();
  return conn.Guard("checking the archive", [&]() -> Result<CheckReport> {
    CheckReport report;
    CollectRows(conn.db(), "PRAGMA integrity_check", report.problems);
    CollectRows(conn.db(), "PRAGMA foreign_key_check", report.problems);
    if (conn.mode() == OpenMode::kReadWrite) {
      try {
        // With rank 1 FTS5 also compares the index with the items it was built from.
        conn.db().exec("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)");
      } catch (const SQLite::Exception& e) {
        report.problems.push_back(fmt::format("search index: {}", e.what()));
      }
    }
    report.ok = report.problems.empty();
    return report;
  });
}

}  // namespace tidings::storage
