// Training the linear topic model (match/model.h) from labelled texts: logistic regression with L2
// regularization, per language, then a bias shift that puts the best-F1 threshold (found by
// cross-validation on the training data) at probability 0.5.
//
// Deterministic: the same examples and options give byte-identical model files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "match/model.h"

namespace tidings::match {

struct LabelledText {
  std::string title;
  std::string body;  // summary or article; HTML allowed
  bool relevant = false;
  double weight = 1.0;  // user feedback counts more than base data
};

struct TrainOptions {
  int epochs = 0;                // 0: the trainer's default
  double l2 = 0.0;               // 0: the trainer's default
  std::uint32_t min_count = 0;   // terms seen in fewer documents are dropped (0: default)
  std::size_t max_features = 0;  // per language, keeps the model small (0: default)
  std::uint64_t seed = 1;
};

struct TrainReport {
  struct PerLanguage {
    Language language;
    std::size_t examples = 0, relevant = 0, features = 0;
    double cv_f1 = 0.0;  // cross-validated F1 at the chosen threshold
  };
  std::vector<PerLanguage> languages;
};

// Trains one model over all examples; each example's language is detected from its text.
// Languages with too few examples (fewer than 20 of either class) are left out and listed in
// nothing: Model::Supports() is false for them. kInvalid when no language can be trained.
Result<Model> Train(const std::vector<LabelledText>& examples, const TrainOptions& options,
                    TrainReport* report = nullptr);

}  // namespace tidings::match
