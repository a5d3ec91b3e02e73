// Topic matching end to end: a real poll scores every new item against the built-in sci-tech
// topic and a configured one; `tidings items --topic`, `why`, `mark` and `topics test` read and
// change what was stored.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "storage/topics.h"
#include "storage_fixtures.h"
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

  // `robots_model` is the "robots" topic's model file, if it has one.
  void Config(const std::string& feed_url, const std::string& robots_model = "",
              int robots_weight = 6) {
    std::ofstream out(Path("t.toml"));
    out << "[daemon]\nstate_directory = \"" << Path("state") << "\"\n"
        << "[fetch]\nper_host_spacing_ms = 0\nallow_private_networks = true\n"
        << "[[feed]]\nurl = \"" << feed_url << "\"\n"
        << "[[topic]]\nname = \"robots\"\nrules = [{ match = 'robot*', weight = " << robots_weight
        << " }]\n";
    if (!robots_model.empty()) out << "model = \"" << robots_model << "\"\n";
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

// A feed served on 127.0.0.1 and polled once into a fresh fixture's archive.
struct PolledFeed {
  explicit PolledFeed(const std::string& body) {
    HttpResponse feed;
    feed.body = body;
    server.Route("/feed", feed);
    fixture.Config(url());
    REQUIRE(fixture.Run({"poll", "--all"}) == 0);
  }
  std::string url() const { return server.Url("/feed"); }

  HttpTestServer server;
  TopicFixture fixture;
};

TEST_CASE("polled items are scored against every topic and the scores explain themselves",
          "[daemon][topics]") {
  PolledFeed polled(kFeed);
  TopicFixture& fixture = polled.fixture;

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

  // `tidings match` scores as the daemon does: the label joins the topic's examples.
  const std::string match = std::string(TIDINGS_CLI) + " match --topic robots --jsonl --config " +
                            fixture.Path("t.toml") +
                            " <<'EOF'\n{\"id\":\"d\",\"title\":\"United win the derby "
                            "with a late penalty\"}\nEOF\n";
  testing::ChildProcess shell({"/bin/sh", "-c", match}, {}, fixture.Path("match.out"));
  REQUIRE(shell.Wait(60s) == 0);
  CHECK_THAT(testing::ReadText(fixture.Path("match.out")),
             Catch::Contains("example +") && Catch::Contains("United win the derby"));
}

TEST_CASE("topics list shows each topic's parts and what the archive holds of it",
          "[daemon][topics]") {
  PolledFeed polled(kFeed);
  TopicFixture& fixture = polled.fixture;
  REQUIRE(fixture.Run({"mark", "3", "--topic", "robots", "--relevant"}) == 0);

  REQUIRE(fixture.Run({"topics", "list", "--json"}) == 0);
  const nlohmann::json list = nlohmann::json::parse(fixture.out(), nullptr, false);
  INFO(fixture.out());
  REQUIRE(list["topics"].size() == 2);
  const nlohmann::json& builtin = list["topics"][0];
  CHECK(builtin["name"] == "sci-tech");
  CHECK(builtin["model"] == "builtin");
  CHECK(builtin["languages"] == nlohmann::json::array({"en", "zh"}));
  CHECK(builtin["scored"] == 4);
  CHECK(builtin["matched"] == 2);
  CHECK(builtin["matched_since"] == 2);  // polled just now, so within the default 7d
  CHECK(builtin["newest_match"].is_string());
  const nlohmann::json& robots = list["topics"][1];
  CHECK(robots["name"] == "robots");
  CHECK(robots["model"].is_null());
  CHECK(robots["rules"] == 1);
  CHECK(robots["examples"] == 1);  // the mark
  CHECK(robots["marks"] == nlohmann::json({{"relevant", 1}, {"irrelevant", 0}}));
  CHECK(robots["matched"] == 1);
  CHECK(robots["error"].is_null());

  REQUIRE(fixture.Run({"topics", "list"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("built-in (en, zh)") && Catch::Contains("1/0"));

  // A topic whose model is gone: listed with the reason, exit 1 (the daemon would skip it).
  fixture.Config(polled.url(), fixture.Path("gone.model"));
  CHECK(fixture.Run({"topics", "list"}) == 1);
  CHECK_THAT(fixture.out(), Catch::Contains("cannot load") && Catch::Contains("gone.model"));

  // No archive yet: example items by id are left out, not an error (as check-config does).
  std::ofstream(fixture.Path("t.toml"))
      << "[[topic]]\nname = \"ids\"\nexamples = [{ items = [1, 2] }]\n";
  CHECK(fixture.Run({"topics", "list", "--db", fixture.Path("none.db")}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("ids") && Catch::Contains("no archive at"));
}

TEST_CASE("topics test --apply renews explanations an older version wrote, scores unchanged",
          "[daemon][topics]") {
  PolledFeed polled(kFeed);
  TopicFixture& fixture = polled.fixture;
  {
    auto archive = storage::testing::OpenArchive(fixture.Path("state/archive.db"));
    Result<std::vector<storage::TopicScoreRow>> rows = storage::GetTopicScores(*archive, 1);
    REQUIRE(rows.ok());
    for (storage::TopicScoreRow& row : *rows) {
      if (row.topic == "sci-tech") row.why = {"model 0.90: +comput"};  // as older versions wrote
    }
    REQUIRE(storage::StoreTopicScores(*archive, 1, *rows, 0).ok());
  }
  REQUIRE(fixture.Run({"topics", "test", "sci-tech", "--since", "3650d"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("0 scores change (dry run") &&
                                !Catch::Contains("explanations renewed"));
  REQUIRE(fixture.Run({"topics", "test", "sci-tech", "--since", "3650d", "--apply"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("0 scores change (applied); 1 explanations renewed"));
  REQUIRE(fixture.Run({"why", "1"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("sci-tech: ") && !Catch::Contains("+comput"));
  REQUIRE(fixture.Run({"topics", "test", "sci-tech", "--since", "3650d", "--apply"}) == 0);
  CHECK_THAT(fixture.out(), !Catch::Contains("explanations renewed"));
}

TEST_CASE("check-config reports a topic's missing model and example files at its entry",
          "[daemon][topics]") {
  TopicFixture fixture;
  std::ofstream(fixture.Path("t.toml"))
      << "[daemon]\nstate_directory = \"" << fixture.Path("state") << "\"\n"
      << "[[topic]]\nname = \"space\"\nrules = [{ match = 'orbit*', weight = 3 }]\n"
      << "examples = [{ file = \"gone.jsonl\", relevant = true }, { items = [7] }]\n"
      << "[[topic]]\nname = \"ai\"\nmodel = \"nope.model\"\n";
  CHECK(fixture.Run({"check-config"}) == 1);
  const std::string out = fixture.out();
  CHECK_THAT(out, Catch::Contains(fixture.Path("t.toml") + ":3:1: topic space: examples: ") &&
                      Catch::Contains("gone.jsonl"));
  CHECK_THAT(out, Catch::Contains(fixture.Path("t.toml") + ":7:1: topic ai: ") &&
                      Catch::Contains("nope.model"));
  // Example items cannot be checked before there is an archive: not a problem.
  CHECK_THAT(out, !Catch::Contains("items") && Catch::Contains("2 problems"));
}

TEST_CASE("topics test --apply stores every changed score of a long archive, page by page",
          "[daemon][topics]") {
  // More items than one page of stored scores (1,000), so that paging is exercised.
  std::string body = "<rss version=\"2.0\"><channel><title>Robots</title>";
  for (int n = 0; n < 2500; ++n) {
    body += "<item><guid>r" + std::to_string(n) + "</guid><title>Robot " + std::to_string(n) +
            " learns a new trick</title></item>";
  }
  body += "</channel></rss>";
  PolledFeed polled(body);
  TopicFixture& fixture = polled.fixture;

  // A lighter rule: every item's score drops (sigmoid(-2 + 6) -> sigmoid(-2 + 3)), all still match.
  fixture.Config(polled.url(), "", 3);
  REQUIRE(fixture.Run({"topics", "test", "robots", "--since", "3650d"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("2500 items since 3650d re-scored for robots: 0 would "
                                            "newly match, 0 would stop matching, 2500 scores "
                                            "change (dry run"));
  CHECK_THAT(fixture.out(), !Catch::Contains("Robot 7 learns"));  // no flip: not listed
  REQUIRE(fixture.Run({"topics", "test", "robots", "--since", "3650d", "--scores"}) == 0);
  CHECK_THAT(fixture.out(),
             Catch::Contains("~        8  0.982 -> 0.731  Robot 7 learns a new trick"));
  REQUIRE(fixture.Run({"topics", "test", "robots", "--since", "3650d", "--apply"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("2500 scores change (applied)"));
  REQUIRE(fixture.Run({"topics", "test", "robots", "--since", "3650d"}) == 0);
  CHECK_THAT(fixture.out(),
             Catch::Contains("2500 items since") && Catch::Contains(", 0 scores change"));
  REQUIRE(fixture.Run({"why", "2500"}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("robots: 0.731 matched"));
}

// Labelled JSON lines for the "robots" topic: 40 about robots, 40 about football, each with its
// own words so that no two are alike.
std::string RobotTrainingData() {
  const std::vector<std::string> things = {"parcels", "eggs",  "cars", "crops", "boxes",
                                           "glass",   "cells", "mail", "fruit", "tyres"};
  const std::vector<std::string> verbs = {"sorts", "grips", "welds", "picks"};
  const std::vector<std::string> teams = {"United",   "City",      "Rovers", "Albion", "Town",
                                          "Athletic", "Wanderers", "Villa",  "County", "Forest"};
  const std::vector<std::string> results = {"win", "lose", "draw", "collapse"};
  std::string lines;
  int id = 0;
  for (std::size_t i = 0; i < things.size(); ++i) {
    for (std::size_t j = 0; j < verbs.size(); ++j) {
      lines += nlohmann::json({{"id", std::to_string(++id)},
                               {"title", "Robot arm " + verbs[j] + " " + things[i]},
                               {"summary", "An engineering team built a robot that " + verbs[j] +
                                               " " + things[i] + " with sensors and software."},
                               {"robots", true}})
                   .dump() +
               "\n";
      lines += nlohmann::json(
                   {{"id", std::to_string(++id)},
                    {"title", teams[i] + " " + results[j] + " the derby"},
                    {"summary", "The striker and the goalkeeper of " + teams[i] +
                                    " after the league match: they " + results[j] + " again."},
                    {"robots", false}})
                   .dump() +
               "\n";
    }
  }
  return lines;
}

TEST_CASE("retraining a topic without --data starts from its model's data and adds the labels",
          "[daemon][topics]") {
  PolledFeed polled(kFeed);
  TopicFixture& fixture = polled.fixture;
  // A space and a quote in the name: the model's header must quote it to name it again.
  const std::string base = fixture.Path("base data's.jsonl");
  std::ofstream(base) << RobotTrainingData();

  // Without a model and with one label there is nothing to learn from, and it says so.
  REQUIRE(fixture.Run({"mark", "3", "--topic", "robots", "--relevant"}) == 0);
  CHECK(fixture.Run({"topics", "train", "robots", "--out", fixture.Path("none.model")}) == 2);
  CHECK_THAT(fixture.out(), Catch::Contains("training on the archive's labels only") &&
                                Catch::Contains("(from 1 labelled items)"));

  const std::string first = fixture.Path("first.model");
  REQUIRE(fixture.Run({"topics", "train", "robots", "--data", base, "--out", first}) == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("1 labels from the archive"));

  // The topic now uses that model; retraining it with no --data takes the same base data.
  fixture.Config(polled.url(), first);
  const std::string second = fixture.Path("second.model");
  const int retrained = fixture.Run({"topics", "train", "robots", "--out", second});
  INFO(fixture.out());
  REQUIRE(retrained == 0);
  CHECK_THAT(fixture.out(), Catch::Contains("base data, as " + first + " was trained: " + base) &&
                                Catch::Contains("1 labels from the archive") &&
                                Catch::Contains("model = \"" + second + "\""));
  CHECK(testing::ReadText(second).substr(testing::ReadText(second).find("\ntidings-topic-model")) ==
        testing::ReadText(first).substr(testing::ReadText(first).find("\ntidings-topic-model")));

  // Retrained in place, over the file the topic uses: replaced whole. Into a folder that is not
  // there: said before any training.
  REQUIRE(fixture.Run({"topics", "train", "robots", "--out", first}) == 0);
  CHECK(testing::ReadText(first).substr(testing::ReadText(first).find("\ntidings-topic-model")) ==
        testing::ReadText(second).substr(testing::ReadText(second).find("\ntidings-topic-model")));
  CHECK(fixture.Run({"topics", "train", "robots", "--out", fixture.Path("gone/x.model")}) == 1);
  CHECK_THAT(fixture.out(), Catch::Contains("no folder"));
  CHECK_THAT(fixture.out(), !Catch::Contains("base data"));

  // The base data gone: the error names the file and the way out, and nothing is written.
  std::filesystem::remove(base);
  fixture.Config(polled.url(), second);
  const std::string third = fixture.Path("third.model");
  CHECK(fixture.Run({"topics", "train", "robots", "--out", third}) == 1);
  CHECK_THAT(fixture.out(),
             Catch::Contains(base + " does not exist") && Catch::Contains("--data FILE"));
  CHECK_FALSE(std::filesystem::exists(third));
}

}  // namespace
}  // namespace tidings
