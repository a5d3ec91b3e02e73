// Topic matching end to end: a real poll scores every new item against the built-in sci-tech
// topic and a configured one; `tidings items --topic`, `why`, `mark` and `topics test` read and
// change what was stored.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/http_test_server.h"
#include "support/process.h"

namespace tidings {
namespace {

using namespace std::chrono_literals;
using testing::HttpResponse;
using testing::HttpTestServer;

// Two science and technology stories, two that are not; written for this test (not from the
// training data).
const std::string kFeed = R"(<rss version="2.0"><channel><title>Mixed news</title>
<item><guid>ai</guid><title>New AI model beats doctors at reading chest X-rays</title>
<description>Researchers trained a neural network on millions of scans; the software found
tumours earlier than radiologists in a clinical trial.</description></item>
<item><guid>robot</guid><title>Warehouse robots learn to pick fragile parcels</title>
<description>An engineering team built a robot arm with soft grippers and machine learning
software that handles eggs and glass.</description></item>
<item><guid>football</guid><title>United win the derby with a late penalty</title>
<description>The striker scored in the 90th minute as the home side climbed to second place in
the league table.</description></item>
<item><guid>oil</guid><title>Oil prices climb as OPEC cuts output</title>
<description>Crude futures rose three percent on Monday after producers agreed to reduce
supply, lifting energy shares.</description></item>
</channel></rss>)";

class TopicFixture {
 public:
  TopicFixture() {
    dir_ = std::filesystem::temp_directory_path() / ("tidings-topics-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~TopicFixture() { std::filesystem::remove_all(dir_); }

  void Config(const std::string& feed_url) {
    std::ofstream out(Path("t.toml"));
    out << "[daemon]\nstate_directory = \"" << Path("state") << "\"\n"
        << "[fetch]\nper_host_spacing_ms = 0\nallow_private_networks = true\n"
        << "[[feed]]\nurl = \"" << feed_url << "\"\n"
        << "[[topic]]\nname = \"robots\"\nrules = [{ match = 'robot*', weight = 6 }]\n";
  }

  // Runs the CLI with `args` and the test's config; returns the exit status, output in out().
  int Run(std::vector<std::string> args) {
    std::filesystem::remove(Path("out"));
    args.insert(args.begin(), TIDINGS_CLI);
    args.push_back("--config");
    args.push_back(Path("t.toml"));
    testing::ChildProcess child(args, {"JOURNAL_STREAM="}, Path("out"));
    return child.Wait(60s).value_or(-1);
  }
  std::string out() const { return testing::ReadText(Path("out")); }

  // The titles `tidings items --topic T --json` lists.
  std::vector<std::string> Titles(const std::string& topic) {
    REQUIRE(Run({"items", "--topic", topic, "--json"}) == 0);
    std::vector<std::string> titles;
    nlohmann::json items = nlohmann::json::parse(out(), nullptr, false);
    REQUIRE(items.is_array());
    for (const nlohmann::json& item : items) titles.push_back(item.value("title", ""));
    std::sort(titles.begin(), titles.end());
    return titles;
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

TEST_CASE("polled items are scored against every topic and the scores explain themselves",
          "[daemon][topics]") {
  HttpTestServer server;
  HttpResponse feed;
  feed.body = kFeed;
  server.Route("/feed", feed);
  TopicFixture fixture;
  fixture.Config(server.Url("/feed"));
  REQUIRE(fixture.Run({"poll", "--all"}) == 0);

  CHECK(fixture.Titles("sci-tech") ==
        std::vector<std::string>{"New AI model beats doctors at reading chest X-rays",
                                 "Warehouse robots learn to pick fragile parcels"});
  CHECK(fixture.Titles("robots") ==
        std::vector<std::string>{"Warehouse robots learn to pick fragile parcels"});

  REQUIRE(fixture.Run({"why", "2"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("robots: ") && Catch::Contains("robot*") &&
                                Catch::Contains("sci-tech: "));

  // Feedback: the football story marked relevant to "robots" is stored and listed by `topics
  // test`, which re-scores with the labels as examples.
  REQUIRE(fixture.Run({"mark", "3", "--topic", "robots", "--relevant"}) == 0);
  CHECK(fixture.Run({"mark", "3", "--topic", "robots"}) == 2);               // neither flag
  CHECK(fixture.Run({"mark", "3", "--topic", "robot", "--relevant"}) == 2);  // a typo
  CHECK_THAT(fixture.out(), Catch::Contains("no topic robot in the config"));
  REQUIRE(fixture.Run({"topics", "test", "robots", "--since", "3650d"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("4 items since 3650d re-scored for robots") &&
                                Catch::Contains("dry run") &&
                                Catch::Contains("United win the derby"));
  REQUIRE(fixture.Run({"topics", "test", "robots", "--since", "3650d", "--apply"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("(applied)"));
  REQUIRE(fixture.Run({"topics", "test", "robots", "--since", "3650d"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("0 scores change"));
}

}  // namespace
}  // namespace tidings
