// tidings feeds add / check against a real local HTTP server, and the feed discovery they use.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "cli/feed_discovery.h"
#include "support/http_test_server.h"
#include "support/process.h"

namespace {

using namespace std::chrono_literals;
using tidings::testing::HttpResponse;
using tidings::testing::HttpTestServer;

TEST_CASE("discovery finds the alternate feed links of a page's head", "[cli][discovery]") {
  std::string html =
      "<!doctype html><HTML><head><LINK REL='alternate' TYPE='application/rss+xml' "
      "href='/feed.xml' title='Posts &amp; news'>"
      "<link rel=\"alternate feed\" type=\"application/atom+xml; charset=utf-8\" "
      "href=\"https://example.org/atom\">"
      "<link rel=\"stylesheet\" type=\"text/css\" href=\"/s.css\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"javascript:alert(1)\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\">"
      "</head><body><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/late\"></body>";
  auto feeds = tidings::cli::DiscoverFeeds(html, "https://example.org/blog/");
  REQUIRE(feeds.size() == 2);
  CHECK(feeds[0].url == "https://example.org/feed.xml");
  CHECK(feeds[0].title == "Posts & news");
  CHECK(feeds[1].url == "https://example.org/atom");
  CHECK(tidings::cli::DiscoverFeeds("<p>no head at all</p>", "https://x.org/").empty());
}

HttpResponse Answer(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

struct FeedsFixture {
  FeedsFixture() {
    dir = std::filesystem::temp_directory_path() / ("tidings-feeds-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "tidings.toml") << "[fetch]\nallow_private_networks = true\n";
  }
  ~FeedsFixture() { std::filesystem::remove_all(dir); }
  int Run(std::vector<std::string> args) {
    args.insert(args.begin(), TIDINGS_CLI);
    args.push_back("--config");
    args.push_back((dir / "tidings.toml").string());
    std::filesystem::remove(dir / "out");
    tidings::testing::ChildProcess child(args, {}, (dir / "out").string());
    return child.Wait(60s).value_or(-1);
  }
  std::string Out() const { return tidings::testing::ReadText((dir / "out").string()); }
  std::filesystem::path dir;
};

const std::string kRss =
    "<rss version=\"2.0\"><channel><title>T</title><item><guid>1</guid><title>One</title>"
    "<pubDate>Sat, 28 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>";

TEST_CASE("feeds add subscribes to the one feed a page announces", "[cli][feeds]") {
  HttpTestServer server;
  server.Route("/blog", Answer(200,
                               "<html><head><link rel=\"alternate\" type=\"application/"
                               "rss+xml\" href=\"/feed.xml\" title=\"Blog\"></head></html>"));
  server.Route("/feed.xml", Answer(200, kRss));
  FeedsFixture fixture;
  REQUIRE(fixture.Run({"feeds", "add", server.Url("/blog")}) == 0);
  CHECK(fixture.Out().find("subscribed to " + server.Url("/feed.xml")) != std::string::npos);
  REQUIRE(fixture.Run({"feeds", "add", server.Url("/feed.xml")}) == 0);
  CHECK(fixture.Out().find("already subscribed") != std::string::npos);
  REQUIRE(fixture.Run({"feeds", "check"}) == 0);
  CHECK(fixture.Out().find("ok       " + server.Url("/feed.xml") + ": 1 items") !=
        std::string::npos);
}

TEST_CASE("feeds check names what is wrong with each feed", "[cli][feeds]") {
  HttpTestServer server;
  server.Route("/html", Answer(200, "<!DOCTYPE html><html><body>no feed</body></html>"));
  FeedsFixture fixture;
  CHECK(fixture.Run({"feeds", "check", server.Url("/missing")}) == 1);
  CHECK(fixture.Out().find("broken   " + server.Url("/missing") + ": HTTP 404") !=
        std::string::npos);
  CHECK(fixture.Run({"feeds", "check", server.Url("/html")}) == 1);
  CHECK(fixture.Out().find("not a feed") != std::string::npos);
  CHECK(fixture.Run({"feeds", "add", server.Url("/html")}) == 1);
  CHECK(fixture.Out().find("announces no feed") != std::string::npos);
}

}  // namespace
