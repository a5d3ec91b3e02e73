// A topic: the model, rules and examples that decide whether an item is about it, combined into
// one explainable score.
//
//   TopicMatcher m(definition);  // built once per config load
//   TopicScore s = m.Score(match::Analyze(title, text));
//   s.score; s.matched; s.why;  // why: "model: +quantum +qubit", "rule +2.0: title:robot*", ...
//
// How the parts combine (docs/topics.md): the model gives a logit; each matching weighted rule
// adds its weight to it; examples add their similarity margin (nearest positive minus nearest
// negative) times `examples_weight`. score = sigmoid(logit). A `require` rule that does not match
// or a `veto` rule that does caps the score below the threshold (matched = false) and says so in
// `why`. Without a model the logit starts at -2 (nothing matches unless rules or examples say so).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "match/model.h"
#include "match/rules.h"
#include "match/text.h"
#include "match/train.h"

namespace tidings::match {

enum class RuleKind { kWeight, kRequire, kVeto };

struct TopicRule {
  RuleKind kind = RuleKind::kWeight;
  double weight = 1.0;  // logit added when it matches (kWeight only; negative allowed)
  Rule rule;
};

struct TopicExample {
  LabelledText text;  // relevant = positive example
};

struct TopicDefinition {
  std::string name;
  std::string description;
  double threshold = 0.5;
  std::shared_ptr<const Model> model;  // may be null
  std::vector<TopicRule> rules;
  std::vector<LabelledText> examples;  // positive and negative
  double examples_weight = 4.0;
};

struct TopicScore {
  double score = 0.0;  // in [0,1]
  bool matched = false;
  std::vector<std::string> why;  // short human-readable reasons, most important first
};

class TopicMatcher {
 public:
  explicit TopicMatcher(TopicDefinition definition);
  TopicMatcher(TopicMatcher&&) noexcept;
  TopicMatcher& operator=(TopicMatcher&&) noexcept;
  ~TopicMatcher();

  const TopicDefinition& definition() const;
  TopicScore Score(const AnalyzedText& text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tidings::match
