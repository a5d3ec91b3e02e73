// Topic scores, topic feedback and the matched-items query digests read.
#include <catch2/catch.hpp>
#include <utility>
#include <vector>

#include "storage/ingest.h"
#include "storage/items.h"
#include "storage/topics.h"
#include "storage_fixtures.h"

namespace tidings::storage {
namespace {

using testing::IngestOk;
using testing::kNow;
using testing::MakeFeed;
using testing::MakeItem;
using testing::OpenArchive;
using testing::TempDir;

TopicScoreRow Row(const std::string& topic, double score, bool matched,
                  std::vector<std::string> why = {}) {
  return {topic, score, matched, std::move(why)};
}

TEST_CASE("topic scores are stored per item and topic, and replaced when rescored",
          "[storage][topics]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, "https://a.example/feed", MakeFeed({MakeItem(1)}));
  REQUIRE(
      StoreTopicScores(*archive, 1, {Row("sci-tech", 0.9, true, {"model 0.90: +quantum"})}, kNow)
          .ok());
  REQUIRE(StoreTopicScores(*archive, 1, {Row("space", 0.1, false)}, kNow).ok());
  REQUIRE(StoreTopicScores(*archive, 1, {Row("sci-tech", 0.4, false, {"rescored"})}, kNow).ok());
  Result<std::vector<TopicScoreRow>> rows = GetTopicScores(*archive, 1);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].topic == "sci-tech");
  CHECK((*rows)[0].score == Approx(0.4));
  CHECK_FALSE((*rows)[0].matched);
  CHECK((*rows)[0].why == std::vector<std::string>{"rescored"});
  CHECK((*rows)[1].topic == "space");
  CHECK(StoreTopicScores(*archive, 99, {Row("x", 1, true)}, kNow).code() == StatusCode::kNotFound);
}

TEST_CASE("a topic label keeps the item's text even after the item is gone", "[storage][topics]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, "https://a.example/feed", MakeFeed({MakeItem(1), MakeItem(2)}));
  REQUIRE(SetTopicLabel(*archive, 1, "sci-tech", true, kNow).ok());
  REQUIRE(SetTopicLabel(*archive, 2, "sci-tech", true, kNow).ok());
  REQUIRE(SetTopicLabel(*archive, 2, "sci-tech", false, kNow + 1).ok());  // changed their mind
  CHECK(SetTopicLabel(*archive, 7, "sci-tech", true, kNow).code() == StatusCode::kNotFound);
  CHECK(SetTopicLabel(*archive, 1, "", true, kNow).code() == StatusCode::kInvalid);
  archive->connection().db().exec("DELETE FROM items WHERE id = 1");
  Result<std::vector<TopicLabel>> labels = ListTopicLabels(*archive, "sci-tech");
  REQUIRE(labels.ok());
  REQUIRE(labels->size() == 2);
  CHECK((*labels)[0].relevant);
  CHECK((*labels)[0].title == "Story number 1 about quantum computers");
  CHECK((*labels)[0].text.find("superconducting processor") != std::string::npos);
  CHECK_FALSE((*labels)[1].relevant);
  CHECK(ListTopicLabels(*archive, "other")->empty());
}

TEST_CASE("matched items come best first, once each, within the window and topics",
          "[storage][topics]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, "https://a.example/feed",
           MakeFeed({MakeItem(1), MakeItem(2), MakeItem(3), MakeItem(4)}, "Alpha"));
  REQUIRE(
      StoreTopicScores(*archive, 1, {Row("ai", 0.7, true), Row("space", 0.95, true)}, kNow).ok());
  REQUIRE(StoreTopicScores(*archive, 2, {Row("ai", 0.8, true, {"rule"})}, kNow).ok());
  REQUIRE(StoreTopicScores(*archive, 3, {Row("ai", 0.3, false)}, kNow).ok());
  REQUIRE(StoreTopicScores(*archive, 4, {Row("space", 0.6, true)}, kNow).ok());

  MatchedFilter all;
  Result<std::vector<MatchedItem>> items = ListMatched(*archive, all);
  REQUIRE(items.ok());
  REQUIRE(items->size() == 3);  // item 3 did not match; item 1 appears once
  CHECK((*items)[0].id == 1);
  CHECK((*items)[0].topic == "space");
  CHECK((*items)[0].feed_title == "Alpha");
  CHECK((*items)[0].text.find("superconducting") != std::string::npos);
  CHECK((*items)[1].id == 2);
  CHECK((*items)[1].why == std::vector<std::string>{"rule"});
  CHECK((*items)[2].id == 4);

  MatchedFilter ai;
  ai.topics = {"ai"};
  CHECK(ListMatched(*archive, ai)->size() == 2);
  MatchedFilter window;
  window.since = 1'790'000'002;  // MakeItem(n) is published at 1'790'000'000 + n
  window.until = 1'790'000'004;
  items = ListMatched(*archive, window);
  REQUIRE(items->size() == 1);
  CHECK((*items)[0].id == 2);
  MatchedFilter one;
  one.limit = 1;
  CHECK(ListMatched(*archive, one)->size() == 1);
}

