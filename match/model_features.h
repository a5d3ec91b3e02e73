// The features of the linear topic model (match/model.h), shared by scoring and training.
//
// A text's features are its terms (English function words and bare numbers left out), for word
// languages the pairs of adjacent remaining terms ("space station"); Chinese and Japanese use the
// bigrams Analyze() gives (single characters optionally, see FeatureConfig). Each value is
// (1 + ln(count)) times the feature's inverse document frequency in the training data (the
// model's to know: ExtractFeatures gives the counts, the caller weighs them), and the vector is
// divided by max(L2 norm, L1 norm / sqrt(short_terms)): an ordinary L2-normalized vector for a
// text up to about `short_terms` features (what the model was trained on: titles and
// summaries), a mean for longer ones, so a 5 KB article of a story scores like its summary
// instead of drifting to 0 or 1 with its length.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "match/text.h"

namespace tidings::match::internal {

struct FeatureConfig {
  bool pairs = true;          // adjacent-term pairs (word languages)
  bool cjk_unigrams = false;  // single CJK characters besides bigrams (older models)
  double short_terms = 64.0;  // beyond this many features, L1 (mean) normalization takes over
};

// The model's defaults for `language`.
FeatureConfig DefaultFeatureConfig(Language language);

struct Feature {
  std::uint64_t hash;
  float value;
};

// Whether the features leave `term` out: a bare number, or in English a function word. Pairs are
// made of the terms that remain.
bool IsSkippedTerm(std::string_view term, Language language);

std::uint64_t HashTerm(std::string_view term);
std::uint64_t HashPair(std::uint64_t first, std::uint64_t second);

// The features of `text`, one per distinct hash, sorted by hash, valued 1 + ln(count): not yet
// weighted or normalized. With `names`, also the readable name of each ("quantum",
// "space station"), aligned with `out` (training only: it costs allocations).
void ExtractFeatures(const AnalyzedText& text, const FeatureConfig& config,
                     std::vector<Feature>* out, std::vector<std::string>* names = nullptr);

// Divides the (weighted) values by max(L2 norm, L1 norm / sqrt(config.short_terms)).
void Normalize(const FeatureConfig& config, std::vector<Feature>* features);

// The inverse document frequency of a feature seen in `documents` of `total` training
// documents: ln((1 + total) / (1 + documents)) + 1, as scikit-learn's smoothed IDF, to three
// decimals (as the model file keeps it, so training sees what scoring will). Features a model
// does not know weigh as if seen in one document.
double InverseDocumentFrequency(std::size_t documents, std::size_t total);

// An open-addressing map from feature hash to an index, built once per model.
class FeatureIndex {
 public:
  FeatureIndex() = default;
  // False when two hashes are equal (a damaged or hand-edited model).
  bool Build(const std::vector<std::uint64_t>& hashes);
  // The index of `hash`, or -1.
  std::int64_t Find(std::uint64_t hash) const {
    if (keys_.empty()) return -1;
    const std::uint64_t key = hash == 0 ? 1 : hash;
    for (std::size_t slot = key & mask_;; slot = (slot + 1) & mask_) {
      if (keys_[slot] == key) return values_[slot];
      if (keys_[slot] == 0) return -1;
    }
  }

 private:
  std::vector<std::uint64_t> keys_;  // 0: empty slot
  std::vector<std::uint32_t> values_;
  std::size_t mask_ = 0;
};

}  // namespace tidings::match::internal
