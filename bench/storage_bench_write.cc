#include "bench/storage_bench_write.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "bench/storage_bench_gen.h"
#include "storage/archive.h"
#include "storage/ingest.h"
#include "storage/tokenizer.h"

namespace tidings::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Status FromSqlite(const std::string& what, const SQLite::Exception& e) {
  return IOError(fmt::format("{}: {}", what, e.what()));
}

void BindText(SQLite::Statement& s, int index, const std::optional<std::string>& value) {
  if (value) {
    s.bindNoCopy(index, *value);
  } else {
    s.bind(index);
  }
}

void BindInt(SQLite::Statement& s, int index, std::optional<std::int64_t> value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind(index);
  }
}

std::unique_ptr<SQLite::Database> OpenRaw(const std::string& path) {
  auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
  Status registered = storage::RegisterTokenizer(db->getHandle());
  if (!registered.ok()) throw SQLite::Exception(registered.message());
  return db;
}

}  // namespace

FloorFeed MakeFloorFeed(const feed::Feed& feed, const std::string& url, std::int64_t now) {
  FloorFeed out{url, feed.title, feed.link, {}};
  out.rows.reserve(feed.items.size());
  for (const feed::Item& item : feed.items)
    out.rows.push_back(storage::MakeItemRow(item, feed, now));
  return out;
}

