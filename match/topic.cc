// TopicMatcher: model logit + weighted rules + example similarity, then require/veto caps. The
// combination is described in docs/topics-rules.md ("Rules, examples and combination").
#include "match/topic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/html_text.h"
#include "match/explain_cjk.h"
#include "match/explain_english.h"
#include "match/text_internal.h"

namespace tidings::match {
namespace {

// Without a model (or for a language it lacks) the logit starts here: sigmoid(-2) = 0.12, so
// nothing matches unless rules or examples add about 2.
constexpr double kBaseLogit = -2.0;
constexpr std::size_t kMaxRuleReasons = 5;
constexpr std::size_t kModelTermsShown = 5;
constexpr std::size_t kCjkFeaturesRead = 16;
constexpr std::size_t kMaxLabelBytes = 40;
constexpr std::size_t kMaxRuleTextBytes = 60;

// `text` cut to at most `max_bytes` on a UTF-8 boundary, with "..." when cut.
std::string Shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u) --end;
  // Whole words read better, unless that loses more than half (CJK has no spaces).
  const std::size_t space = text.substr(0, end + 1).rfind(' ');
  if (space != std::string_view::npos && space >= max_bytes / 2) end = space;
  while (end > 0 && text[end - 1] == ' ') --end;
  return std::string(text.substr(0, end)) + "...";
}

// "+2.0", "-0.25", "+1.5": two decimals at most, at least one.
std::string Signed(double value) {
  std::string text = fmt::format("{:+.2f}", value);
  if (text.ends_with('0')) text.pop_back();
  return text;
}

// What names an example in `why`: its title, else the start of its body as plain text.
std::string ExampleLabel(const LabelledText& example, std::size_t index) {
  std::string text = CollapseWhitespace(example.title);
  if (text.empty()) {
    const std::string_view body = std::string_view(example.body).substr(0, 4 * kMaxLabelBytes);
    text = LooksLikeHtml(body) ? HtmlToText(body) : CollapseWhitespace(body);
  }
  if (text.empty()) return fmt::format("example {}", index + 1);
  return "\"" + Shorten(text, kMaxLabelBytes) + "\"";
}

// Log-damped term frequency: a word said ten times is not ten times as telling.
double LogTf(std::size_t count) { return 1.0 + std::log(static_cast<double>(count)); }

bool Counts(std::string_view term) { return !internal::IsEnglishStopTerm(term); }

double Sigmoid(double logit) {
  logit = std::clamp(logit, -50.0, 50.0);
  return 1.0 / (1.0 + std::exp(-logit));
}

struct Reason {
  double strength;  // |contribution to the logit|: reasons are listed strongest first
  std::string text;
};

}  // namespace

struct TopicMatcher::Impl {
  struct Posting {
    std::uint32_t example;
    double weight;  // the term's weight in the example's unit-length vector
  };
  struct Example {
    bool positive;
    std::string label;
  };

  TopicDefinition definition;
  std::vector<std::string> vocabulary;         // every example term, sorted
  std::vector<std::vector<Posting>> postings;  // by vocabulary index
  std::vector<Example> examples;

  explicit Impl(TopicDefinition d) : definition(std::move(d)) { IndexExamples(); }

  void IndexExamples();
  void ScoreModel(const AnalyzedText& text, double* logit, std::vector<Reason>* reasons) const;
  void ScoreExamples(const TermIndex& index, double* logit, std::vector<Reason>* reasons) const;
  // Adds the weights of matching rules; a failed require or a matching veto goes to `caps`.
  void ScoreRules(const TermIndex& index, double* logit, std::vector<Reason>* reasons,
                  std::vector<std::string>* caps) const;
};

