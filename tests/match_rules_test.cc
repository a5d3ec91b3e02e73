// Topic rule expressions (match/rules.h): every operator, precedence, title scope, stemming and
// CJK matching, NEAR distances, and the error offsets a config check reports.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>

#include "match/rules.h"
#include "match/text.h"

namespace tidings::match {
namespace {

Rule MustParse(std::string_view text) {
  Rule rule;
  RuleError error;
  const bool ok = Rule::Parse(text, &rule, &error);
  INFO("rule: " << text << " error at " << error.offset << ": " << error.message);
  REQUIRE(ok);
  return rule;
}

bool Hit(std::string_view rule, std::string_view title, std::string_view body = "") {
  return MustParse(rule).Matches(Analyze(title, body));
}

RuleError ErrorOf(std::string_view text) {
  Rule rule;
  RuleError error;
  INFO("rule: " << text);
  REQUIRE_FALSE(Rule::Parse(text, &rule, &error));
  REQUIRE_FALSE(error.message.empty());
  return error;
}

TEST_CASE("Rule words match case-insensitively and adjacent words mean AND", "[match][rules]") {
  CHECK(Hit("quantum", "Quantum chips are getting better"));
  CHECK_FALSE(Hit("quantum", "Classical chips are getting better"));
  CHECK(Hit("QUANTUM computer", "A new quantum computer from IBM"));
  CHECK_FALSE(Hit("quantum computer", "A new quantum leap in batteries"));
  CHECK(Hit("quantum AND computer", "The computer is a quantum one"));
  CHECK_FALSE(Hit("quantum AND computer", "The computer is a fast one"));
}

TEST_CASE("Lower-case operators are ordinary words", "[match][rules]") {
  // "and" must be present as a word, unlike AND.
  CHECK(Hit("rock and roll", "They played rock and roll all night"));
  CHECK_FALSE(Hit("rock and roll", "They played rock, then roll"));
  CHECK(Hit("rock AND roll", "They played rock, then roll"));
  CHECK_FALSE(Hit("rock or roll", "They played rock all night"));
  CHECK(Hit("rock OR roll", "They played rock all night"));
}

TEST_CASE("OR binds looser than AND, NOT and - bind tightest", "[match][rules]") {
  const Rule rule = MustParse("robot OR drone delivery");  // robot OR (drone AND delivery)
  CHECK(rule.Matches(Analyze("A robot cooks dinner", "")));
  CHECK(rule.Matches(Analyze("Drone delivery expands", "")));
  CHECK_FALSE(rule.Matches(Analyze("Drone shows light up the sky", "")));

  const Rule grouped = MustParse("(robot OR drone) delivery");
  CHECK_FALSE(grouped.Matches(Analyze("A robot cooks dinner", "")));
  CHECK(grouped.Matches(Analyze("Robot delivery in the city", "")));

  const Rule negated =
      MustParse("space NOT football OR rocket");  // (space AND NOT football) OR rocket
  CHECK(negated.Matches(Analyze("Space news today", "")));
  CHECK_FALSE(negated.Matches(Analyze("Space for football fans", "")));
  CHECK(negated.Matches(Analyze("Rocket football league", "")));
}

TEST_CASE("NOT and -word exclude", "[match][rules]") {
  CHECK(Hit("spacecraft -lego", "The spacecraft reached orbit"));
  CHECK_FALSE(Hit("spacecraft -lego", "A lego spacecraft for kids"));
  CHECK_FALSE(Hit("spacecraft NOT lego", "A Lego spacecraft for kids"));
  CHECK(Hit("spacecraft -(lego OR toy)", "The spacecraft reached orbit"));
  CHECK_FALSE(Hit("spacecraft -(lego OR toy)", "A toy spacecraft"));
  CHECK_FALSE(Hit("spacecraft -\"toy store\"", "A spacecraft at the toy store"));
  CHECK(Hit("spacecraft -\"toy store\"", "A toy spacecraft in the store"));
  // A hyphen inside a word is part of the word, not an exclusion.
  CHECK(Hit("covid-19 vaccine", "New covid-19 vaccine approved"));
  CHECK(Hit("NOT NOT robot", "A robot"));
}

TEST_CASE("Phrases need consecutive terms in order, within one field", "[match][rules]") {
  CHECK(Hit("\"space station\"", "Crew arrives at the space station"));
  CHECK_FALSE(Hit("\"space station\"", "A station for space fans"));
  CHECK_FALSE(Hit("\"space station\"", "Space: the station of the future"));
  CHECK(Hit("\"space station\" OR ISS", "ISS crew returns"));
  // The last title word and the first body word are not a phrase.
  CHECK_FALSE(Hit("\"space station\"", "Into space", "Station crews rest"));
  // Typographic quotes, as word processors write them, work too.
  CHECK(Hit("\u201Cspace station\u201D", "The space station"));
}

TEST_CASE("Rule words match inflected forms of English text", "[match][rules]") {
  CHECK(Hit("robots", "The new robot is designed to walk on uneven ground in the lab"));
  CHECK(Hit("robot", "The robots are coming to the factory floor this year"));
  CHECK(Hit("\"launched rocket\"", "They launch rockets from the island every week"));
  // And plain (unstemmed) text, whatever language it is detected as.
  CHECK(Hit("robots", "Robots"));
}

TEST_CASE("Prefixes match the start of words, stemmed or not", "[match][rules]") {
  const std::string english = " and it was the best one of the year for the team";
  CHECK(Hit("robot*", "Robotics is booming" + english));
  CHECK(Hit("robot*", "Robots"));
  CHECK(Hit("comput*", "The new computer" + english));
  CHECK(Hit("comput*", "Computing in the cloud" + english));
  CHECK(Hit("compute*", "Computing in the cloud" + english));  // the stem of compute is comput
  CHECK(Hit("robotic*", "Robots are here" + english));
  CHECK_FALSE(Hit("comput*", "The runners compete" + english));
  CHECK(Hit("\"quantum comput*\"", "Quantum computing is here" + english));
  CHECK_FALSE(Hit("\"quantum comput*\"", "Computing quantum states" + english));
  CHECK(Hit("robot**", "Robotics"));
}

TEST_CASE("NEAR/n matches within n positions in either order", "[match][rules]") {
  const std::string_view text = "rocket engines were tested before the launch";
  // rocket is position 0, launch is position 6.
  CHECK(Hit("rocket NEAR/6 launch", text));
  CHECK(Hit("launch NEAR/6 rocket", text));
  CHECK_FALSE(Hit("rocket NEAR/5 launch", text));
  CHECK(Hit("rocket NEAR/1 engines", text));
  CHECK(Hit("engines NEAR/1 rocket", text));
  CHECK_FALSE(Hit("rocket NEAR/1 tested", text));
  CHECK(Hit("\"rocket engines\" NEAR/5 launch", text));  // from the phrase's end
  CHECK_FALSE(Hit("\"rocket engines\" NEAR/4 launch", text));
  CHECK(Hit("(missile OR rocket) NEAR/3 tested", text));
  CHECK_FALSE(Hit("(missile OR rocket) NEAR/2 tested", text));
  CHECK(Hit("rocket NEAR/3 test*", text));
  CHECK(Hit("rocket NEAR/1 engines NEAR/2 tested", text));
  CHECK_FALSE(Hit("rocket NEAR/1 engines NEAR/2 launch", text));
  // Never across title and body.
  CHECK_FALSE(Hit("rocket NEAR/3 launch", "Rocket", "launch"));
  // NEAR binds tighter than AND: launch AND (rocket NEAR/1 engines).
  CHECK(Hit("launch rocket NEAR/1 engines", text));
  CHECK_FALSE(Hit("launch rocket NEAR/1 tested", text));
}

TEST_CASE("title: limits a word, phrase, prefix or group to the title", "[match][rules]") {
  CHECK(Hit("title:robot", "Robot wins award", "nothing else"));
  CHECK_FALSE(Hit("title:robot", "Award news", "a robot won it"));
  CHECK(Hit("title:\"space station\"", "Space station news", ""));
  CHECK_FALSE(Hit("title:\"space station\"", "News", "space station"));
  CHECK(Hit("title:robot*", "Robotics news", ""));
  CHECK_FALSE(Hit("title:robot*", "News", "robotics"));
  CHECK(Hit("title:(drone OR robot) battery", "Drone news", "a new battery"));
  CHECK_FALSE(Hit("title:(drone OR robot) battery", "Battery news", "a new drone"));
  CHECK(Hit("battery -title:rumour", "Battery news", "a rumour"));
  CHECK_FALSE(Hit("battery -title:rumour", "Battery rumour", ""));
  // Only lower-case title: is a field; Title:x is an ordinary word.
  CHECK(Hit("Title:robot", "", "Title:robot"));
}

TEST_CASE("Chinese rule words match through CJK bigrams", "[match][rules]") {
  CHECK(Hit("量子", "谷歌发布新的量子芯片"));
  CHECK(Hit("量子计算", "谷歌发布量子计算芯片"));
  CHECK_FALSE(Hit("量子计算", "量子力学与计算机"));     // 量子 and 计算 are there, not together
  CHECK(Hit("\"量子 计算\"", "谷歌发布量子计算芯片"));  // a space between CJK words is dropped
  CHECK(Hit("药", "新药获批上市"));                     // one character meets bigrams
  CHECK_FALSE(Hit("药", "新车获批上市"));
  CHECK(Hit("title:芯片 AND 量子*", "芯片新闻", "量子计算"));
  CHECK(Hit("AI 芯片", "国产AI芯片发布"));
  // In Chinese every character is a position: 芯片 is at 0 and 发布 at 4 in 芯片今天发布.
  CHECK(Hit("芯片 NEAR/4 发布", "芯片今天发布"));
  CHECK_FALSE(Hit("芯片 NEAR/3 发布", "芯片今天发布"));
}

TEST_CASE("Rules keep their text and copy deeply", "[match][rules]") {
  Rule original = MustParse("robot* OR \"space station\"");
  const Rule copy = original;
  CHECK(copy.text() == "robot* OR \"space station\"");
  original = MustParse("football");
  CHECK(copy.Matches(Analyze("Robots", "")));
  CHECK_FALSE(copy.Matches(Analyze("Football", "")));
  CHECK(Rule().Matches(Analyze("anything", "")) == false);
}

TEST_CASE("A TermIndex lists each term's positions", "[match][rules]") {
  const AnalyzedText text = Analyze("Robot robot", "robot dog");
  const TermIndex index(text);
  const auto robot = index.Find(NormalizeWord("robot", text.language).front());
  REQUIRE(robot.size() == 3);
  CHECK(robot[0].position == 0);
  CHECK(robot[0].in_title);
  CHECK(robot[2].position == 2);
  CHECK_FALSE(robot[2].in_title);
  CHECK(index.Find("cat").empty());
  CHECK(MustParse("dog robot").Matches(index));
}

TEST_CASE("Rule errors point at the offending byte", "[match][rules]") {
  struct Case {
    std::string_view rule;
    std::size_t offset;
    std::string_view message_part;
  };
  const Case cases[] = {
      {"", 0, "empty rule"},
      {"(robot OR drone", 0, "missing ')'"},
      {"a (robot OR drone", 2, "missing ')'"},
      {"robot OR drone)", 14, "')'"},
      {"a ()", 2, "empty"},
      {"robot AND", 6, "'AND' needs a term after it"},
      {"AND robot", 0, "'AND' needs a term before it"},
      {"robot OR OR drone", 6, "'OR' needs a term after it"},
      {"(robot OR) drone", 7, "'OR' needs a term after it"},
      {"robot NOT", 6, "'NOT' needs a term after it"},
      {"rocket NEAR launch", 7, "NEAR needs a distance"},
      {"rocket NEAR/ launch", 12, "needs a number"},
      {"rocket NEAR/x launch", 12, "needs a number"},
      {"rocket NEAR/5x launch", 13, "needs a number"},
      {"rocket NEAR/0 launch", 12, "from 1 to 100"},
      {"rocket NEAR/101 launch", 12, "from 1 to 100"},
      {"rocket NEAR/99999999999 launch", 12, "from 1 to 100"},
      {"rocket NEAR/3", 7, "'NEAR/n' needs a term after it"},
      {"(a AND b) NEAR/3 c", 1, "NEAR/n joins"},
      {"a NEAR/3 -b", 9, "NEAR/n joins"},
      {"robot \"\"", 6, "empty phrase"},
      {"robot \"  !! \"", 6, "empty phrase"},
      {"robot \"space station", 6, "never closed"},
      {"robot *", 6, "'*' needs a word"},
      {"robot &&", 6, "no letter or digit"},
      {"robot - drone", 6, "'-'"},
      {"robot title: drone", 6, "'title:' needs"},
      {"NOT football", 0, "veto"},
      {"robot OR -football", 9, "veto"},
  };
  for (const Case& c : cases) {
    INFO("rule: " << c.rule);
    const RuleError error = ErrorOf(c.rule);
    CHECK(error.offset == c.offset);
    CHECK_THAT(error.message, Catch::Contains(std::string(c.message_part)));
  }
}

TEST_CASE("Nesting is limited so hostile rules cannot exhaust the stack", "[match][rules]") {
  const auto nested = [](int depth, std::string_view open, std::string_view close) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += open;
    text += "robot";
    for (int i = 0; i < depth; ++i) text += close;
    return text;
  };
  CHECK(Hit(nested(100, "(", ")"), "Robot"));
  CHECK(ErrorOf(nested(101, "(", ")")).offset == 100);
  CHECK(ErrorOf(nested(100000, "(", ")")).message.find("deeply") != std::string::npos);
  CHECK(ErrorOf(nested(100000, "NOT ", "")).message.find("deeply") != std::string::npos);
  CHECK(ErrorOf(nested(100000, "-", "")).message.find("deeply") != std::string::npos);
  CHECK(ErrorOf(nested(100000, "title:(", ")")).message.find("deeply") != std::string::npos);
  std::string chain = "robot";
  for (int i = 0; i < 100000; ++i) chain += " NEAR/2 robot";
  CHECK(ErrorOf(chain).message.find("deeply") != std::string::npos);
  // A long flat list is not deep.
  std::string list = "robot";
  for (int i = 0; i < 10000; ++i) list += " OR drone";
  CHECK(Hit(list, "Drone"));
}

TEST_CASE("Random rules never crash the parser or the matcher", "[match][rules]") {
  const std::string_view pieces[] = {
      "robot",  "AND",  "OR", "NOT",  "(",    ")", "\"", "-",     "*",  "NEAR/3", "NEAR/",
      "title:", "量子", " ",  "\xff", "\xe4", "“", "”",  "space", "a*", "\u3000"};
  std::mt19937 random(12345);
  const AnalyzedText text = Analyze("Robot in space", "量子 a space robot and more");
  const TermIndex index(text);
  int parsed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string rule;
    const int length = static_cast<int>(random() % 12);
    for (int i = 0; i < length; ++i) {
      rule += pieces[random() % std::size(pieces)];
      if (random() % 2 == 0) rule += ' ';
    }
    Rule parsed_rule;
    RuleError error;
    if (Rule::Parse(rule, &parsed_rule, &error)) {
      ++parsed;
      const bool a = parsed_rule.Matches(index);
      CHECK(a == parsed_rule.Matches(text));
    } else {
      CHECK(error.offset <= rule.size());
      CHECK_FALSE(error.message.empty());
    }
  }
  CHECK(parsed > 1000);  // the generator does produce valid rules, so matching is exercised
}

}  // namespace
}  // namespace tidings::match
