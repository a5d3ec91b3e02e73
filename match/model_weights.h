// The definition of Model::LanguageWeights (match/model.h), shared by the model and its trainer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "match/model.h"
#include "match/model_features.h"

namespace tidings::match {

struct Model::LanguageWeights {
  Language language = Language::kOther;
  double bias = 0.0;  // includes the calibration shift: logit 0 is the best-F1 cut-off
  internal::FeatureConfig config;
  std::vector<std::string> terms;  // sorted; terms[i] has weights[i] and idf[i]
  std::vector<float> weights;
  std::vector<float> idf;        // empty in files of format 1, which had no IDF: all 1
  double idf_default = 1.0;      // the IDF of a feature not in `terms`
  internal::FeatureIndex index;  // feature hash -> i

  // The IDF of terms[i], or of an unknown feature when i < 0.
  double Idf(std::int64_t i) const {
    if (i < 0) return idf_default;
    return idf.empty() ? 1.0 : static_cast<double>(idf[static_cast<std::size_t>(i)]);
  }

  // (Re)builds `index` from `terms`; false when two terms hash alike.
  bool BuildIndex();
};

}  // namespace tidings::match
