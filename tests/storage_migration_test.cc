// Migrations: an archive written by every earlier schema version opens, upgrades and keeps what it
// held. tests/data/storage/schema-vN.sql is a dump of a version N archive; add one whenever
// kSchemaVersion grows (see storage/schema.h).
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "base/file.h"
#include "storage/items.h"
#include "storage/maintenance.h"
#include "storage/schema.h"
#include "storage_fixtures.h"

namespace tidings::storage {
namespace {

using testing::IngestOk;
using testing::MakeFeed;
using testing::MakeItem;
using testing::OpenArchive;
using testing::Scalar;
using testing::TempDir;

// Builds a database file from a fixture dump with plain SQLite, as the older tidings left it.
void LoadDump(const std::string& dump_path, const std::string& db_path) {
  Result<std::string> sql = ReadFile(dump_path);
  REQUIRE(sql.ok());
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql->c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

TEST_CASE("an archive of every earlier schema version upgrades and keeps its data",
          "[storage][migration]") {
  for (int version = 1; version <= kSchemaVersion; ++version) {
    DYNAMIC_SECTION("schema version " << version) {
      TempDir dir;
      std::string dump =
          std::string(TIDINGS_TEST_DATA) + "/storage/schema-v" + std::to_string(version) + ".sql";
      LoadDump(dump, dir.File("old.db"));
      auto archive = OpenArchive(dir.File("old.db"));
      CHECK(Scalar(*archive, "PRAGMA user_version") == kSchemaVersion);
      ItemFilter all;
      Result<std::vector<ItemSummary>> items = ListItems(*archive, all);
      REQUIRE(items.ok());
      CHECK(items->size() == 4);
      Result<ItemDetail> starred = GetItem(*archive, 1);
      REQUIRE(starred.ok());
      CHECK(starred->starred);
      CHECK(starred->note == "keep");
      CHECK(starred->topics == std::vector<std::string>{"science"});
      CHECK(GetItem(*archive, 2)->labels == std::vector<std::string>{"research"});
      CHECK(testing::SearchIds(*archive, "title:moon") == std::vector<std::int64_t>{2});
      IngestOk(*archive, "https://new.example.org/feed", MakeFeed({MakeItem(1)}));
      Result<CheckReport> check = CheckArchive(*archive);
      REQUIRE(check.ok());
      CHECK(check->ok);
    }
  }
}

TEST_CASE("a read-only open of an older archive asks for the daemon to upgrade it",
          "[storage][migration]") {
  TempDir dir;
  LoadDump(std::string(TIDINGS_TEST_DATA) + "/storage/schema-v1.sql", dir.File("old.db"));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.File("old.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 0", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  Result<std::unique_ptr<Archive>> archive = Archive::Open(dir.File("old.db"), OpenMode::kReadOnly);
  REQUIRE_FALSE(archive.ok());
  CHECK_THAT(archive.status().message(), Catch::Contains("older tidings"));
}

}  // namespace
}  // namespace tidings::storage
