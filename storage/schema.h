// The archive's schema, as a list of forward-only migrations keyed by `PRAGMA user_version`.
//
// Migration N turns a version N-1 database into version N. They run in order, inside one
// transaction, when a writer opens the archive; a database at a higher version than
// kSchemaVersion was written by a newer tidings and is refused. docs/storage.md describes the
// tables. To change the schema: append a migration (never edit a shipped one), bump
// kSchemaVersion, and add tests/data/storage/schema-vN.sql (see tests/storage_migration_test.cc).
#pragma once

#include <span>

namespace tidings::storage {

inline constexpr int kSchemaVersion = 6;

// Marks a SQLite file as a tidings archive ("tdgs"), so that another program's database is
// recognised as such instead of being migrated into a mess.
inline constexpr int kApplicationId = 0x74646773;

struct Migration {
  int version;      // the user_version after it ran
  const char* sql;  // one or more statements
};

// All migrations, in version order; the last one's version is kSchemaVersion.
std::span<const Migration> Migrations();

}  // namespace tidings::storage
