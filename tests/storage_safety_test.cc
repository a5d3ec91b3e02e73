// The archive under stress: files that are not archives, newer schemas, a full disk, a writer
// killed mid-transaction, and a reader running while the writer commits.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "storage/feeds.h"
#include "storage/items.h"
#include "storage/maintenance.h"
#include "storage/schema.h"
#include "storage_fixtures.h"

namespace tidings::storage {
namespace {

using testing::IngestOk;
using testing::kNow;
using testing::MakeFeed;
using testing::MakeItem;
using testing::OpenArchive;
using testing::Scalar;
using testing::TempDir;

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Runs SQL on a plain SQLite connection (no tidings code), as another program would.
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

feed::Feed Items(int first, int count) {
  std::vector<feed::Item> items;
  for (int i = first; i < first + count; ++i) items.push_back(MakeItem(i));
  return MakeFeed(items);
}

TEST_CASE("a new archive is in WAL mode with the current schema", "[storage][open]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  CHECK(Scalar(*archive, "PRAGMA user_version") == kSchemaVersion);
  CHECK(Scalar(*archive, "PRAGMA application_id") == kApplicationId);
  CHECK(Scalar(*archive, "PRAGMA foreign_keys") == 1);
  CHECK(Scalar(*archive, "PRAGMA auto_vacuum") == 2);
  CHECK(archive->connection().db().execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("opening read-only never creates a file", "[storage][open]") {
  TempDir dir;
  Result<std::unique_ptr<Archive>> archive =
      Archive::Open(dir.File("none.db"), OpenMode::kReadOnly);
  REQUIRE_FALSE(archive.ok());
  CHECK(archive.status().code() == StatusCode::kNotFound);
  CHECK(archive.status().message().find(dir.File("none.db")) == 0);
  CHECK_FALSE(std::filesystem::exists(dir.File("none.db")));
}

TEST_CASE("a database from a newer tidings is refused, not touched", "[storage][open]") {
  TempDir dir;
  { OpenArchive(dir.File("a.db")); }
  RawExec(dir.File("a.db"), "PRAGMA user_version = 99");
  for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    Result<std::unique_ptr<Archive>> archive = Archive::Open(dir.File("a.db"), mode);
    REQUIRE_FALSE(archive.ok());
    CHECK(archive.status().code() == StatusCode::kUnsupported);
    CHECK_THAT(archive.status().message(), Catch::Contains("newer tidings (schema version 99"));
  }
}

TEST_CASE("another program's database is not taken over", "[storage][open]") {
  TempDir dir;
  RawExec(dir.File("other.db"), "CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER)");
  Result<std::unique_ptr<Archive>> archive =
      Archive::Open(dir.File("other.db"), OpenMode::kReadWrite);
  REQUIRE_FALSE(archive.ok());
  CHECK_THAT(archive.status().message(), Catch::Contains("not a tidings archive"));
}

TEST_CASE("a damaged file names itself and the command that checks it", "[storage][open]") {
  TempDir dir;
  WriteFile(dir.File("junk.db"), std::string(8192, 'J'));
  Result<std::unique_ptr<Archive>> archive =
      Archive::Open(dir.File("junk.db"), OpenMode::kReadOnly);
  REQUIRE_FALSE(archive.ok());
  CHECK(archive.status().code() == StatusCode::kCorrupt);
  CHECK_THAT(archive.status().message(), Catch::StartsWith(dir.File("junk.db") + ":"));
  CHECK_THAT(archive.status().message(), Catch::Contains("tidings db check"));
}

TEST_CASE("db check finds damage inside an archive", "[storage][open]") {
  TempDir dir;
  {
    auto archive = OpenArchive(dir.File("a.db"));
    IngestOk(*archive, "https://example.org/feed", Items(0, 200));
    archive->connection().db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  {
    auto archive = OpenArchive(dir.File("a.db"), OpenMode::kReadOnly);
    Result<CheckReport> clean = CheckArchive(*archive);
    REQUIRE(clean.ok());
    CHECK(clean->ok);
  }
  // Overwrite a page in the middle of the file (an index or table page) with garbage.
  std::fstream file(dir.File("a.db"), std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(4096 * 6);
  file << std::string(4096, '\x5a');
  file.close();
  auto archive = OpenArchive(dir.File("a.db"), OpenMode::kReadOnly);
  Result<CheckReport> report = CheckArchive(*archive);
  if (report.ok()) {
    CHECK_FALSE(report->ok);
    CHECK_FALSE(report->problems.empty());
  } else {
    CHECK(report.status().code() == StatusCode::kCorrupt);
  }
}

TEST_CASE("a full disk rolls the whole document back, and ingest resumes later",
          "[storage][disk]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, "https://example.org/feed", Items(0, 5));
  SQLite::Database& db = archive->connection().db();
  std::int64_t pages = Scalar(*archive, "PRAGMA page_count");
  db.exec("PRAGMA max_page_count = " + std::to_string(pages + 3));  // SQLite's own size limit

  feed::Feed big = Items(100, 400);
  FeedDocument doc;
  doc.feed_url = "https://example.org/feed";
  doc.poll.polled_at = kNow + 60;
  doc.poll.http_status = 200;
  doc.poll.etag = "\"new\"";
  doc.feed = &big;
  Result<IngestReport> full = Ingest(*archive, doc);
  REQUIRE_FALSE(full.ok());
  CHECK(full.status().code() == StatusCode::kIO);
  CHECK_THAT(full.status().message(), Catch::Contains("disk full"));
  CHECK(Scalar(*archive, "SELECT count(*) FROM items") == 5);
  CHECK(Scalar(*archive, "SELECT count(*) FROM feeds WHERE etag IS NULL") == 1);

  db.exec("PRAGMA max_page_count = 1073741823");
  Result<IngestReport> resumed = Ingest(*archive, doc);
  REQUIRE(resumed.ok());
  CHECK(resumed->added == 400);
  CHECK(Scalar(*archive, "SELECT count(*) FROM feeds WHERE etag = '\"new\"'") == 1);
}

TEST_CASE("a writer killed mid-transaction leaves a consistent archive", "[storage][crash]") {
  TempDir dir;
  { OpenArchive(dir.File("a.db")); }
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child ingests feeds forever; each feed's poll count equals its documents ingested.
    Result<std::unique_ptr<Archive>> archive =
        Archive::Open(dir.File("a.db"), OpenMode::kReadWrite);
    if (!archive.ok()) _exit(3);
    for (int round = 0;; ++round) {
      feed::Feed doc = Items(round * 50, 50);
      FeedDocument in;
      in.feed_url = "https://example.org/feed" + std::to_string(round % 7);
      in.poll.polled_at = kNow + round;
      in.feed = &doc;
      if (!Ingest(**archive, in).ok()) _exit(4);
    }
  }
  // Let it commit some documents, then kill it wherever it is.
  auto archive = OpenArchive(dir.File("a.db"), OpenMode::kReadOnly);
  for (int i = 0; i < 500 && Scalar(*archive, "SELECT count(*) FROM feeds") < 7; ++i)
    usleep(10'000);
  usleep(50'000);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  archive.reset();

  auto after = OpenArchive(dir.File("a.db"));
  Result<CheckReport> check = CheckArchive(*after);
  REQUIRE(check.ok());
  CHECK(check->ok);
  // Every committed document added 50 items and one poll to its feed: nothing half-written.
  CHECK(Scalar(*after, "SELECT count(*) FROM items") ==
        50 * Scalar(*after, "SELECT coalesce(sum(polls), 0) FROM feeds"));
  CHECK(Scalar(*after, "SELECT count(*) FROM feeds WHERE items_added != 50 * polls") == 0);
  IngestOk(*after, "https://example.org/after", Items(1'000'000, 3));
}

TEST_CASE("a reader works while the writer commits", "[storage][concurrency]") {
  TempDir dir;
  auto writer = OpenArchive(dir.File("a.db"));
  IngestOk(*writer, "https://example.org/feed", Items(0, 10));
  auto reader = OpenArchive(dir.File("a.db"), OpenMode::kReadOnly);
  std::atomic<bool> done{false};
  std::thread writing([&] {
    for (int round = 1; round <= 40; ++round) {
      feed::Feed doc = Items(round * 10, 10);
      FeedDocument in;
      in.feed_url = "https://example.org/feed";
      in.poll.polled_at = kNow + round;
      in.feed = &doc;
      if (!Ingest(*writer, in).ok()) break;
    }
    done = true;
  });
  std::size_t last = 0;
  int reads = 0, failures = 0, shrank = 0;
  while (!done || reads == 0) {
    ItemFilter all;
    all.limit = 0;
    Result<std::vector<ItemSummary>> items = ListItems(*reader, all);
    ++reads;
    if (!items.ok()) {
      ++failures;
      continue;
    }
    if (items->size() % 10 != 0 || items->size() < last) ++shrank;  // half a document, or lost
    last = items->size();
  }
  writing.join();
  CHECK(failures == 0);
  CHECK(shrank == 0);
  CHECK(Scalar(*reader, "SELECT count(*) FROM items") == 410);
}

// A statement still on a row keeps its connection in a read transaction, and SQLite's automatic
// checkpoint, which runs inside each commit, then fails every time: the WAL grew by a gigabyte
// over one poll of 1,000 feeds (bench/run-poll-bench) and every read slowed down with it. With a
// checkpoint due at every commit, ingests must move the WAL's pages into the database file.
TEST_CASE("ingests let SQLite checkpoint the WAL into the database", "[storage][concurrency]") {
  TempDir dir;
  const std::string path = dir.File("a.db");
  auto writer = OpenArchive(path);
  auto reader = OpenArchive(path, OpenMode::kReadOnly);
  writer->connection().db().exec("PRAGMA wal_autocheckpoint = 1");
  const auto database_size = [&] { return std::filesystem::file_size(path); };
  const std::uintmax_t before = database_size();
  for (int round = 0; round < 5; ++round) {
    IngestOk(*writer, "https://example.org/feed" + std::to_string(round % 2), Items(round * 10, 10),
             kNow + round);
    ItemFilter all;
    all.limit = 0;
    REQUIRE(ListItems(*reader, all).ok());
    REQUIRE(GetFeed(*reader, "https://example.org/feed0").ok());
  }
  // 50 items with their index entries are dozens of pages; without checkpoints the file would
  // still hold only what the schema's creation left in it.
  CHECK(database_size() > before + 20 * 4096);
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
  // A connection sees WAL mode once it has read the file.
  REQUIRE(sqlite3_exec(other, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  int frames = -1, copied = -1;
  const int rc =
      sqlite3_wal_checkpoint_v2(other, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &frames, &copied);
  sqlite3_close(other);
  CHECK(rc == SQLITE_OK);  // SQLITE_BUSY: a connection still reads an old snapshot
  CHECK(frames == 0);      // TRUNCATE empties the WAL once every frame is in the database
}

}  // namespace
}  // namespace tidings::storage
