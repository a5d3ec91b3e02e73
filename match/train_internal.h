// Internals of the trainer (match/train.cc, match/train_data.cc), declared for tests.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "match/model_features.h"
#include "match/train.h"

namespace tidings::match::internal {

// One training document: its features as (vocabulary index, value), sorted by index.
struct Doc {
  std::vector<std::pair<std::uint32_t, float>> x;
  bool relevant = false;
  double weight = 1.0;
};

struct VocabularyOptions {
  std::uint32_t min_count = 2;  // documents a feature must appear in
  std::size_t max_features = 250000;
};

struct Dataset {
  FeatureConfig config;
  std::vector<std::string> vocabulary;  // sorted
  std::vector<float> idf;               // of each vocabulary entry
  double idf_default = 1.0;             // of any other feature
  std::vector<Doc> docs;                // values weighted by IDF, then normalized
};

// The examples whose detected language is `language`, as training documents over a vocabulary
// of their features. Names of news agencies and web artefacts ("Reuters", "AP", "quot", "www")
// are left out of the vocabulary: they tell which wire a story came from, not what it is
// about, and a model that leans on them fails on news from other sources.
Dataset BuildDataset(const std::vector<LabelledText>& examples, Language language,
                     const VocabularyOptions& options);

// Whether a normalized term (or a pair containing it) is one of those left out.
bool IsIgnoredTerm(std::string_view term);

// The naive Bayes log-count ratio of each of `features` features over `docs` (Wang & Manning
// 2012, "NBSVM"), softened to its signed square root: the log of its share of the relevant
// documents' features over its share of the others', add-one smoothed, each document counted by
// its weight. The trainer multiplies each feature's value by it before the fit, so L2 holds back
// the features that tell the classes apart least, and folds it into the weights it returns. The
// square root: with the full ratio a big source's own channel words (Toutiao's 网, 手机) outweighed
// the hand-written science items (docs/topics.md, "Training").
std::vector<double> NbRatios(const std::vector<const Doc*>& docs, std::size_t features);

struct Cutoff {
  double logit = 0.0;
  double f1 = 0.0;
};
// The logit cut-off with the best F1 (an item is relevant when its logit is above it). Each item
// counts `weights[i]` times, as it does in the fit; no weights means 1 each.
Cutoff BestF1Cutoff(const std::vector<double>& logits, const std::vector<bool>& relevant,
                    const std::vector<double>& weights = {});

}  // namespace tidings::match::internal
