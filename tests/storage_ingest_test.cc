// Ingest: items and feed state in one transaction, idempotence, revisions, identity fallbacks and
// cross-feed stories.
#include <catch2/catch.hpp>

#include "storage/feeds.h"
#include "storage/items.h"
#include "storage/search.h"
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

const std::string kUrl = "https://news.example.org/feed.xml";

TEST_CASE("a new document's items and the feed's poll state are stored together", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  feed::Feed doc = MakeFeed({MakeItem(1), MakeItem(2), MakeItem(3)}, "Quantum News");
  FeedDocument in;
  in.feed_url = kUrl;
  in.poll.polled_at = kNow;
  in.poll.http_status = 200;
  in.poll.etag = "\"v1\"";
  in.poll.last_modified = "Fri, 15 Jan 2027 08:00:00 GMT";
  in.poll.next_poll = kNow + 600;
  in.feed = &doc;
  Result<IngestReport> report = Ingest(*archive, in);
  REQUIRE(report.ok());
  CHECK(report->added == 3);
  Result<FeedInfo> info = GetFeed(*archive, kUrl);
  REQUIRE(info.ok());
  CHECK(info->title == "Quantum News");
  CHECK(info->etag == "\"v1\"");
  CHECK(info->next_poll == kNow + 600);
  CHECK(info->item_count == 3);
  CHECK(info->last_success == kNow);
}

TEST_CASE("ingesting the same document again changes no item", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  feed::Feed doc = MakeFeed({MakeItem(1), MakeItem(2)});
  IngestOk(*archive, kUrl, doc);
  std::int64_t fts_rows = Scalar(*archive, "SELECT count(*) FROM items_fts");
  IngestReport again = IngestOk(*archive, kUrl, doc, kNow + 600);
  CHECK(again.added == 0);
  CHECK(again.changed == 0);
  CHECK(again.unchanged == 2);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items") == 2);
  CHECK(Scalar(*archive, "SELECT count(*) FROM item_revisions") == 0);
  CHECK(Scalar(*archive, "SELECT max(last_changed) FROM items") == kNow);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items_fts") == fts_rows);
}

TEST_CASE("plain text the caller already made is stored and searched as is", "[storage]") {
  // The daemon converts each item's HTML on its parser threads (where it also scores it) and
  // hands the text over, so the writer thread does not convert it again.
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  feed::Feed doc = MakeFeed({MakeItem(1), MakeItem(2)});
  std::vector<std::string> texts;
  for (const feed::Item& item : doc.items) texts.push_back(ItemText(item));
  texts[1] = "photonic interconnects";  // not what the HTML says: shows which text was used
  FeedDocument in;
  in.feed_url = kUrl;
  in.poll.polled_at = kNow;
  in.feed = &doc;
  in.item_texts = &texts;
  REQUIRE(Ingest(*archive, in).ok());
  CHECK(testing::SearchIds(*archive, "photonic interconnects") == std::vector<std::int64_t>{2});
  CHECK(Scalar(*archive, "SELECT count(*) FROM items WHERE text = 'photonic interconnects'") == 1);
}

TEST_CASE("a changed title keeps the earlier version and search follows the new one", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  feed::Feed first = MakeFeed({MakeItem(1)});
  IngestOk(*archive, kUrl, first);
  feed::Feed second = first;
  second.items[0].title = "Corrected: photonic chip, not superconducting";
  IngestReport report = IngestOk(*archive, kUrl, second, kNow + 60);
  CHECK(report.changed == 1);
  CHECK(Scalar(*archive, "SELECT count(*) FROM item_revisions") == 1);
  CHECK(Scalar(*archive,
               "SELECT count(*) FROM item_revisions WHERE title LIKE 'Story number 1%'") == 1);
  CHECK(testing::SearchIds(*archive, "title:photonic") == std::vector<std::int64_t>{1});
  CHECK(testing::SearchIds(*archive, "title:\"story number 1\"").empty());
}

TEST_CASE("a feed that keeps rewriting an item keeps only the newest revisions", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  feed::Feed doc = MakeFeed({MakeItem(1)});
  for (int i = 0; i < 30; ++i) {
    doc.items[0].content = "<p>Viewed " + std::to_string(i) + " times</p>";
    IngestOk(*archive, kUrl, doc, kNow + i);
  }
  CHECK(Scalar(*archive, "SELECT count(*) FROM item_revisions") == 20);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items") == 1);
}

TEST_CASE("a failed poll updates the feed's state but keeps its cache validators", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  feed::Feed doc = MakeFeed({MakeItem(1)});
  FeedDocument ok;
  ok.feed_url = kUrl;
  ok.poll.polled_at = kNow;
  ok.poll.http_status = 200;
  ok.poll.etag = "\"e\"";
  ok.feed = &doc;
  REQUIRE(Ingest(*archive, ok).ok());
  FeedDocument failed;
  failed.feed_url = kUrl;
  failed.poll.polled_at = kNow + 60;
  failed.poll.http_status = 503;
  failed.poll.error = "HTTP 503 Service Unavailable";
  failed.poll.next_poll = kNow + 1260;
  failed.poll.consecutive_errors = 1;
  failed.poll.backoff_seconds = 1200;
  REQUIRE(Ingest(*archive, failed).ok());
  Result<FeedInfo> info = GetFeed(*archive, kUrl);
  REQUIRE(info.ok());
  CHECK(info->etag == "\"e\"");
  CHECK(info->last_error == "HTTP 503 Service Unavailable");
  CHECK(info->last_status == 503);
  CHECK(info->consecutive_errors == 1);
  CHECK(info->last_success == kNow);
  CHECK(info->errors == 1);
  CHECK(info->item_count == 1);
}

