// `tidings poll` end to end: the real CLI, a real local HTTP server, a real archive. What a user
// of cron or a script sees for the cases the poller must handle.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "storage/archive.h"
#include "storage/feeds.h"
#include "support/http_test_server.h"
#include "support/process.h"

namespace tidings {
namespace {

using namespace std::chrono_literals;
using testing::HttpRequest;
using testing::HttpResponse;
using testing::HttpTestServer;

HttpResponse Answer(int status, std::string body,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

const std::string kRss =
    "<rss version=\"2.0\"><channel><title>T</title><item><guid>1</guid><title>One</title></item>"
    "<item><guid>2</guid><title>Two</title></item></channel></rss>";

class PollFixture {
 public:
  explicit PollFixture(bool allow_private = true) {
    dir_ = std::filesystem::temp_directory_path() / ("tidings-poll-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    allow_private_ = allow_private;
  }
  ~PollFixture() { std::filesystem::remove_all(dir_); }

  void Feeds(const std::vector<std::string>& urls) {
    std::ofstream out((dir_ / "t.toml").string());
    out << "[daemon]\nstate_directory = \"" << (dir_ / "state").string() << "\"\n"
        << "[fetch]\nper_host_spacing_ms = 0\nallow_private_networks = "
        << (allow_private_ ? "true" : "false") << "\n";
    for (const std::string& url : urls) out << "[[feed]]\nurl = \"" << url << "\"\n";
  }

  // Runs `tidings poll --all`; returns its exit status, output in out()/log().
  int Poll() {
    std::filesystem::remove(dir_ / "log");
    testing::ChildProcess child(
        {TIDINGS_CLI, "poll", "--all", "--config", (dir_ / "t.toml").string()}, {"JOURNAL_STREAM="},
        (dir_ / "log").string());
    return child.Wait(60s).value_or(-1);
  }
  std::string log() const { return testing::ReadText((dir_ / "log").string()); }

  storage::FeedInfo Feed(const std::string& url) {
    auto archive =
        storage::Archive::Open((dir_ / "state/archive.db").string(), storage::OpenMode::kReadOnly);
    REQUIRE(archive.ok());
    auto feed = storage::GetFeed(**archive, url);
    INFO(feed.status().ToString());
    REQUIRE(feed.ok());
    return *feed;
  }

 private:
  std::filesystem::path dir_;
  bool allow_private_ = true;
};

TEST_CASE("poll stores new items, then sends the ETag and costs a 304", "[daemon][poll]") {
  HttpTestServer server;
  server.Route("/feed", [](const HttpRequest& request) {
    if (request.Header("if-none-match") == "\"v1\"") return Answer(304, "");
    return Answer(200, kRss, {{"ETag", "\"v1\""}});
  });
  PollFixture fixture;
  fixture.Feeds({server.Url("/feed")});
  REQUIRE(fixture.Poll() == 0);
  CHECK(fixture.log().find("1 fetched, 0 not modified, 0 failed; 2 new items") !=
        std::string::npos);
  REQUIRE(fixture.Poll() == 0);
  CHECK(fixture.log().find("0 fetched, 1 not modified, 0 failed; 0 new items") !=
        std::string::npos);
  CHECK(fixture.Feed(server.Url("/feed")).item_count == 2);
}

TEST_CASE("a 301 moves the feed, a 302 does not", "[daemon][poll]") {
  HttpTestServer server;
  server.Route("/old", Answer(301, "", {{"Location", "/new"}}));
  server.Route("/temp", Answer(302, "", {{"Location", "/new"}}));
  server.Route("/new", Answer(200, kRss));
  PollFixture fixture;
  fixture.Feeds({server.Url("/old"), server.Url("/temp")});
  REQUIRE(fixture.Poll() == 0);
  CHECK(fixture.Feed(server.Url("/old")).fetch_url == server.Url("/new"));
  CHECK_FALSE(fixture.Feed(server.Url("/temp")).fetch_url);
  CHECK(fixture.log().find("moved permanently to " + server.Url("/new")) != std::string::npos);
  REQUIRE(fixture.Poll() == 0);
  CHECK(server.RequestCount("/old") == 1);  // the second round went straight to the new address
  CHECK(server.RequestCount("/temp") == 2);
}

TEST_CASE("410 Gone disables the feed and says so; HTML is not a feed", "[daemon][poll]") {
  HttpTestServer server;
  server.Route("/gone", Answer(410, "gone"));
  server.Route("/page", Answer(200,
                               "<!DOCTYPE html><html><head><title>Blog</title></head>"
                               "<body><p>Hello</p></body></html>",
                               {{"Content-Type", "text/html"}}));
  PollFixture fixture;
  fixture.Feeds({server.Url("/gone"), server.Url("/page")});
  CHECK(fixture.Poll() == 1);  // every feed failed
  CHECK(fixture.Feed(server.Url("/gone")).disabled_reason);
  CHECK(fixture.log().find("polling stopped") != std::string::npos);
  storage::FeedInfo page = fixture.Feed(server.Url("/page"));
  REQUIRE(page.last_error);
  CHECK(page.last_error->find("not a feed") != std::string::npos);
  CHECK_FALSE(page.disabled_reason);
  fixture.Poll();
  CHECK(server.RequestCount("/gone") == 1);  // not polled again
}

TEST_CASE("without allow_private_networks a loopback feed is refused, naming the address",
          "[daemon][poll]") {
  HttpTestServer server;
  server.Route("/feed", Answer(200, kRss));
  PollFixture fixture(/*allow_private=*/false);
  fixture.Feeds({server.Url("/feed")});
  CHECK(fixture.Poll() == 1);
  CHECK(server.RequestCount("/feed") == 0);
  storage::FeedInfo feed = fixture.Feed(server.Url("/feed"));
  REQUIRE(feed.last_error);
  CHECK(feed.last_error->find("127.0.0.1") != std::string::npos);
}

}  // namespace
}  // namespace tidings
