#include "storage/connection.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace tidings::storage {

Connection::Connection(std::unique_ptr<SQLite::Database> db, std::string path, OpenMode mode)
    : db_(std::move(db)), path_(std::move(path)), mode_(mode) {}

SQLite::Statement& Connection::Prepared(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    auto statement = std::make_unique<SQLite::Statement>(*db_, std::string(sql));
    it = statements_.emplace(std::string(sql), std::move(statement)).first;
    return *it->second;
  }
  SQLite::Statement& statement = *it->second;
  statement.reset();
  statement.clearBindings();
  return statement;
}

void Connection::ResetStatements() noexcept {
  for (auto& [sql, statement] : statements_) statement->tryReset();
}

void Connection::Commit(SQLite::Transaction& transaction) {
  ResetStatements();
  transaction.commit();
}

Status Connection::ErrorStatus(std::string_view what, const SQLite::Exception& e) const {
  return SqliteStatus(e.getErrorCode(), path_, what, e.what());
}

Status SqliteStatus(int code, std::string_view path, std::string_view what,
                    std::string_view detail) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return {StatusCode::kIO,
              fmt::format("{}: disk full while {}; nothing was written (it resumes when space "
                          "is freed)",
                          path, what)};
    case SQLITE_READONLY:
      return {StatusCode::kIO,
              fmt::format("{}: the file is read-only, cannot {} ({})", path, what, detail)};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return {StatusCode::kCorrupt,
              fmt::format("{}: the archive is damaged ({}); check it with `tidings db check "
                          "--db {}`",
                          path, detail, path)};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {StatusCode::kBusy,
              fmt::format("{}: another process held the archive too long while {}", path, what)};
    case SQLITE_CANTOPEN:
      return {StatusCode::kIO, fmt::format("{}: cannot open the archive ({})", path, detail)};
    case SQLITE_IOERR:
    case SQLITE_PERM:
      return {StatusCode::kIO, fmt::format("{}: I/O error while {} ({})", path, what, detail)};
    case SQLITE_NOMEM:
      return {StatusCode::kIO, fmt::format("{}: out of memory while {}", path, what)};
    case SQLITE_TOOBIG:
      return {StatusCode::kTooLarge, fmt::format("{}: value too large while {}", path, what)};
    default:
      return {StatusCode::kIO, fmt::format("{}: {} failed: {}", path, what, detail)};
  }
}

}  // namespace tidings::storage
