// [[topic]] entries: every key, rules checked by the matcher's parser with file:line:col, and
// the built-in topic's model.
#include <catch2/catch.hpp>
#include <string>

#include "config/config.h"
#include "tests/config_fixtures.h"

using config_test::InvalidMessage;
using config_test::Valid;
using tidings::config::Config;
using tidings::config::TopicConfig;
using tidings::config::TopicRuleConfig;

TEST_CASE("every key of a topic entry is read", "[config][topics]") {
  const Config config = Valid(
      "[[topic]]\n"
      "name = \"space\"\n"
      "description = \"Space flight\"\n"
      "threshold = 0.6\n"
      "rules = [\n"
      "  { match = '\"space station\" OR ISS', weight = 2.5 },\n"
      "  { require = 'space OR orbit*' },\n"
      "  { veto = 'football' },\n"
      "]\n"
      "examples = [\n"
      "  { file = \"space.jsonl\" },\n"
      "  { items = [12, 40], relevant = false },\n"
      "]\n"
      "\n"
      "[[topic]]\n"
      "name = \"sci-tech\"\n"
      "threshold = 0.4\n");
  REQUIRE(config.topics.size() == 2);
  const TopicConfig& space = config.topics[0];
  CHECK(space.name == "space");
  CHECK(space.description == "Space flight");
  CHECK(space.threshold == Approx(0.6));
  CHECK(space.model.empty());
  REQUIRE(space.rules.size() == 3);
  CHECK(space.rules[0].kind == TopicRuleConfig::Kind::kWeight);
  CHECK(space.rules[0].expression == "\"space station\" OR ISS");
  CHECK(space.rules[0].weight == Approx(2.5));
  CHECK(space.rules[0].line == 6);
  CHECK(space.rules[1].kind == TopicRuleConfig::Kind::kRequire);
  CHECK(space.rules[2].kind == TopicRuleConfig::Kind::kVeto);
  REQUIRE(space.examples.size() == 2);
  CHECK(space.examples[0].file == "/etc/tidings/space.jsonl");
  CHECK(space.examples[0].relevant);
  CHECK(space.examples[1].items == std::vector<std::int64_t>{12, 40});
  CHECK_FALSE(space.examples[1].relevant);
  CHECK(space.line == 1);
  // Redefining the built-in topic keeps its model.
  CHECK(config.topics[1].model == "builtin");
  CHECK(config.topics[1].threshold == Approx(0.4));
}

// The column is that of the parenthesis left open.
TEST_CASE("a malformed rule is reported where it goes wrong", "[config][topics]") {
  CHECK(InvalidMessage("[[topic]]\n"
                       "name = \"robots\"\n"
                       "rules = [{ match = 'robot AND (arm OR hand' }]\n") ==
        "/etc/t.toml:3:31: bad rule \"robot AND (arm OR hand\": missing ')'");
}

TEST_CASE("topic entries that cannot work are refused with a reason", "[config][topics]") {
  CHECK_THAT(InvalidMessage("[[topic]]\nname = \"Space!\"\nrules = [{ match = 'x' }]\n"),
             Catch::Contains("2:8: bad topic name"));
  CHECK_THAT(InvalidMessage("[[topic]]\nname = \"empty\"\n"),
             Catch::Contains("has no model, rules or examples"));
  CHECK_THAT(
      InvalidMessage("[[topic]]\nname = \"x\"\nthreshold = 1.5\nrules = [{ match = 'a' }]\n"),
      Catch::Contains("3:13: expected a threshold between 0 and 1"));
  CHECK_THAT(InvalidMessage("[[topic]]\nname = \"x\"\nmodel = \"builtin\"\n"),
             Catch::Contains("no built-in model for topic \"x\""));
  CHECK_THAT(InvalidMessage("[[topic]]\nname = \"x\"\nrules = [{ match = 'a', veto = 'b' }]\n"),
             Catch::Contains("not several"));
  CHECK_THAT(InvalidMessage("[[topic]]\nname = \"x\"\nrules = [{ match = 'a', weight = 99 }]\n"),
             Catch::Contains("weight between -20 and 20"));
  CHECK_THAT(
      InvalidMessage("[[topic]]\nname = \"x\"\nexamples = [{ file = \"a.jsonl\", items = [1] }]\n"),
      Catch::Contains("either a file or items"));
  CHECK_THAT(InvalidMessage("[[topic]]\nname = \"x\"\nrules = [{ match = 'a' }]\n"
                            "[[topic]]\nname = \"x\"\nrules = [{ match = 'b' }]\n"),
             Catch::Contains("5:8: duplicate topic \"x\": already defined at /etc/t.toml:2:8"));
  CHECK_THAT(InvalidMessage("[topic]\nname = \"x\"\n"), Catch::Contains("[[topic]]"));
}
