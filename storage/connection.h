// Internal to storage/: the SQLite connection behind an Archive, with a cache of prepared
// statements and the one place where SQLite exceptions become Status values.
//
//   return conn.Guard("ingest", [&]() -> Result<int> {
//     SQLite::Statement& s = conn.Prepared("SELECT ...");   // reset and unbound, ready to bind
//     ...
//   });
//
// SQLiteCpp reports errors by throwing SQLite::Exception; nothing outside storage/ may see one, so
// every entry point of the module runs its SQL inside Guard().
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"
#include "storage/archive.h"

namespace tidings::storage {

class Connection {
 public:
  Connection(std::unique_ptr<SQLite::Database> db, std::string path, OpenMode mode);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  SQLite::Database& db() { return *db_; }
  const std::string& path() const { return path_; }
  OpenMode mode() const { return mode_; }

  // The cached statement for `sql` (a string literal or otherwise stable text), reset with its
  // bindings cleared. Valid until the Connection is destroyed; not re-entrant for the same SQL.
  SQLite::Statement& Prepared(std::string_view sql);

  // Runs `body` and turns any SQLite::Exception it throws into a Status naming the file and `what`.
  // Afterwards every cached statement is reset: a statement left mid-result holds a read snapshot,
  // which would block WAL checkpoints and vacuum until the next call.
  template <typename Body>
  auto Guard(std::string_view what, Body&& body) -> decltype(body()) {
    struct ResetOnExit {
      Connection& conn;
      ~ResetOnExit() { conn.ResetStatements(); }
    } reset{*this};
    try {
      return body();
    } catch (const SQLite::Exception& e) {
      return ErrorStatus(what, e);
    }
  }

  // Resets every cached statement (never throws).
  void ResetStatements() noexcept;

  // Commits `transaction` after resetting every cached statement. A statement still on a row
  // keeps the connection in a read transaction through the commit, and SQLite's automatic WAL
  // checkpoint, which runs inside the commit, then fails (SQLITE_LOCKED) every time: the WAL grew
  // to a gigabyte over one poll of 1,000 feeds, and reads slowed down with it.
  void Commit(SQLite::Transaction& transaction);

  // The Status for a failed SQLite call (see archive.h for the codes).
  Status ErrorStatus(std::string_view what, const SQLite::Exception& e) const;

 private:
  std::unique_ptr<SQLite::Database> db_;
  std::string path_;
  OpenMode mode_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

// Binds `value` or NULL.
inline void BindOptional(SQLite::Statement& s, int index, const std::optional<std::string>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind(index);
  }
}
inline void BindOptional(SQLite::Statement& s, int index, std::optional<std::int64_t> value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind(index);
  }
}

// The column's text, or nullopt for NULL.
inline std::optional<std::string> OptionalText(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getString();
}
inline std::optional<std::int64_t> OptionalInt(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

// Maps an SQLite result code to a Status for `path` (exposed for tests).
Status SqliteStatus(int code, std::string_view path, std::string_view what,
                    std::string_view detail);

}  // namespace tidings::storage