TEST_CASE("repeated ids within a document switch the feed to matching by link", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  std::vector<feed::Item> items;
  for (int i = 0; i < 10; ++i) {
    items.push_back(MakeItem(i));
    items.back().id = "same-guid-for-everything";
  }
  IngestReport report = IngestOk(*archive, kUrl, MakeFeed(items));
  CHECK(report.key_kind == KeyKind::kLink);
  CHECK(report.added == 10);
  IngestReport again = IngestOk(*archive, kUrl, MakeFeed(items), kNow + 60);
  CHECK(again.added == 0);
  CHECK(again.unchanged == 10);
}

TEST_CASE("ids that change between polls while links stay switch the feed to links", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  std::vector<feed::Item> items;
  for (int i = 0; i < 10; ++i) items.push_back(MakeItem(i));
  IngestOk(*archive, kUrl, MakeFeed(items));
  for (feed::Item& item : items) item.id += "?session=42";  // a CMS that puts a session in guids
  IngestReport report = IngestOk(*archive, kUrl, MakeFeed(items), kNow + 60);
  CHECK(report.key_kind == KeyKind::kLink);
  CHECK(report.added == 0);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items") == 10);
  CHECK(Scalar(*archive, "SELECT key_kind FROM feeds") == 1);
}

TEST_CASE("one item whose id changed is recognised by its link without switching", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  std::vector<feed::Item> items;
  for (int i = 0; i < 40; ++i) items.push_back(MakeItem(i));
  IngestOk(*archive, kUrl, MakeFeed(items));
  items[5].id = "republished-5";
  IngestReport report = IngestOk(*archive, kUrl, MakeFeed(items), kNow + 60);
  CHECK(report.key_kind == KeyKind::kId);
  CHECK(report.added == 0);
  CHECK(Scalar(*archive, "SELECT count(*) FROM items WHERE item_key = 'republished-5'") == 1);
}

TEST_CASE("a feed whose links are shared too falls back to content hashes", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  std::vector<feed::Item> items;
  for (int i = 0; i < 10; ++i) {
    items.push_back(MakeItem(i));
    items.back().id = "x";
    items.back().link = "https://news.example.org/";
  }
  IngestReport report = IngestOk(*archive, kUrl, MakeFeed(items));
  CHECK(report.key_kind == KeyKind::kHash);
  CHECK(report.added == 10);
  CHECK(IngestOk(*archive, kUrl, MakeFeed(items), kNow + 60).unchanged == 10);
}

TEST_CASE("a key repeated within one document is stored once", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  std::vector<feed::Item> items;
  for (int i = 0; i < 40; ++i) items.push_back(MakeItem(i));
  items.push_back(MakeItem(3));
  IngestReport report = IngestOk(*archive, kUrl, MakeFeed(items));
  CHECK(report.key_kind == KeyKind::kId);
  CHECK(report.added == 40);
  CHECK(report.duplicates == 1);
}

TEST_CASE("the same article in two feeds is one story", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  feed::Item original = MakeItem(7);
  original.link = "https://news.example.org/story/7";
  feed::Item syndicated = MakeItem(7);
  syndicated.id = "aggregator-7";
  syndicated.link = "http://WWW.news.example.org/story/7?utm_source=rss&utm_medium=feed";
  syndicated.title = "Aggregated: a different headline";
  IngestOk(*archive, kUrl, MakeFeed({original}));
  IngestOk(*archive, "https://aggregator.example.net/rss", MakeFeed({syndicated}));
  CHECK(Scalar(*archive, "SELECT count(*) FROM items") == 2);
  CHECK(Scalar(*archive, "SELECT count(DISTINCT story_id) FROM items") == 1);
  Result<ItemDetail> second = GetItem(*archive, 2);
  REQUIRE(second.ok());
  CHECK(second->same_story == std::vector<std::int64_t>{1});
}

TEST_CASE("identical text under different links is one story; short text is not", "[storage]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  feed::Item a = MakeItem(1);
  feed::Item b = MakeItem(1, "https://mirror.example.com");
  feed::Item short_a = MakeItem(2);
  short_a.title = "Update";
  short_a.content = "<p>Soon.</p>";
  feed::Item short_b = MakeItem(2, "https://mirror.example.com");
  short_b.title = "Update";
  short_b.content = "<p>Soon.</p>";
  IngestOk(*archive, kUrl, MakeFeed({a, short_a}));
  IngestOk(*archive, "https://mirror.example.com/feed", MakeFeed({b, short_b}));
  CHECK(Scalar(*archive, "SELECT count(DISTINCT story_id) FROM items") == 3);
}

}  // namespace
}  // namespace tidings::storage

namespace tidings::storage {
namespace {

TEST_CASE("the feed's next state is decided from what the ingest found, in one commit",
          "[storage]") {
  testing::TempDir dir;
  auto archive = testing::OpenArchive(dir.File("a.db"));
  feed::Feed doc = testing::MakeFeed({testing::MakeItem(1), testing::MakeItem(2)});
  FeedDocument in;
  in.feed_url = "https://news.example.org/feed.xml";
  in.poll.polled_at = testing::kNow;
  in.feed = &doc;
  int seen_added = -1;
  in.decide = [&](const IngestReport& report, PollState& poll) {
    seen_added = report.added;
    poll.next_poll = testing::kNow + 100 * report.added;
    poll.schedule = R"({"interval":200})";
  };
  REQUIRE(Ingest(*archive, in).ok());
  CHECK(seen_added == 2);
  Result<FeedInfo> info = GetFeed(*archive, in.feed_url);
  REQUIRE(info.ok());
  CHECK(info->next_poll == testing::kNow + 200);
  CHECK(info->schedule == R"({"interval":200})");
}

}  // namespace
}  // namespace tidings::storage
