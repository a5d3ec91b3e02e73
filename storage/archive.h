// The archive: one SQLite file holding feeds, items, user state and the search index.
//
//   Result<std::unique_ptr<storage::Archive>> a =
//       storage::Archive::Open("/var/lib/tidings/archive.db", storage::OpenMode::kReadWrite);
//   if (!a.ok()) { /* a->status().message() names the file and what to do */ }
//   storage::Ingest(**a, document);        // storage/ingest.h
//   storage::Search(**a, request);         // storage/search.h
//
// One writer (the daemon) and any number of readers (the CLI) may use the same file at once: it is
// in WAL mode, so readers see the last committed state and never block the writer. Opening for
// writing creates the file if needed and applies schema migrations (storage/schema.h); opening
// read-only never changes the file.
//
// Threads: an Archive is used by one thread at a time. Open one per thread if you need more.
// Failures are Status values naming the file: kCorrupt for a damaged file (with the command that
// checks it), kIO for a full disk or a read-only file (the transaction is rolled back, nothing is
// half-written), kBusy when another writer held the lock past the busy timeout.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"

namespace tidings::storage {

class Connection;

enum class OpenMode { kReadWrite, kReadOnly };

class Archive {
 public:
  // Opens (kReadWrite: creates and migrates) the archive at `path`. Fails when the file is not a
  // tidings archive, was written by a newer tidings, is damaged, or (kReadOnly) does not exist.
  static Result<std::unique_ptr<Archive>> Open(const std::string& path, OpenMode mode);

  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  const std::string& path() const;
  OpenMode mode() const;

  // For the storage module's own files (storage/connection.h); not for other modules.
  Connection& connection() { return *connection_; }

 private:
  explicit Archive(std::unique_ptr<Connection> connection);
  std::unique_ptr<Connection> connection_;
};

}  // namespace tidings::storage
