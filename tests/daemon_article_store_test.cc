// The article fetcher's parts that need no network: which items are candidates, what one attempt
// records, noarchive detection and the retry schedule.
#include <catch2/catch.hpp>

#include "daemon/article_page.h"
#include "storage/articles.h"
#include "storage/items.h"
#include "storage/topics.h"
#include "storage_fixtures.h"

namespace tidings {
namespace {

using storage::testing::IngestOk;
using storage::testing::kNow;
using storage::testing::MakeFeed;
using storage::testing::MakeItem;
using storage::testing::OpenArchive;
using storage::testing::Scalar;
using storage::testing::TempDir;

feed::Item RecentItem(int n) {
  feed::Item item = MakeItem(n);
  item.published = kNow - 3600;
  return item;
}

storage::ArticleRecord Outcome(std::int64_t item_id, const std::string& outcome,
                               std::optional<std::int64_t> next_attempt = std::nullopt) {
  storage::ArticleRecord record;
  record.item_id = item_id;
  record.outcome = outcome;
  record.next_attempt = next_attempt;
  return record;
}

std::vector<std::int64_t> CandidateIds(storage::Archive& archive,
                                       const storage::CandidateQuery& query) {
  auto candidates = storage::ListArticleCandidates(archive, query);
  INFO(candidates.status().ToString());
  REQUIRE(candidates.ok());
  std::vector<std::int64_t> ids;
  for (const storage::ArticleCandidate& c : *candidates) ids.push_back(c.item_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_CASE("article candidates follow each feed's policy, the window and the articles rows",
          "[daemon][articles]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, "https://all.example/feed", MakeFeed({RecentItem(1), RecentItem(2)}));
  feed::Item old = MakeItem(3);
  old.published = kNow - 30 * 86400;  // dated long ago
  IngestOk(*archive, "https://all.example/feed", MakeFeed({old}));
  IngestOk(*archive, "https://matched.example/feed", MakeFeed({RecentItem(4), RecentItem(5)}));
  IngestOk(*archive, "https://none.example/feed", MakeFeed({RecentItem(6)}));
  // Items 1-2, 3, 4-5 and 6 got ids 1..6; item 4 matched a topic, item 5 did not.
  REQUIRE(storage::StoreTopicScores(*archive, 4, {{"space", 0.9, true, {}}}, kNow).ok());
  REQUIRE(storage::StoreTopicScores(*archive, 5, {{"space", 0.1, false, {}}}, kNow).ok());

  storage::CandidateQuery query;
  query.all_feeds = {1};
  query.matched_feeds = {2};
  query.now = kNow;
  CHECK(CandidateIds(*archive, query) == std::vector<std::int64_t>{1, 2, 4});
  query.limit = 1;
  CHECK(CandidateIds(*archive, query) == std::vector<std::int64_t>{4});  // newest first

  // A recorded outcome takes an item out, until its retry is due.
  query.limit = 100;
  storage::ArticleRecord done = Outcome(1, "article");
  done.full_text = "Text.";
  REQUIRE(storage::RecordArticle(*archive, done, kNow).ok());
  storage::ArticleRecord wall = Outcome(2, "consent_wall", kNow + 60);
  REQUIRE(storage::RecordArticle(*archive, wall, kNow).ok());
  CHECK(CandidateIds(*archive, query) == std::vector<std::int64_t>{4});
  query.now = kNow + 60;
  auto due = storage::ListArticleCandidates(*archive, query);
  REQUIRE(due.ok());
  REQUIRE(due->size() == 2);
  CHECK(due->front().item_id == 2);  // retries come first
  CHECK(due->front().attempts == 1);
  CHECK(due->front().link == "https://news.example.org/story/2");

  query.all_feeds.clear();
  query.matched_feeds.clear();
  CHECK(CandidateIds(*archive, query).empty());
}

TEST_CASE(
    "recording an article stores the text searchable, the page compressed, and counts "
    "failures per feed",
    "[daemon][articles]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(*archive, "https://e.example/feed", MakeFeed({RecentItem(1), RecentItem(2)}));
  const std::string body = "<html><body>" + std::string(20000, 'x') + "</body></html>";

  storage::ArticleRecord wall = Outcome(1, "paywall", kNow + 3600);
  REQUIRE(storage::RecordArticle(*archive, wall, kNow).ok());
  REQUIRE(storage::RecordArticle(*archive, wall, kNow).ok());
  CHECK(Scalar(*archive, "SELECT article_failures FROM feeds") == 2);
  storage::ArticleRecord denied = Outcome(2, "robots_denied");
  REQUIRE(storage::RecordArticle(*archive, denied, kNow).ok());
  CHECK(Scalar(*archive, "SELECT article_failures FROM feeds") == 2);  // not a failure

  storage::ArticleRecord article = Outcome(1, "article");
  article.final_url = "https://e.example/a";
  article.canonical_url = "https://e.example/a-canonical";
  article.html = "<p>Zeugma</p>";
  article.metadata_json = R"({"byline":"Ada"})";
  article.full_text = "A rare word: zeugma.";
  article.page = storage::RawPage{"https://e.example/a", "text/html", body};
  REQUIRE(storage::RecordArticle(*archive, article, kNow + 10).ok());
  CHECK(Scalar(*archive, "SELECT article_failures FROM feeds") == 0);
  CHECK(storage::testing::SearchIds(*archive, "zeugma") == std::vector<std::int64_t>{1});

  auto info = storage::GetArticle(*archive, 1);
  REQUIRE(info.ok());
  CHECK(info->outcome == "article");
  CHECK(info->attempts == 3);
  CHECK_FALSE(info->next_attempt);
  CHECK(info->canonical_url == "https://e.example/a-canonical");
  CHECK(info->metadata_json == R"({"byline":"Ada"})");
  auto detail = storage::GetItem(*archive, 1);
  REQUIRE(detail.ok());
  REQUIRE(detail->article);
  CHECK(detail->article->html == "<p>Zeugma</p>");
  CHECK(detail->full_text == "A rare word: zeugma.");

  // Stored compressed, read back whole.
  CHECK(Scalar(*archive, "SELECT length(body) FROM pages WHERE item_id = 1") <
        static_cast<std::int64_t>(body.size()) / 10);
  auto page = storage::GetPage(*archive, 1);
  REQUIRE(page.ok());
  CHECK(page->body == body);
  CHECK(page->content_type == "text/html");
  CHECK(storage::GetPage(*archive, 2).status().code() == StatusCode::kNotFound);
  CHECK(storage::GetArticle(*archive, 99).status().code() == StatusCode::kNotFound);
  CHECK(storage::RecordArticle(*archive, Outcome(99, "article"), kNow).code() ==
        StatusCode::kNotFound);
}

TEST_CASE("noarchive is found in X-Robots-Tag and meta robots, for us or for every bot",
          "[daemon][articles]") {
  using daemon::HeaderSaysNoArchive;
  using daemon::MetaSaysNoArchive;
  CHECK(HeaderSaysNoArchive("noarchive"));
  CHECK(HeaderSaysNoArchive("noindex, NoArchive"));
  CHECK(HeaderSaysNoArchive("tidings: noarchive"));
  CHECK(HeaderSaysNoArchive("googlebot: noindex\nnoarchive"));
  CHECK_FALSE(HeaderSaysNoArchive("googlebot: noarchive"));
  CHECK_FALSE(HeaderSaysNoArchive("unavailable_after: 25 Jun 2010 15:00:00 PST"));
  CHECK_FALSE(HeaderSaysNoArchive("noindex, nofollow"));

  CHECK(MetaSaysNoArchive("<html><head><META NAME=robots CONTENT='noindex,noarchive'>"));
  CHECK(MetaSaysNoArchive("<meta content=\"noarchive\" name=\"tidings\"/>"));
  CHECK_FALSE(MetaSaysNoArchive("<meta name=\"googlebot\" content=\"noarchive\">"));
  CHECK_FALSE(MetaSaysNoArchive("<meta name=\"robots\" content=\"noindex\">"));
  CHECK_FALSE(MetaSaysNoArchive("<head></head><body><meta name=robots content=noarchive>"));
  CHECK_FALSE(MetaSaysNoArchive("<metadata name=robots content=noarchive>"));
  CHECK_FALSE(MetaSaysNoArchive("<meta name=\"robots\" content=\"noarch"));  // cut short
  CHECK_FALSE(MetaSaysNoArchive(""));
}

TEST_CASE("what a fetch and an extraction come to, and when to try again", "[daemon][articles]") {
  using daemon::FetchOutcome;
  using daemon::RetryTime;
  CHECK(RetryTime(kNow, 1) == kNow + 3600);
  CHECK(RetryTime(kNow, 2) == kNow + 4 * 3600);
  CHECK(RetryTime(kNow, 3) == kNow + 16 * 3600);
  CHECK_FALSE(RetryTime(kNow, 4));

  fetch::FetchResult ok;
  ok.http_status = 200;
  CHECK_FALSE(FetchOutcome(ok, kNow, 1));
  fetch::FetchResult gone = ok;
  gone.http_status = 404;
  auto record = FetchOutcome(gone, kNow, 1);
  REQUIRE(record);
  CHECK(record->outcome == "http_error");
  CHECK_FALSE(record->next_attempt);
  fetch::FetchResult busy = ok;
  busy.http_status = 503;
  CHECK(FetchOutcome(busy, kNow, 1)->next_attempt == kNow + 3600);
  fetch::FetchResult large;
  large.status = TooLargeError("too large");
  CHECK(FetchOutcome(large, kNow, 1)->outcome == "too_large");
  fetch::FetchResult down;
  down.status = IOError("refused");
  CHECK(FetchOutcome(down, kNow, 2)->outcome == "fetch_error");
  CHECK(FetchOutcome(down, kNow, 2)->next_attempt == kNow + 4 * 3600);

  extract::Article wall;
  wall.kind = extract::PageKind::kConsentWall;
  auto walled = daemon::ExtractOutcome(wall, ok, kNow, 1);
  CHECK(walled.outcome == "consent_wall");
  CHECK(walled.next_attempt == kNow + 3600);
  CHECK_FALSE(walled.full_text);
  extract::Article article;
  article.text = "Body.";
  article.metadata.title = "T";
  auto good = daemon::ExtractOutcome(article, ok, kNow, 1);
  CHECK(good.outcome == "article");
  CHECK(good.full_text == "Body.");
  CHECK(good.page);
  CHECK(good.metadata_json == R"({"title":"T"})");
  article.text = "  \n";
  CHECK(daemon::ExtractOutcome(article, ok, kNow, 1).outcome == "no_content");
}

}  // namespace
}  // namespace tidings
