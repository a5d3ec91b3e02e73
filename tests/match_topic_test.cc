// TopicMatcher (match/topic.h): how model, weighted rules, require/veto rules and examples combine
// into one score, and the `why` lines that explain it.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "match/model.h"
#include "match/text.h"
#include "match/topic.h"
#include "match/train.h"

namespace tidings::match {
namespace {

double Sigmoid(double logit) { return 1.0 / (1.0 + std::exp(-logit)); }

TopicRule MakeRule(std::string_view text, RuleKind kind = RuleKind::kWeight, double weight = 1.0) {
  TopicRule rule;
  rule.kind = kind;
  rule.weight = weight;
  RuleError error;
  INFO("rule: " << text << ": " << error.message);
  REQUIRE(Rule::Parse(text, &rule.rule, &error));
  return rule;
}

TopicScore ScoreOf(const TopicMatcher& matcher, std::string_view title,
                   std::string_view body = "") {
  return matcher.Score(Analyze(title, body));
}

bool HasWhy(const TopicScore& score, std::string_view line) {
  for (const std::string& why : score.why) {
    if (why == line) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + " | ";
  return text;
}

// A small English-only model trained on made-up headlines: science words versus sports and
// markets. Training needs 20 examples of each class per language.
std::shared_ptr<const Model> TinyEnglishModel() {
  const char* const science[] = {"quantum", "qubit", "robot", "telescope", "vaccine", "chip"};
  const char* const other[] = {"football", "election", "stocks", "coach", "senate", "goal"};
  std::vector<LabelledText> examples;
  for (int i = 0; i < 30; ++i) {
    const std::string a = science[i % 6], b = science[(i + 1) % 6];
    const std::string c = other[i % 6], d = other[(i + 2) % 6];
    examples.push_back(
        {"The new " + a + " is here",
         "It is the " + b + " of the year " + std::to_string(i) + " and the lab is happy", true,
         1.0});
    examples.push_back(
        {"The new " + c + " is here",
         "It is the " + d + " of the year " + std::to_string(i) + " and the fans are happy", false,
         1.0});
  }
  Result<Model> model = Train(examples, TrainOptions{});
  INFO(model.status().ToString());
  REQUIRE(model.ok());
  REQUIRE(model->Supports(Language::kEnglish));
  REQUIRE_FALSE(model->Supports(Language::kChinese));
  return std::make_shared<const Model>(std::move(*model));
}

TEST_CASE("Without a model the score starts at sigmoid(-2) and rules add their weights",
          "[match][topic]") {
  TopicDefinition definition;
  definition.rules.push_back(MakeRule("title:robot*", RuleKind::kWeight, 2.0));
  definition.rules.push_back(MakeRule("\"space station\"", RuleKind::kWeight, 1.5));
  definition.rules.push_back(MakeRule("stock*", RuleKind::kWeight, -3.0));
  const TopicMatcher matcher(definition);

  const TopicScore nothing = ScoreOf(matcher, "Cooking with herbs");
  CHECK(nothing.score == Approx(Sigmoid(-2.0)));
  CHECK_FALSE(nothing.matched);
  CHECK_FALSE(nothing.why.empty());

  const TopicScore robot = ScoreOf(matcher, "Robots build cars");
  CHECK(robot.score == Approx(0.5));
  CHECK(robot.matched);  // reaching the threshold is enough
  CHECK(HasWhy(robot, "rule +2.0: title:robot*"));

  const TopicScore both = ScoreOf(matcher, "Robotics", "on the space station");
  CHECK(both.score == Approx(Sigmoid(1.5)));
  INFO(Joined(both.why));
  REQUIRE(both.why.size() == 2);
  CHECK(both.why[0] == "rule +2.0: title:robot*");  // the strongest reason first
  CHECK(both.why[1] == "rule +1.5: \"space station\"");

  const TopicScore down = ScoreOf(matcher, "Robot stocks rally");
  CHECK(down.score == Approx(Sigmoid(-3.0)));
  CHECK_FALSE(down.matched);
  CHECK(HasWhy(down, "rule -3.0: stock*"));
  CHECK(matcher.definition().rules.size() == 3);
}

TEST_CASE("Many matching rules: the five strongest are listed, the rest summed in one line",
          "[match][topic]") {
  TopicDefinition definition;
  const char* const words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"};
  for (int i = 0; i < 7; ++i) {
    definition.rules.push_back(MakeRule(words[i], RuleKind::kWeight, 0.1 * (i + 1)));
  }
  const TopicMatcher matcher(definition);
  const TopicScore all = ScoreOf(matcher, "alpha beta gamma delta epsilon zeta eta");
  CHECK(all.score == Approx(Sigmoid(-2.0 + 2.8)));  // every weight counts, listed or not
  INFO(Joined(all.why));
  REQUIRE(all.why.size() == 6);
  CHECK(all.why[0] == "rule +0.7: eta");
  CHECK(all.why[4] == "rule +0.3: gamma");
  CHECK(all.why[5] == "2 more rules +0.3");  // alpha 0.1 + beta 0.2
}

TEST_CASE("A failed require or a matching veto keeps an item out and says so", "[match][topic]") {
  TopicDefinition definition;
  definition.threshold = 0.6;
  definition.rules.push_back(MakeRule("rocket*", RuleKind::kWeight, 10.0));
  definition.rules.push_back(MakeRule("\"space station\" OR ISS", RuleKind::kRequire));
  definition.rules.push_back(MakeRule("football", RuleKind::kVeto));
  const TopicMatcher matcher(definition);

  const TopicScore good = ScoreOf(matcher, "Rocket docks at the ISS");
  CHECK(good.matched);
  CHECK(good.score > 0.99);

  const TopicScore no_require = ScoreOf(matcher, "Rocket lands on a barge");
  CHECK_FALSE(no_require.matched);
  CHECK(no_require.score <= 0.3);  // capped at half the threshold
  REQUIRE_FALSE(no_require.why.empty());
  CHECK(no_require.why[0] == "require failed: \"space station\" OR ISS");

  const TopicScore vetoed = ScoreOf(matcher, "Rocket football at the ISS");
  CHECK_FALSE(vetoed.matched);
  CHECK(vetoed.score <= 0.3);
  REQUIRE_FALSE(vetoed.why.empty());
  CHECK(vetoed.why[0] == "veto: football");
  CHECK(HasWhy(vetoed, "rule +10.0: rocket*"));  // the rest of the story is still told

  // A capped item keeps its rank below the cap: a weaker one stays lower.
  const TopicScore weak = ScoreOf(matcher, "Football news");
  CHECK(weak.score < vetoed.score);
}

TEST_CASE("Examples pull similar texts toward their side", "[match][topic]") {
  TopicDefinition definition;
  definition.examples.push_back({"SpaceX Dragon docks with the space station",
                                 "The capsule brought four astronauts.", true, 1.0});
  definition.examples.push_back(
      {"Stock markets fall on rate fears", "Shares of banks dropped sharply.", false, 1.0});
  const TopicMatcher matcher(definition);

  // A text identical to the positive example: cosine 1 to it, 0 to the negative: -2 + 4 * 1.
  const TopicScore same = ScoreOf(matcher, "SpaceX Dragon docks with the space station",
                                  "The capsule brought four astronauts.");
  CHECK(same.score == Approx(Sigmoid(2.0)));
  CHECK(same.matched);
  INFO(Joined(same.why));
  CHECK(HasWhy(same, "example +4.0: like \"SpaceX Dragon docks with the space...\""));

  const TopicScore similar = ScoreOf(matcher, "Dragon capsule docks at space station");
  CHECK(similar.score > Sigmoid(-2.0) + 0.1);
  CHECK(similar.score < same.score);

  const TopicScore negative = ScoreOf(matcher, "Bank shares fall as markets slide");
  CHECK(negative.score < Sigmoid(-2.0));
  REQUIRE_FALSE(negative.why.empty());
  CHECK_THAT(negative.why[0], Catch::StartsWith("example -"));
  CHECK_THAT(negative.why[0],
             Catch::EndsWith("like \"Stock markets fall on rate fears\" (negative)"));

  // Sharing only function words ("the", "with") is no resemblance.
  const TopicScore unrelated = ScoreOf(matcher, "Cooking with the herbs");
  CHECK(unrelated.score == Approx(Sigmoid(-2.0)));
}

TEST_CASE("examples_weight scales the examples' pull", "[match][topic]") {
  TopicDefinition definition;
  definition.examples_weight = 1.0;
  definition.examples.push_back({"Qubits in silicon", "", true, 1.0});
  definition.examples.push_back({"", "<p>Untitled <b>quantum</b> note</p>", true, 1.0});
  const TopicMatcher matcher(definition);
  CHECK(ScoreOf(matcher, "Qubits in silicon").score == Approx(Sigmoid(-1.0)));
  // An example without a title is named by the start of its body as plain text.
  const TopicScore untitled = ScoreOf(matcher, "", "Untitled quantum note");
  CHECK(HasWhy(untitled, "example +1.0: like \"Untitled quantum note\""));
}

TEST_CASE("The model gives the starting logit and its top terms", "[match][topic]") {
  TopicDefinition definition;
  definition.model = TinyEnglishModel();
  definition.rules.push_back(MakeRule("telescope", RuleKind::kWeight, 1.0));
  const TopicMatcher matcher(definition);

  const AnalyzedText science =
      Analyze("The new quantum chip is here", "It is the qubit of the year");
  const ModelScore model_score = definition.model->Score(science);
  const TopicScore score = matcher.Score(science);
  CHECK(score.score == Approx(Sigmoid(model_score.logit)));
  CHECK(score.matched == (model_score.logit >= 0));
  REQUIRE_FALSE(score.why.empty());
  CHECK_THAT(Joined(score.why), Catch::Contains(fmt::format("model {:.2f}:", score.score)));

  const AnalyzedText both = Analyze("The new telescope is here", "It is the quantum of the year");
  CHECK(matcher.Score(both).score == Approx(Sigmoid(definition.model->Score(both).logit + 1.0)));

  const TopicScore sports = ScoreOf(matcher, "The new football coach is here",
                                    "It is the goal of the year and the fans are happy");
  CHECK(sports.score < score.score);
}

TEST_CASE("A language the model lacks falls back to rules and examples", "[match][topic]") {
  TopicDefinition definition;
  definition.model = TinyEnglishModel();
  definition.rules.push_back(MakeRule("量子", RuleKind::kWeight, 2.0));
  const TopicMatcher matcher(definition);

  const TopicScore chinese = ScoreOf(matcher, "谷歌发布新的量子芯片");
  CHECK(chinese.score == Approx(0.5));  // -2 + 2: the model adds nothing
  REQUIRE_FALSE(chinese.why.empty());
  CHECK(chinese.why[0] == "model: language zh not supported, rules and examples only");
  CHECK(HasWhy(chinese, "rule +2.0: 量子"));

  // Korean with a Latin acronym is not scored as English on its one Latin word.
  const TopicScore korean = ScoreOf(matcher, "삼성전자, 새로운 AI 반도체 공개");
  CHECK(korean.score == Approx(Sigmoid(-2.0)));
  CHECK(korean.why ==
        std::vector<std::string>{"model: language other not supported, rules and examples only"});

  const TopicScore empty = ScoreOf(matcher, "", "");
  CHECK(empty.score == Approx(Sigmoid(-2.0)));
  CHECK(empty.why == std::vector<std::string>{"model: no words to score"});
}

TEST_CASE("Empty and huge texts score without trouble", "[match][topic]") {
  TopicDefinition definition;
  definition.rules.push_back(MakeRule("robot", RuleKind::kWeight, 1.0));
  definition.examples.push_back({"robot", "", true, 1.0});
  TopicMatcher matcher(definition);
  const TopicScore empty = ScoreOf(matcher, "", "");
  CHECK(empty.score == Approx(Sigmoid(-2.0)));
  CHECK_FALSE(empty.why.empty());

  std::string huge;
  for (int i = 0; i < 200000; ++i) huge += "robot arm ";
  const TopicScore big = ScoreOf(matcher, "", huge);
  CHECK(big.score >= 0.0);
  CHECK(big.score <= 1.0);
  CHECK(big.score > empty.score);

  const TopicMatcher moved = std::move(matcher);
  CHECK(ScoreOf(moved, "robot").score > Sigmoid(-2.0));
}

}  // namespace
}  // namespace tidings::match
