// The definition of Model::LanguageWeights (match/model.h), shared by the model and its trainer.
#pragma once

#include <string>
#include <vector>

#include "match/model.h"
#include "match/model_features.h"

namespace tidings::match {

struct Model::LanguageWeights {
  Language language = Language::kOther;
  double bias = 0.0;  // includes the calibration shift: logit 0 is the best-F1 cut-off
  internal::FeatureConfig config;
  std::vector<std::string> terms;  // sorted; terms[i] has weights[i]
  std::vector<float> weights;
  internal::FeatureIndex index;  // feature hash -> i

  // (Re)builds `index` from `terms`; false when two terms hash alike.
  bool BuildIndex();
};

}  // namespace tidings::match
