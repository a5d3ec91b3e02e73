// The features of the linear topic model (match/model.h), shared by scoring and training.
//
// A text's features are its terms (English function words and bare numbers left out), for word
// languages the pairs of adjacent remaining terms ("space station"); Chinese and Japanese use the
// bigrams Analyze() gives (single characters optionally, see FeatureConfig). Each value is
// 1 + ln(count), and the vector is divided by max(L2 norm, L1 norm / sqrt(short_terms)): an
// ordinary L2-normalized vector for a text up to about `short_terms` features (what the model
// was trained on: titles and summaries), a mean for longer ones, so a 5 KB article of a story
// scores like its summary instead of drifting to 0 or 1 with its length.
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

std::uint64_t HashTerm(std::string_view term);
std::uint64_t HashPair(std::uint64_t first, std::uint64_t second);

// The normalized features of `text`, one per distinct hash, sorted by hash. With `names`, also
// the readable name of each ("quantum", "space station"), aligned with `out` (training only:
// it costs allocations).
void ExtractFeatures(const AnalyzedText& text, const FeatureConfig& config,
                     std::vector<Feature>* out, std::vector<std::string>* names = nullptr);

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