TEST_CASE("topic counts: scored, matched, matched since a time, newest match, labels",
          "[storage][topics]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, "https://a.example/feed",
           MakeFeed({MakeItem(1), MakeItem(2), MakeItem(3), MakeItem(4)}));
  REQUIRE(
      StoreTopicScores(*archive, 1, {Row("ai", 0.7, true), Row("space", 0.2, false)}, kNow).ok());
  REQUIRE(StoreTopicScores(*archive, 3, {Row("ai", 0.8, true)}, kNow).ok());
  REQUIRE(StoreTopicScores(*archive, 4, {Row("ai", 0.1, false)}, kNow).ok());
  REQUIRE(SetTopicLabel(*archive, 2, "robots", true, kNow).ok());  // labelled, never scored
  REQUIRE(SetTopicLabel(*archive, 4, "ai", false, kNow).ok());

  // MakeItem(n) is published at 1'790'000'000 + n: since ...002 leaves out item 1.
  Result<std::vector<TopicCounts>> counts = CountTopics(*archive, 1'790'000'002);
  REQUIRE(counts.ok());
  REQUIRE(counts->size() == 3);  // by name
  const TopicCounts& ai = (*counts)[0];
  CHECK(ai.topic == "ai");
  CHECK(ai.scored == 3);
  CHECK(ai.matched == 2);
  CHECK(ai.matched_since == 1);
  CHECK(ai.newest_match == std::optional<std::int64_t>(1'790'000'003));
  CHECK(ai.relevant_labels == 0);
  CHECK(ai.irrelevant_labels == 1);
  const TopicCounts& robots = (*counts)[1];
  CHECK(robots.topic == "robots");
  CHECK(robots.scored == 0);
  CHECK_FALSE(robots.newest_match.has_value());
  CHECK(robots.relevant_labels == 1);
  const TopicCounts& space = (*counts)[2];
  CHECK(space.topic == "space");
  CHECK(space.scored == 1);
  CHECK(space.matched == 0);
  CHECK_FALSE(space.newest_match.has_value());
}

TEST_CASE("ingest stores topic scores for the items it adds or changes, not for unchanged ones",
          "[storage][topics]") {
  testing::TempDir dir;
  auto archive = testing::OpenArchive(dir.File("a.db"));
  feed::Feed doc = testing::MakeFeed({testing::MakeItem(1), testing::MakeItem(2)});
  std::vector<std::vector<TopicScoreRow>> scores = {{Row("ai", 0.9, true)},
                                                    {Row("ai", 0.2, false)}};
  FeedDocument first;
  first.feed_url = "https://a.example/feed";
  first.poll.polled_at = testing::kNow;
  first.feed = &doc;
  first.topic_scores = &scores;
  Result<IngestReport> report = Ingest(*archive, first);
  REQUIRE(report.ok());
  REQUIRE(report->written.size() == 2);
  CHECK(report->written[0].added);
  CHECK(report->written[1].index == 1);
  CHECK(GetTopicScores(*archive, report->written[0].id)->at(0).matched);

  // Item 2 changes, item 1 does not: only item 2 is rescored.
  doc.items[1].title = "A new title for story two";
  scores = {{Row("ai", 0.1, false)}, {Row("ai", 0.95, true)}};
  first.poll.polled_at = testing::kNow + 60;
  report = Ingest(*archive, first);
  REQUIRE(report.ok());
  REQUIRE(report->written.size() == 1);
  CHECK_FALSE(report->written[0].added);
  CHECK(GetTopicScores(*archive, 1)->at(0).score == Approx(0.9));
  CHECK(GetTopicScores(*archive, 2)->at(0).score == Approx(0.95));
}

// `tidings topics test --apply` re-scores a long export a page at a time, storing each page's
// scores between pages: `after` must go on exactly where a page stopped, items of the same time
// included.
TEST_CASE("an export goes on after a given (time, id), in its order, skipping nothing",
          "[storage][topics]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  std::vector<feed::Item> items;
  for (int n = 1; n <= 9; ++n) {
    feed::Item item = testing::MakeItem(n);
    item.published = 1'790'000'000 + (n - 1) / 3;  // three items at each of three times
    items.push_back(std::move(item));
  }
  IngestOk(*archive, "https://a.example/feed", MakeFeed(std::move(items)));

  ItemFilter filter;
  filter.limit = 0;
  std::vector<std::int64_t> all, paged;
  std::vector<std::pair<std::int64_t, std::int64_t>> keys;
  REQUIRE(ExportItems(*archive, filter, [&](const ItemDetail& item) {
            all.push_back(item.id);
            keys.emplace_back(item.item_time, item.id);
            return Status::Ok();
          }).ok());
  REQUIRE(all.size() == 9);
  // Pages of two: the second item of each page is the next page's `after`, within a time too.
  // At most 6 pages: 9 items in pages of two end at the fifth (one item); an `after` that were
  // ignored would page forever.
  for (int pages = 0; pages < 6; ++pages) {
    std::size_t seen = 0;
    const Status page = ExportItems(*archive, filter, [&](const ItemDetail& item) {
      paged.push_back(item.id);
      if (++seen < 2) return Status::Ok();
      filter.after = {item.item_time, item.id};
      return Status(StatusCode::kCancelled, "page full");
    });
    CHECK(page.code() == (seen == 2 ? StatusCode::kCancelled : StatusCode::kOk));
    if (seen < 2) break;
  }
  CHECK(paged == all);
  filter.after = keys[4];
  std::vector<std::int64_t> rest;
  REQUIRE(ExportItems(*archive, filter, [&](const ItemDetail& item) {
            rest.push_back(item.id);
            return Status::Ok();
          }).ok());
  CHECK(rest == std::vector<std::int64_t>(all.begin() + 5, all.end()));
}

}  // namespace
}  // namespace tidings::storage
