// Explanations in words: Chinese character and pair features handed to the dictionary words they
// are part of (match/explain_cjk.h), English stems shown as the text's words
// (match/explain_english.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "match/explain_cjk.h"
#include "match/explain_english.h"
#include "match/model.h"
#include "match/text.h"
#include "match/topic.h"

namespace tidings::match::internal {
namespace {

std::string Terms(const std::vector<Contribution>& contributions) {
  std::string out;
  for (const Contribution& c : contributions) out += (out.empty() ? "" : " ") + c.term;
  return out;
}

TEST_CASE("Chinese features are explained as the words they are part of", "[match][explain]") {
  const AnalyzedText text = Analyze("中国空间站迎来新一批航天员", "");
  REQUIRE(text.language == Language::kChinese);
  // Pairs and single characters as the model reports them, largest first.
  const std::vector<Contribution> features = {{"间站", 1.0}, {"航天", 0.8}, {"空间", 0.5},
                                              {"天员", 0.3}, {"站", 0.2},   {"中国", -0.1}};
  const std::vector<Contribution> words = CjkWordContributions(text, features, 5);
  INFO(Terms(words));
  REQUIRE(words.size() == 3);
  // 空间 + 站 (the dictionary's words) are one word to the model: its pair 间站 is a feature.
  CHECK(words[0].term == "空间站");
  CHECK(words[0].weight == Approx(1.7));
  CHECK(words[1].term == "航天员");
  CHECK(words[1].weight == Approx(1.1));
  CHECK(words[2].term == "中国");
  CHECK(words[2].weight == Approx(-0.1));
}

TEST_CASE("A feature's contribution is shared by its occurrences and the words they overlap",
          "[match][explain]") {
  // 量子 twice, in two different words: half each; a pair across two dictionary words that are
  // not joined (both longer than one character) gives each half of its share.
  const AnalyzedText text = Analyze("量子计算 量子通信", "");
  const std::vector<Contribution> features = {{"量子", 1.0}, {"子计", 0.4}};
  const std::vector<Contribution> words = CjkWordContributions(text, features, 5);
  INFO(Terms(words));
  double total = 0.0;
  for (const Contribution& c : words) total += c.weight;
  CHECK(total == Approx(1.4));  // nothing is lost or counted twice
  REQUIRE_FALSE(words.empty());
  CHECK(words[0].term == "量子");
}

TEST_CASE("Latin terms keep their names, and at most top_n words are returned",
          "[match][explain]") {
  const AnalyzedText text = Analyze("国产C919大飞机完成试飞", "");
  const std::vector<Contribution> features = {{"c919", 0.9}, {"飞机", 0.7}, {"试飞", 0.5}};
  const std::vector<Contribution> words = CjkWordContributions(text, features, 2);
  INFO(Terms(words));
  REQUIRE(words.size() == 2);
  CHECK(words[0].term == "c919");
  CHECK(words[0].weight == Approx(0.9));
}

TEST_CASE("Only the opening of a long text is segmented; a feature found later keeps its name",
          "[match][explain]") {
  std::string body;
  for (int i = 0; i < 200; ++i) body += "天气晴朗。";  // 800 characters of runs
  body += "量子计算机";
  const AnalyzedText text = Analyze("", body);
  const std::vector<Contribution> features = {{"量子", 1.0}, {"天气", -0.5}};
  const std::vector<Contribution> words = CjkWordContributions(text, features, 5);
  INFO(Terms(words));
  REQUIRE(words.size() == 2);
  CHECK(words[0].term == "量子");  // its own name: beyond kMaxSegmentedChars
  CHECK(words[1].term == "天气");
}

TEST_CASE("English stems and pairs are named after the text's own words", "[match][explain]") {
  const AnalyzedText text = Analyze("Scientists have found that computers learn", "");
  REQUIRE(text.language == Language::kEnglish);
  std::vector<Contribution> features = {
      {"scientist found", 1.0}, {"comput", 0.5}, {"learn", 0.2}, {"absent", 0.1}};
  NameEnglishWords(text, &features);
  CHECK(features[0].term == "scientists found");  // "have" is left out, as the features leave it
  CHECK(features[1].term == "computers");
  CHECK(features[2].term == "learn");
  CHECK(features[3].term == "absent");  // not in the text: its own name
  CHECK(features[0].weight == 1.0);
}

TEST_CASE("A topic's why line names Chinese and English words", "[match][explain]") {
  Result<Model> model = Model::Load(TIDINGS_MODEL_FILE);
  REQUIRE(model.ok());
  TopicDefinition definition;
  definition.model = std::make_shared<const Model>(std::move(*model));
  const TopicMatcher matcher(definition);
  const TopicScore score = matcher.Score(Analyze("中国空间站迎来新一批航天员", ""));
  REQUIRE_FALSE(score.why.empty());
  INFO(score.why[0]);
  CHECK(score.matched);
  CHECK_THAT(score.why[0], Catch::Contains("+空间站") && Catch::Contains("+航天员"));
  const TopicScore english = matcher.Score(Analyze("Quantum computers solve a hard problem", ""));
  INFO(english.why[0]);
  CHECK_THAT(english.why[0], Catch::Contains("+computers") && !Catch::Contains("comput "));
}

}  // namespace
}  // namespace tidings::match::internal
