// Retention: what pruning deletes, what it never touches, and the tombstones it leaves.
#include <catch2/catch.hpp>

#include "storage/articles.h"
#include "storage/retention.h"
#include "storage/user_state.h"
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

constexpr std::int64_t kDay = 86400;
const std::string kUrl = "https://news.example.org/feed.xml";

// Ten items published 100 days ago (ids 1-10) and ten published today (ids 11-20).
feed::Feed OldAndNew() {
  std::vector<feed::Item> items;
  for (int i = 0; i < 20; ++i) {
    items.push_back(MakeItem(i));
    items.back().published = i < 10 ? kNow - 100 * kDay : kNow - 60;
  }
  return MakeFeed(items);
}

RetentionPolicy Days(int unmatched) {
  RetentionPolicy policy;
  policy.unmatched_days = unmatched;
  return policy;
}

TEST_CASE("pruning deletes old unmatched items and nothing newer", "[storage][retention]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, kUrl, OldAndNew());
  Result<PruneReport> report = Prune(*archive, Days(30), kNow);
  REQUIRE(report.ok());
  CHECK(report->items_deleted == 10);
  CHECK(report->finished);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items") == 10);
  CHECK(Scalar(*archive, "SELECT min(id) FROM items") == 11);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'number'") == 10);
}

TEST_CASE("pruning never deletes starred, labelled or annotated items", "[storage][retention]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, kUrl, OldAndNew());
  REQUIRE(SetStarred(*archive, 1, true, kNow).ok());
  REQUIRE(AddLabel(*archive, 2, "research", kNow).ok());
  REQUIRE(SetNote(*archive, 3, "cite this", kNow).ok());
  REQUIRE(SetStarred(*archive, 4, true, kNow).ok());
  REQUIRE(SetStarred(*archive, 4, false, kNow).ok());  // unstarred: fair game again
  REQUIRE(Prune(*archive, Days(1), kNow).ok());
  CHECK(Scalar(*archive, "SELECT count(*) FROM items WHERE id <= 10") == 3);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items WHERE id IN (1, 2, 3)") == 3);
}

TEST_CASE("a pruned item still in its feed is not ingested again", "[storage][retention]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  feed::Feed doc = OldAndNew();
  IngestOk(*archive, kUrl, doc);
  REQUIRE(Prune(*archive, Days(30), kNow).ok());
  IngestReport again = IngestOk(*archive, kUrl, doc, kNow + 600);
  CHECK(again.added == 0);
  CHECK(again.tombstoned == 10);
  CHECK(again.unchanged == 10);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items") == 10);
}

TEST_CASE("items that matched a topic follow their own retention", "[storage][retention]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, kUrl, OldAndNew());
  archive->connection().db().exec(
      "INSERT INTO item_topics(item_id, topic, score, matched) VALUES (1, 'science', 0.9, 1)");
  RetentionPolicy policy = Days(30);
  policy.matched_days = 0;  // forever
  REQUIRE(Prune(*archive, policy, kNow).ok());
  CHECK(Scalar(*archive, "SELECT count(*) FROM items WHERE id <= 10") == 1);
  policy.matched_days = 50;
  REQUIRE(Prune(*archive, policy, kNow).ok());
  CHECK(Scalar(*archive, "SELECT count(*) FROM items WHERE id <= 10") == 0);
}

TEST_CASE("pruning works in bounded batches and can resume", "[storage][retention]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, kUrl, OldAndNew());
  Result<PruneReport> first = Prune(*archive, Days(30), kNow, /*batch_size=*/3, /*max_batches=*/2);
  REQUIRE(first.ok());
  CHECK(first->items_deleted == 6);
  CHECK_FALSE(first->finished);
  Result<PruneReport> rest = Prune(*archive, Days(30), kNow, 3, 0);
  REQUIRE(rest.ok());
  CHECK(rest->items_deleted == 4);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items") == 10);
}

TEST_CASE("old raw pages go, the extracted text stays; tombstones expire", "[storage][retention]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, kUrl, OldAndNew());
  RawPage page{"https://news.example.org/story/15", "text/html", std::string(5000, 'x')};
  REQUIRE(StorePage(*archive, 15, page, kNow - 30 * kDay).ok());
  REQUIRE(SetFullText(*archive, 15, "The full article.", kNow - 30 * kDay).ok());
  REQUIRE(StorePage(*archive, 16, page, kNow - kDay).ok());
  RetentionPolicy policy = Days(30);
  policy.raw_page_days = 14;
  policy.tombstone_days = 10;
  REQUIRE(Prune(*archive, policy, kNow).ok());
  CHECK(Scalar(*archive, "SELECT count(*) FROM pages") == 1);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items WHERE full_text IS NOT NULL") == 1);
  CHECK(Scalar(*archive, "SELECT count(*) FROM tombstones") > 0);
  REQUIRE(Prune(*archive, policy, kNow + 11 * kDay).ok());
  CHECK(Scalar(*archive, "SELECT count(*) FROM tombstones") == 0);
}

TEST_CASE("pruning hands freed pages back to the file system", "[storage][retention]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  std::vector<feed::Item> items;
  for (int i = 0; i < 300; ++i) {
    items.push_back(MakeItem(i));
    std::string text;
    for (int w = 0; w < 600; ++w) text += "word" + std::to_string((i * 7 + w) % 997) + " ";
    items.back().content = text;
    items.back().published = kNow - 100 * kDay;
  }
  IngestOk(*archive, kUrl, MakeFeed(items));
  archive->connection().db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  std::int64_t pages_before = Scalar(*archive, "PRAGMA page_count");
  Result<PruneReport> report = Prune(*archive, Days(30), kNow);
  REQUIRE(report.ok());
  CHECK(report->bytes_freed > 1'000'000);
  CHECK(Scalar(*archive, "PRAGMA page_count") < pages_before / 2);
  CHECK(Scalar(*archive, "PRAGMA freelist_count") == 0);
}

}  // namespace
}  // namespace tidings::storage
