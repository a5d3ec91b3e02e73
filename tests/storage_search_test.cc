// Search through the archive: the query language end to end on a real FTS5 index, filters, CJK,
// and hostile input that must never reach FTS5 as syntax.
#include <catch2/catch.hpp>
#include <random>

#include "base/time.h"
#include "storage/search.h"
#include "storage/topics.h"
#include "storage/user_state.h"
#include "storage_fixtures.h"

namespace tidings::storage {
namespace {

using testing::IngestOk;
using testing::kNow;
using testing::MakeFeed;
using testing::OpenArchive;
using testing::SearchIds;
using testing::TempDir;

feed::Item Story(int n, const std::string& title, const std::string& text, std::int64_t time) {
  feed::Item item;
  item.id = "s" + std::to_string(n);
  item.link = "https://example.org/s/" + std::to_string(n);
  item.title = title;
  item.content = "<p>" + text + "</p>";
  item.published = time;
  return item;
}

// Items 1-6 in "Science Daily", 7 in "Tech Weekly".
std::unique_ptr<Archive> SampleArchive(const TempDir& dir) {
  auto archive = OpenArchive(dir.File("a.db"));
  IngestOk(
      *archive, "https://science.example.org/feed",
      MakeFeed(
          {Story(1, "Quantum computer breaks record", "Qubits stayed coherent.", kNow - 3600),
           Story(2, "New cancer drug approved", "The trial used a quantum dot marker.",
                 kNow - 10 * 86400),
           Story(3, "Robots learn to walk", "Legged robots trained in simulation.", kNow - 7200),
           Story(4, "Space station crew returns", "The capsule landed safely.", kNow - 60),
           Story(5, "量子计算机取得突破", "中国科学家发布新的超导量子处理器。", kNow - 100),
           Story(6, "Crypto mining uses quantum hype", "Tokens rose.", kNow - 50)},
          "Science Daily"));
  IngestOk(*archive, "https://tech.example.com/rss",
           MakeFeed({Story(7, "Robotics startup raises money", "Warehouse robot arms.", kNow - 30)},
                    "Tech Weekly"));
  return archive;
}

// since: and until: narrow the index by day tokens when the window is short, and by the exact
// time in every case: the edges fall inside days, and long windows take the other path.
TEST_CASE("time filters are exact to the second, short windows or long", "[storage][search]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  const std::int64_t noon = (kNow / 86400) * 86400 - 86400 + 12 * 3600;  // yesterday 12:00 UTC
  std::vector<feed::Item> items;
  const std::int64_t times[] = {noon - 1, noon, noon + 1, noon + 19 * 3600, noon - 90 * 86400};
  for (int i = 0; i < 5; ++i) items.push_back(Story(i + 1, "Lunar probe", "Orbit.", times[i]));
  IngestOk(*archive, "https://science.example.org/feed", MakeFeed(items));
  auto found = [&](const std::string& query) {
    std::vector<std::int64_t> ids = SearchIds(*archive, query);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  const std::string at_noon = FormatUtc(noon);
  CHECK(found("lunar since:" + at_noon) == std::vector<std::int64_t>{2, 3, 4});
  CHECK(found("lunar until:" + at_noon) == std::vector<std::int64_t>{1, 5});
  CHECK(found("lunar since:" + FormatUtc(noon - 1) + " until:" + FormatUtc(noon + 1)) ==
        std::vector<std::int64_t>{1, 2});
  CHECK(found("lunar since:7d") == std::vector<std::int64_t>{1, 2, 3, 4});
  CHECK(found("lunar since:365d") == std::vector<std::int64_t>{1, 2, 3, 4, 5});  // no day tokens
  CHECK(found("orbit since:1970-01-01") == std::vector<std::int64_t>{1, 2, 3, 4, 5});
}

// Ranking starts with the newest matches; a filter outside the index (topic:) that leaves fewer
// than a page among them makes the search rank more, back to the oldest item.
TEST_CASE("a filtered search reaches matches older than the first ranked ones",
          "[storage][search]") {
  TempDir dir;
  auto archive = OpenArchive(dir.File("a.db"));
  std::vector<feed::Item> items;
  for (int i = 1; i <= 1200; ++i) {
    items.push_back(Story(i, "Quantum note " + std::to_string(i), "Qubits.", kNow - 7200 + i));
  }
  IngestOk(*archive, "https://science.example.org/feed", MakeFeed(items));
  REQUIRE(StoreTopicScores(*archive, 3, {{"physics", 0.9, true, {}}}, kNow).ok());
  REQUIRE(StoreTopicScores(*archive, 1100, {{"physics", 0.8, true, {}}}, kNow).ok());
  std::vector<std::int64_t> found = SearchIds(*archive, "quantum topic:physics");
  std::sort(found.begin(), found.end());
  CHECK(found == std::vector<std::int64_t>{3, 1100});
  CHECK(SearchIds(*archive, "quantum").size() == 50);  // a page: the default limit
}

TEST_CASE("search finds words, phrases, alternatives and prefixes", "[storage][search]") {
  TempDir dir;
  auto archive = SampleArchive(dir);
  CHECK(SearchIds(*archive, "quantum computer") == std::vector<std::int64_t>{1});
  CHECK(SearchIds(*archive, "\"cancer drug\"") == std::vector<std::int64_t>{2});
  CHECK(SearchIds(*archive, "\"drug cancer\"").empty());
  std::vector<std::int64_t> either = SearchIds(*archive, "capsule OR qubits");
  std::sort(either.begin(), either.end());
  CHECK(either == std::vector<std::int64_t>{1, 4});
  std::vector<std::int64_t> robots = SearchIds(*archive, "robot*");
  std::sort(robots.begin(), robots.end());
  CHECK(robots == std::vector<std::int64_t>{3, 7});
}

TEST_CASE("search stems English words: robot finds robots", "[storage][search]") {
  TempDir dir;
  auto archive = SampleArchive(dir);
  std::vector<std::int64_t> ids = SearchIds(*archive, "robot");
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::int64_t>{3, 7});
}

TEST_CASE("search ranks title matches above text matches and excludes -words",
          "[storage][search]") {
  TempDir dir;
  auto archive = SampleArchive(dir);
  std::vector<std::int64_t> ids = SearchIds(*archive, "quantum");
  REQUIRE(ids.size() == 3);
  CHECK(ids.back() == 2);  // only in the text
  std::vector<std::int64_t> without = SearchIds(*archive, "quantum -crypto");
  std::sort(without.begin(), without.end());
  CHECK(without == std::vector<std::int64_t>{1, 2});
  CHECK(SearchIds(*archive, "title:quantum -crypto") == std::vector<std::int64_t>{1});
}

TEST_CASE("search filters by feed, time, star and combines with the request", "[storage][search]") {
  TempDir dir;
  auto archive = SampleArchive(dir);
  CHECK(SearchIds(*archive, "robots feed:\"Tech Weekly\"") == std::vector<std::int64_t>{7});
  // The feed filter runs inside the index (a token per feed); the user's words never reach it.
  CHECK(SearchIds(*archive, "f1").empty());
  CHECK(SearchIds(*archive, "fts_filter").empty());
  CHECK(SearchIds(*archive, "fd" + std::to_string(kNow / 86400)).empty());  // a day token
  CHECK(SearchIds(*archive, "quantum since:2d").size() == 2);
  CHECK(SearchIds(*archive, "quantum until:2d") == std::vector<std::int64_t>{2});
  REQUIRE(SetStarred(*archive, 3, true, kNow).ok());
  SearchRequest request;
  request.query = "robots";
  request.filter.starred_only = true;
  Result<std::vector<SearchHit>> hits = Search(*archive, request, kNow);
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  CHECK(hits->front().item.id == 3);
  CHECK(hits->front().snippet.find("[Robots]") != std::string::npos);
}

TEST_CASE("a feed filter that matches no feed is a clear error", "[storage][search]") {
  TempDir dir;
  auto archive = SampleArchive(dir);
  SearchRequest request;
  request.query = "robots feed:nonexistent";
  Result<std::vector<SearchHit>> hits = Search(*archive, request, kNow);
  REQUIRE_FALSE(hits.ok());
  CHECK(hits.status().code() == StatusCode::kNotFound);
  CHECK(hits.status().message() == "no feed matches \"nonexistent\"");
}

TEST_CASE("Chinese is found by the words a user types", "[storage][search][cjk]") {
  TempDir dir;
  auto archive = SampleArchive(dir);
  CHECK(SearchIds(*archive, "量子") == std::vector<std::int64_t>{5});
  CHECK(SearchIds(*archive, "计算机") == std::vector<std::int64_t>{5});
  CHECK(SearchIds(*archive, "超导量子处理器") == std::vector<std::int64_t>{5});
  CHECK(SearchIds(*archive, "计算量子").empty());
  CHECK(SearchIds(*archive, "器") == std::vector<std::int64_t>{5});  // one character, run's end
  CHECK(SearchIds(*archive, "导") == std::vector<std::int64_t>{5});
}

TEST_CASE("hostile queries are refused or run, never an SQL or FTS5 error", "[storage][search]") {
  TempDir dir;
  auto archive = SampleArchive(dir);
  const std::vector<std::string> hostile = {"NEAR(quantum robots, 2)",
                                            "title:a) OR (b",
                                            "\"unclosed",
                                            "quantum\" OR \"x",
                                            "* OR *",
                                            "{title text}: quantum",
                                            "^quantum",
                                            "-",
                                            "a AND",
                                            "''; DROP TABLE items; --",
                                            "quantum:*",
                                            "\x01\x02",
                                            "\xff\xfe",
                                            "title:",
                                            "OR",
                                            "NOT quantum",
                                            "(((("};
  for (const std::string& query : hostile) {
    SearchRequest request;
    request.query = query;
    Result<std::vector<SearchHit>> hits = Search(*archive, request, kNow);
    INFO(query << " -> " << hits.status().ToString());
    CHECK((hits.ok() || hits.status().code() == StatusCode::kInvalid));
    if (!hits.ok()) CHECK(hits.status().message().find("cannot run") == std::string::npos);
  }
}

TEST_CASE("random byte queries never produce an FTS5 error", "[storage][search]") {
  TempDir dir;
  auto archive = SampleArchive(dir);
  std::mt19937 random(7);
  const std::string alphabet = "ab \"*-():^{}ORNOTAND量子\\'";
  for (int i = 0; i < 500; ++i) {
    std::string query;
    int length = 1 + static_cast<int>(random() % 24);
    for (int j = 0; j < length; ++j) query += alphabet[random() % alphabet.size()];
    SearchRequest request;
    request.query = query;
    Result<std::vector<SearchHit>> hits = Search(*archive, request, kNow);
    INFO(query << " -> " << hits.status().ToString());
    CHECK((hits.ok() || hits.status().code() == StatusCode::kInvalid));
    if (!hits.ok()) CHECK(hits.status().message().find("cannot run") == std::string::npos);
  }
}

}  // namespace
}  // namespace tidings::storage
