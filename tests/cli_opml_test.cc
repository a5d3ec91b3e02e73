// tidings feeds import / export: OPML in and out of the config, as a user moving from another
// reader does it.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/process.h"

namespace {

using namespace std::chrono_literals;

struct OpmlFixture {
  OpmlFixture() {
    dir = std::filesystem::temp_directory_path() / ("tidings-opml-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "tidings.toml") << "[[feed]]\nurl = \"https://example.org/feed.xml\"\n"
                                        << "title = \"Example\"\ntags = [\"science\"]\n";
  }
  ~OpmlFixture() { std::filesystem::remove_all(dir); }

  // Runs tidings ARGS (followed by --config <the test's file> unless `with_config` is false).
  int Run(std::vector<std::string> args, bool with_config = true) {
    args.insert(args.begin(), TIDINGS_CLI);
    if (with_config) {
      args.push_back("--config");
      args.push_back((dir / "tidings.toml").string());
    }
    std::filesystem::remove(dir / "out");
    tidings::testing::ChildProcess child(args, {}, (dir / "out").string());
    return child.Wait(30s).value_or(-1);
  }
  std::string Out() const { return tidings::testing::ReadText((dir / "out").string()); }

  std::filesystem::path dir;
};

TEST_CASE("feeds import subscribes to new OPML feeds with their folders as tags", "[cli][opml]") {
  OpmlFixture fixture;
  std::ofstream(fixture.dir / "subs.opml")
      << "<opml version=\"2.0\"><body><outline text=\"Space\">"
         "<outline text=\"NASA\" xmlUrl=\"https://www.nasa.gov/rss/dyn/breaking_news.rss\"/>"
         "<outline text=\"Again\" xmlUrl=\"http://www.example.org/feed.xml#x\"/></outline>"
         "<outline text=\"Not http\" xmlUrl=\"gopher://x\"/></body></opml>";
  REQUIRE(fixture.Run({"feeds", "import", (fixture.dir / "subs.opml").string()}) == 0);
  CHECK(fixture.Out().find("1 feeds imported, 1 duplicates skipped, 1 without an http(s) URL") !=
        std::string::npos);
  REQUIRE(fixture.Run({"check-config", (fixture.dir / "tidings.toml").string()}, false) == 0);
  CHECK(fixture.Out().find("2 feeds") != std::string::npos);
  // --config, as every other command takes it, works too.
  REQUIRE(fixture.Run({"check-config", "--config", (fixture.dir / "tidings.toml").string()},
                      false) == 0);
  CHECK(fixture.Out().find("2 feeds") != std::string::npos);

  REQUIRE(fixture.Run({"feeds", "export"}) == 0);
  std::string opml = fixture.Out();
  CHECK(opml.find("xmlUrl=\"https://www.nasa.gov/rss/dyn/breaking_news.rss\"") !=
        std::string::npos);
  CHECK(opml.find("text=\"Example\"") != std::string::npos);
  CHECK(opml.find("category=\"science\"") != std::string::npos);
}

TEST_CASE("feeds import refuses a file that is not OPML and writes nothing", "[cli][opml]") {
  OpmlFixture fixture;
  std::ofstream(fixture.dir / "junk.opml") << "<html><body>hello</body></html>";
  CHECK(fixture.Run({"feeds", "import", (fixture.dir / "junk.opml").string()}) == 2);
  CHECK(fixture.Out().find("not an OPML file") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(fixture.dir / "conf.d"));
}

}  // namespace

namespace {

TEST_CASE("feeds remove deletes the feed's table and keeps the rest of the file", "[cli][opml]") {
  OpmlFixture fixture;
  std::ofstream(fixture.dir / "tidings.toml")
      << "# my feeds\n[[feed]]\nurl = \"https://a.example.org/feed\"\ntags = [\"x\"]\n\n"
         "# the second one\n[[feed]]\nurl = \"https://b.example.org/feed\"\n";
  REQUIRE(fixture.Run({"feeds", "remove", "https://a.example.org/feed"}) == 0);
  std::string text = tidings::testing::ReadText((fixture.dir / "tidings.toml").string());
  CHECK(text == "# my feeds\n\n# the second one\n[[feed]]\nurl = \"https://b.example.org/feed\"\n");
  CHECK(fixture.Run({"feeds", "remove", "https://nowhere.example.org/"}) == 1);
  CHECK(fixture.Out().find("is not in the config") != std::string::npos);
}

}  // namespace