// Builds an inverted index over the examples' unit-length log-tf vectors, so that scoring a text
// touches only the postings of the terms it shares with some example.
void TopicMatcher::Impl::IndexExamples() {
  std::vector<std::vector<std::pair<std::string, double>>> vectors;
  for (std::size_t e = 0; e < definition.examples.size(); ++e) {
    const LabelledText& example = definition.examples[e];
    const AnalyzedText analyzed = Analyze(example.title, example.body);
    const TermIndex index(analyzed);
    std::vector<std::pair<std::string, double>> vector;
    double norm = 0.0;
    for (std::size_t i = 0; i < index.terms().size(); ++i) {
      if (!Counts(index.terms()[i])) continue;
      const double weight = LogTf(index.Occurrences(i).size());
      vector.emplace_back(std::string(index.terms()[i]), weight);
      norm += weight * weight;
    }
    if (vector.empty()) continue;  // an example with no words can resemble nothing
    for (auto& entry : vector) entry.second /= std::sqrt(norm);
    for (const auto& entry : vector) vocabulary.push_back(entry.first);
    examples.push_back({example.relevant, ExampleLabel(example, e)});
    vectors.push_back(std::move(vector));
  }
  std::sort(vocabulary.begin(), vocabulary.end());
  vocabulary.erase(std::unique(vocabulary.begin(), vocabulary.end()), vocabulary.end());
  postings.resize(vocabulary.size());
  for (std::size_t e = 0; e < vectors.size(); ++e) {
    for (const auto& [term, weight] : vectors[e]) {
      const auto it = std::lower_bound(vocabulary.begin(), vocabulary.end(), term);
      postings[static_cast<std::size_t>(it - vocabulary.begin())].push_back(
          {static_cast<std::uint32_t>(e), weight});
    }
  }
}

void TopicMatcher::Impl::ScoreModel(const AnalyzedText& text, double* logit,
                                    std::vector<Reason>* reasons) const {
  const Model* model = definition.model.get();
  if (model == nullptr) return;
  if (text.terms.empty()) {
    reasons->push_back({std::numeric_limits<double>::infinity(), "model: no words to score"});
    return;
  }
  if (!model->Supports(text.language)) {
    reasons->push_back({std::numeric_limits<double>::infinity(),
                        fmt::format("model: language {} not supported, rules and examples only",
                                    LanguageCode(text.language))});
    return;
  }
  // Chinese features are characters and pairs: more of them are read, and their contributions
  // given to the words they are part of (match/explain_cjk.h). English stems are shown as the
  // words the text has for them (match/explain_english.h).
  const bool cjk = text.language == Language::kChinese || text.language == Language::kJapanese;
  const ModelScore score = model->Score(text, cjk ? kCjkFeaturesRead : kModelTermsShown);
  if (!std::isfinite(score.logit)) return;
  *logit = score.logit;
  std::vector<Contribution> top =
      cjk ? internal::CjkWordContributions(text, score.top, kModelTermsShown) : score.top;
  if (text.language == Language::kEnglish) internal::NameEnglishWords(text, &top);
  std::string line = fmt::format("model {:.2f}:", Sigmoid(score.logit));
  for (const Contribution& c : top) line += (c.weight < 0 ? " -" : " +") + c.term;
  reasons->push_back({std::abs(score.logit), std::move(line)});
}

// Adds examples_weight * (best cosine to a positive - best cosine to a negative).
void TopicMatcher::Impl::ScoreExamples(const TermIndex& index, double* logit,
                                       std::vector<Reason>* reasons) const {
  if (examples.empty()) return;
  std::vector<double> dot(examples.size(), 0.0);
  double norm = 0.0;
  for (std::size_t i = 0; i < index.terms().size(); ++i) {
    const std::string_view term = index.terms()[i];
    if (!Counts(term)) continue;
    const double weight = LogTf(index.Occurrences(i).size());
    norm += weight * weight;
    const auto it = std::lower_bound(vocabulary.begin(), vocabulary.end(), term);
    if (it == vocabulary.end() || *it != term) continue;
    for (const Posting& p : postings[static_cast<std::size_t>(it - vocabulary.begin())]) {
      dot[p.example] += weight * p.weight;
    }
  }
  if (norm == 0.0) return;
  double best[2] = {0.0, 0.0};  // [negative, positive]
  std::size_t nearest[2] = {examples.size(), examples.size()};
  for (std::size_t e = 0; e < examples.size(); ++e) {
    const double cosine = dot[e] / std::sqrt(norm);
    const std::size_t side = examples[e].positive ? 1 : 0;
    if (cosine > best[side]) {
      best[side] = cosine;
      nearest[side] = e;
    }
  }
  const double contribution = definition.examples_weight * (best[1] - best[0]);
  if (!std::isfinite(contribution) || std::abs(contribution) < 0.005) return;
  *logit += contribution;
  const std::size_t named = contribution > 0 ? nearest[1] : nearest[0];
  reasons->push_back({std::abs(contribution),
                      fmt::format("example {}: like {}{}", Signed(contribution),
                                  examples[named].label, contribution > 0 ? "" : " (negative)")});
}