FloorWriter::FloorWriter(std::unique_ptr<SQLite::Database> db)
    : db_(std::move(db)),
      insert_feed_(*db_,
                   "INSERT INTO feeds(url, title, site_link, last_poll, last_success, "
                   "last_status, polls, created) VALUES (?, ?, ?, ?, ?, 200, 1, ?)"),
      insert_story_(*db_, "INSERT INTO stories(first_seen) VALUES (?)"),
      insert_item_(*db_, R"sql(
    INSERT INTO items(feed_id, story_id, item_key, guid, link, canonical_link, title, author,
                      author_email, published, updated, item_time, summary_html, content_html,
                      text, language, categories, enclosures, comments_url, content_hash,
                      first_seen, last_changed)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql") {}

Result<std::unique_ptr<FloorWriter>> FloorWriter::Create(const std::string& path, bool bulk) {
  {
    Result<std::unique_ptr<storage::Archive>> archive =
        storage::Archive::Open(path, storage::OpenMode::kReadWrite);
    if (!archive.ok()) return archive.status();
  }
  try {
    std::unique_ptr<SQLite::Database> db = OpenRaw(path);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec(bulk ? "PRAGMA synchronous = OFF" : "PRAGMA synchronous = NORMAL");
    if (bulk) db->exec("PRAGMA cache_size = -1000000");
    return std::unique_ptr<FloorWriter>(new FloorWriter(std::move(db)));
  } catch (const SQLite::Exception& e) {
    return FromSqlite("opening " + path + " for the floor", e);
  }
}

void FloorWriter::WriteRow(std::int64_t feed_id, const storage::ItemRow& row, std::int64_t now) {
  if (!in_transaction_) {
    db_->exec("BEGIN IMMEDIATE");
    in_transaction_ = true;
  }
  insert_story_.reset();
  insert_story_.bind(1, now);
  insert_story_.exec();
  SQLite::Statement& s = insert_item_;
  s.reset();
  s.bind(1, feed_id);
  s.bind(2, db_->getLastInsertRowid());
  s.bindNoCopy(3, row.item_key);
  BindText(s, 4, row.guid);
  BindText(s, 5, row.link);
  BindText(s, 6, row.canonical_link);
  BindText(s, 7, row.title);
  BindText(s, 8, row.author);
  BindText(s, 9, row.author_email);
  BindInt(s, 10, row.published);
  BindInt(s, 11, row.updated);
  s.bind(12, row.item_time);
  BindText(s, 13, row.summary_html);
  BindText(s, 14, row.content_html);
  s.bindNoCopy(15, row.text);
  BindText(s, 16, row.language);
  s.bindNoCopy(17, row.categories);
  s.bindNoCopy(18, row.enclosures);
  BindText(s, 19, row.comments_url);
  s.bind(20, row.content_hash);
  s.bind(21, now);
  s.bind(22, now);
  s.exec();
  if (++pending_ >= kRowsPerTransaction) {
    db_->exec("COMMIT");
    in_transaction_ = false;
    pending_ = 0;
  }
}

Status FloorWriter::Write(const FloorFeed& feed, std::int64_t now) {
  try {
    if (!in_transaction_) {
      db_->exec("BEGIN IMMEDIATE");
      in_transaction_ = true;
    }
    insert_feed_.reset();
    insert_feed_.bindNoCopy(1, feed.url);
    BindText(insert_feed_, 2, feed.title);
    BindText(insert_feed_, 3, feed.link);
    insert_feed_.bind(4, now);
    insert_feed_.bind(5, now);
    insert_feed_.bind(6, now);
    insert_feed_.exec();
    std::int64_t feed_id = db_->getLastInsertRowid();
    for (const storage::ItemRow& row : feed.rows) WriteRow(feed_id, row, now);
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return FromSqlite("floor insert", e);
  }
}

Status FloorWriter::Finish() {
  try {
    if (in_transaction_) db_->exec("COMMIT");
    in_transaction_ = false;
    pending_ = 0;
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return FromSqlite("floor commit", e);
  }
}

Result<IngestRun> TimeIngest(const std::string& path, const std::vector<feed::Feed>& feeds) {
  Result<std::unique_ptr<storage::Archive>> archive =
      storage::Archive::Open(path, storage::OpenMode::kReadWrite);
  if (!archive.ok()) return archive.status();
  // The documents, built before the clock starts: what the fetcher hands over after a poll.
  std::vector<storage::FeedDocument> documents(feeds.size());
  for (std::size_t i = 0; i < feeds.size(); ++i) {
    documents[i].feed_url = *feeds[i].self_link;
    storage::PollState& poll = documents[i].poll;
    poll.polled_at = kBaseTime;
    poll.http_status = 200;
    poll.etag = fmt::format("\"v{}\"", i);
    poll.next_poll = kBaseTime + 900;
    documents[i].feed = &feeds[i];
  }
  IngestRun run;
  Clock::time_point start = Clock::now();
  for (const storage::FeedDocument& document : documents) {
    Result<storage::IngestReport> report = storage::Ingest(**archive, document);
    if (!report.ok()) return report.status();
    run.added += report->added;
    run.unchanged += report->unchanged;
    run.other += report->changed + report->duplicates + report->tombstoned;
  }
  run.seconds = SecondsSince(start);
  return run;
}

Result<double> TimeFloor(const std::string& path, const std::vector<FloorFeed>& feeds) {
  Result<std::unique_ptr<FloorWriter>> writer = FloorWriter::Create(path);
  if (!writer.ok()) return writer.status();
  Clock::time_point start = Clock::now();
  for (const FloorFeed& feed : feeds) {
    Status written = (*writer)->Write(feed, kBaseTime);
    if (!written.ok()) return written;
  }
  Status finished = (*writer)->Finish();
  if (!finished.ok()) return finished;
  return SecondsSince(start);
}

Result<DbSize> MeasureSize(const std::string& path) {
  try {
    std::unique_ptr<SQLite::Database> db = OpenRaw(path);
    db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    DbSize size;
    size.bytes = db->execAndGet("PRAGMA page_count").getInt64() *
                 db->execAndGet("PRAGMA page_size").getInt64();
    size.items = db->execAndGet("SELECT count(*) FROM items").getInt64();
    try {
      SQLite::Statement s(*db,
                          "SELECT sum(CASE WHEN name LIKE 'items_fts%' THEN pgsize END), "
                          "sum(CASE WHEN name = 'items' THEN pgsize END), "
                          "sum(CASE WHEN name LIKE 'items\\_%' ESCAPE '\\' "
                          "AND name NOT LIKE 'items_fts%' THEN pgsize END) FROM dbstat");
      if (s.executeStep()) {
        size.fts_bytes = s.getColumn(0).getInt64();
        size.table_bytes = s.getColumn(1).getInt64();
        size.index_bytes = s.getColumn(2).getInt64();
      }
    } catch (const SQLite::Exception&) {
      // SQLite without the dbstat table: only the total is known.
    }
    return size;
  } catch (const SQLite::Exception& e) {
    return FromSqlite("measuring " + path, e);
  }
}

Result<std::string> ContentFingerprint(const std::string& path) {
  try {
    std::unique_ptr<SQLite::Database> db = OpenRaw(path);
    // Token occurrences in the index (fts5vocab): the same rows give the same count however
    // the index's segments were merged.
    db->exec("CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab(main, 'items_fts', 'row')");
    SQLite::Statement s(*db,
                        "SELECT count(*), count(DISTINCT story_id), sum(length(title)), "
                        "sum(length(text)), sum(length(content_html)), sum(length(summary_html)), "
                        "(SELECT sum(cnt) FROM temp.bench_vocab) FROM items");
    s.executeStep();
    return fmt::format("items {}, stories {}, title+text+html bytes {}, indexed tokens {}",
                       s.getColumn(0).getInt64(), s.getColumn(1).getInt64(),
                       s.getColumn(2).getInt64() + s.getColumn(3).getInt64() +
                           s.getColumn(4).getInt64() + s.getColumn(5).getInt64(),
                       s.getColumn(6).getInt64());
  } catch (const SQLite::Exception& e) {
    return FromSqlite("reading " + path, e);
  }
}

void RemoveDatabase(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
}

}  // namespace tidings::bench
