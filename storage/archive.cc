#include "storage/archive.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

#include "storage/connection.h"
#include "storage/schema.h"
#include "storage/tokenizer.h"

namespace tidings::storage {
namespace {

// Long enough to ride out the daemon's longest transaction (a prune batch or a large feed), short
// enough that a wedged writer is reported instead of hanging the CLI.
constexpr int kBusyTimeoutMs = 10'000;

int PragmaInt(SQLite::Database& db, const char* pragma) {
  return db.execAndGet(fmt::format("PRAGMA {}", pragma)).getInt();
}

// Settings that hold per connection (journal_mode is persistent but must be set outside a
// transaction, so it is set here each time).
void ConfigureConnection(SQLite::Database& db, OpenMode mode) {
  db.setBusyTimeout(kBusyTimeoutMs);
  db.exec("PRAGMA foreign_keys = ON");
  if (mode == OpenMode::kReadWrite) {
    if (PragmaInt(db, "page_count") == 0) {
      // Only possible while the file is empty (before WAL mode writes its first page): lets
      // pruning hand freed pages back to the file system.
      db.exec("PRAGMA auto_vacuum = INCREMENTAL");
    }
    db.exec("PRAGMA journal_mode = WAL");
    // In WAL mode NORMAL never corrupts the file; a power cut may undo the last commits, and since
    // a feed's items and its state (ETag, next poll) commit together, that only means the feed is
    // fetched and ingested again.
    db.exec("PRAGMA synchronous = NORMAL");
    // Fewer, larger checkpoints: a page rewritten by many commits (indexes, the search index)
    // is copied into the file once per checkpoint, not once per 4 MB of WAL. The WAL stays
    // under about 40 MB. (Measured with bench/run-poll-bench: less CPU and I/O per poll.)
    db.exec("PRAGMA wal_autocheckpoint = 10000");
    // Statement journals and temporary b-trees in memory: in temporary files under /var/tmp
    // they were 2.5 GB of writes over one poll of 1,000 feeds, twice the archive's own. What
    // they hold is bounded by one statement's changes (ingest writes a feed at a time, pruning
    // deletes in batches) and by queries with LIMIT (search ranks the newest 500 matches).
    db.exec("PRAGMA temp_store = MEMORY");
  } else {
    // Readers serve searches, which walk the same search-index pages query after query: a 16 MB
    // page cache instead of SQLite's 2 MB keeps them in the process (p95 of the slowest search
    // class on a 1,000,000-item archive 42-46 ms -> 36-38 ms, alternating runs of
    // bench/storage_bench --only search; 64 MB gained 1 ms more). Filled only as pages are read.
    db.exec("PRAGMA cache_size = -16384");
  }
}

// Brings a writable database up to kSchemaVersion, all in one transaction.
Status Migrate(Connection& conn) {
  SQLite::Database& db = conn.db();
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  int version = PragmaInt(db, "user_version");
  int application_id = PragmaInt(db, "application_id");
  if (version == 0 && application_id == 0 && PragmaInt(db, "page_count") > 1) {
    SQLite::Statement tables(db, "SELECT count(*) FROM sqlite_schema");
    if (tables.executeStep() && tables.getColumn(0).getInt() > 0) {
      return InvalidError(
          fmt::format("{}: not a tidings archive (another program's database)", conn.path()));
    }
  }
  if (application_id != 0 && application_id != kApplicationId) {
    return InvalidError(fmt::format("{}: not a tidings archive", conn.path()));
  }
  if (version > kSchemaVersion) {
    return {StatusCode::kUnsupported,
            fmt::format("{}: written by a newer tidings (schema version {}, this one knows up to "
                        "{}); upgrade tidings to use it",
                        conn.path(), version, kSchemaVersion)};
  }
  for (const Migration& migration : Migrations()) {
    if (migration.version <= version) continue;
    db.exec(migration.sql);
    db.exec(fmt::format("PRAGMA user_version = {}", migration.version));
  }
  db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
  conn.Commit(transaction);
  return Status::Ok();
}

// A reader never migrates: it accepts exactly the schema this build knows.
Status CheckReadable(Connection& conn) {
  SQLite::Database& db = conn.db();
  int version = PragmaInt(db, "user_version");
  int application_id = PragmaInt(db, "application_id");
  if (application_id != kApplicationId) {
    return InvalidError(fmt::format("{}: not a tidings archive", conn.path()));
  }
  if (version > kSchemaVersion) {
    return {StatusCode::kUnsupported,
            fmt::format("{}: written by a newer tidings (schema version {}, this one knows up to "
                        "{}); upgrade tidings to read it",
                        conn.path(), version, kSchemaVersion)};
  }
  if (version < kSchemaVersion) {
    return {StatusCode::kUnsupported,
            fmt::format("{}: written by an older tidings (schema version {}); start tidingsd "
                        "once to upgrade it",
                        conn.path(), version)};
  }
  return Status::Ok();
}

Result<std::unique_ptr<Connection>> OpenConnection(const std::string& path, OpenMode mode) {
  std::error_code ec;
  if (mode == OpenMode::kReadOnly && !std::filesystem::exists(path, ec)) {
    return NotFoundError(
        fmt::format("{}: no archive here (tidingsd creates it; or pass --db)", path));
  }
  int flags = mode == OpenMode::kReadOnly ? SQLite::OPEN_READONLY
                                          : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
  auto db = std::make_unique<SQLite::Database>(path, flags | SQLite::OPEN_NOFOLLOW);
  Status registered = RegisterTokenizer(db->getHandle());
  if (!registered.ok()) return registered;
  ConfigureConnection(*db, mode);
  return std::make_unique<Connection>(std::move(db), path, mode);
}

}  // namespace

Archive::Archive(std::unique_ptr<Connection> connection) : connection_(std::move(connection)) {}
Archive::~Archive() = default;

const std::string& Archive::path() const { return connection_->path(); }
OpenMode Archive::mode() const { return connection_->mode(); }

Result<std::unique_ptr<Archive>> Archive::Open(const std::string& path, OpenMode mode) {
  try {
    Result<std::unique_ptr<Connection>> conn = OpenConnection(path, mode);
    if (!conn.ok()) return conn.status();
    Status ready = mode == OpenMode::kReadWrite ? Migrate(**conn) : CheckReadable(**conn);
    if (!ready.ok()) return ready;
    return std::unique_ptr<Archive>(new Archive(std::move(*conn)));
  } catch (const SQLite::Exception& e) {
    return SqliteStatus(e.getErrorCode(), path, "opening the archive", e.what());
  }
}

}  // namespace tidings::storage