void TopicMatcher::Impl::ScoreRules(const TermIndex& index, double* logit,
                                    std::vector<Reason>* reasons,
                                    std::vector<std::string>* caps) const {
  std::vector<const TopicRule*> matching;
  for (const TopicRule& rule : definition.rules) {
    const bool hit = rule.rule.Matches(index);
    if (rule.kind == RuleKind::kRequire && !hit) {
      caps->push_back("require failed: " + Shorten(rule.rule.text(), kMaxRuleTextBytes));
    } else if (rule.kind == RuleKind::kVeto && hit) {
      caps->push_back("veto: " + Shorten(rule.rule.text(), kMaxRuleTextBytes));
    } else if (rule.kind == RuleKind::kWeight && hit && std::isfinite(rule.weight)) {
      *logit += rule.weight;
      matching.push_back(&rule);
    }
  }
  std::stable_sort(matching.begin(), matching.end(), [](const TopicRule* a, const TopicRule* b) {
    return std::abs(a->weight) > std::abs(b->weight);
  });
  double unlisted_weight = 0.0;
  for (std::size_t i = 0; i < matching.size(); ++i) {
    const TopicRule& rule = *matching[i];
    if (i < kMaxRuleReasons) {
      reasons->push_back(
          {std::abs(rule.weight), fmt::format("rule {}: {}", Signed(rule.weight),
                                              Shorten(rule.rule.text(), kMaxRuleTextBytes))});
    } else {
      unlisted_weight += rule.weight;
    }
  }
  if (matching.size() > kMaxRuleReasons) {
    reasons->push_back({0.0, fmt::format("{} more rules {}", matching.size() - kMaxRuleReasons,
                                         Signed(unlisted_weight))});
  }
}

TopicMatcher::TopicMatcher(TopicDefinition definition)
    : impl_(std::make_unique<Impl>(std::move(definition))) {}
TopicMatcher::TopicMatcher(TopicMatcher&&) noexcept = default;
TopicMatcher& TopicMatcher::operator=(TopicMatcher&&) noexcept = default;
TopicMatcher::~TopicMatcher() = default;

const TopicDefinition& TopicMatcher::definition() const { return impl_->definition; }

TopicScore TopicMatcher::Score(const AnalyzedText& text) const {
  const TopicDefinition& d = impl_->definition;
  double logit = kBaseLogit;
  std::vector<Reason> reasons;
  impl_->ScoreModel(text, &logit, &reasons);

  std::vector<std::string> caps;  // failed requires and matching vetoes: they decide
  if (!d.rules.empty() || !impl_->examples.empty()) {
    const TermIndex index(text);
    impl_->ScoreRules(index, &logit, &reasons, &caps);
    impl_->ScoreExamples(index, &logit, &reasons);
  }

  TopicScore result;
  result.score = Sigmoid(logit);
  result.matched = caps.empty() && result.score >= d.threshold;
  // A failed require or a veto keeps the item out but keeps its rank among the rejected.
  if (!caps.empty()) result.score = std::min(result.score, std::max(0.0, d.threshold) / 2.0);
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const Reason& a, const Reason& b) { return a.strength > b.strength; });
  result.why = std::move(caps);
  for (Reason& reason : reasons) result.why.push_back(std::move(reason.text));
  if (result.why.empty()) result.why.push_back("no model, rule or example matched");
  return result;
}

}  // namespace tidings::match
