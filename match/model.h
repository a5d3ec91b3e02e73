// A compact linear topic model: weights over normalized terms (and adjacent-term pairs), one set
// per language, with a bias that places the model's best-F1 cut-off at probability 0.5.
//
//   Result<Model> m = Model::Load("match/models/sci-tech.model");
//   ModelScore s = m->Score(match::Analyze(title, summary));
//   s.probability;  // in [0,1]
//   s.top;          // the terms that moved the score most, for "why"
//
// Features are term frequencies damped by log, weighted by inverse document frequency and
// normalized by the text's length, so a summary and the full article of one story score alike
// and long texts do not saturate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "match/text.h"

namespace tidings::match {

struct Contribution {
  std::string term;  // the normalized term (or "a b" pair)
  double weight;     // its share of the score's logit; negative pulls away from the topic
};

struct ModelScore {
  double probability = 0.0;  // in [0,1]; 0.5 is the calibrated default threshold
  double logit = 0.0;
  bool supported = false;         // false: the text's language has no weights here (probability 0)
  std::vector<Contribution> top;  // the largest contributions by absolute weight, best first
};

class Model {
 public:
  // Reads a model file written by Serialize(). kIO when unreadable, kCorrupt when damaged.
  static Result<Model> Load(const std::string& path);
  // Parses a model from bytes; `origin` names it in error messages.
  static Result<Model> Parse(std::string_view bytes, std::string_view origin);

  // The model file's bytes; the same model gives the same bytes. `comment` (may span lines)
  // becomes "# " lines at the top: what the model is and the command that rebuilt it.
  std::string Serialize() const;
  std::string Serialize(std::string_view comment) const;

  bool Supports(Language language) const;
  ModelScore Score(const AnalyzedText& text, std::size_t top_n = 5) const;

  // Opaque to users; public for the trainer (match/train.cc).
  struct LanguageWeights;
  explicit Model(std::vector<LanguageWeights> languages);
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  ~Model();

 private:
  std::vector<LanguageWeights> languages_;
};

}  // namespace tidings::match
