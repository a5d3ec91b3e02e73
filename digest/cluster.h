// Near-duplicate clustering: which matched items tell the same story.
//
// Two items are the same story when they share a canonical link or a story id, or when their
// feature sets are similar: MinHash (one-permutation hashing with densification, kSignatureSize
// bins) over the words of the title and the first words of the text, with Latin-script words
// folded to lower case and light plural stripping, stop words dropped, title words counted twice
// (as plain and as title features, so a shared headline weighs more), and Chinese, Japanese or
// Korean text cut into character bigrams (it has no spaces between words). Candidate pairs come
// from locality-sensitive hashing (kBands bands of kRows bins each); a candidate is kept when its
// estimated Jaccard similarity reaches `threshold` (0.6 when either item has fewer than 12
// features: a short headline without text). Clusters are the connected components
// (union-find). Cost is linear in the text read plus the candidate pairs, not quadratic.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "digest/digest.h"

namespace tidings::digest {

inline constexpr std::size_t kSignatureSize = 64;
inline constexpr std::size_t kRows = 2;
inline constexpr std::size_t kBands = kSignatureSize / kRows;

using Signature = std::array<std::uint32_t, kSignatureSize>;

struct ClusterOptions {
  double threshold = 0.3;            // estimated Jaccard similarity that makes two items one story
  std::size_t max_text_words = 120;  // words of the text read after the title
};

// MinHash signature of a title and text (see above). Empty input gives an all-ones signature,
// which Similarity treats as matching nothing.
Signature ComputeSignature(std::string_view title, std::string_view text,
                           std::size_t max_text_words = 120);

// The same, also giving the number of features read (title words count twice).
Signature ComputeSignature(std::string_view title, std::string_view text,
                           std::size_t max_text_words, std::size_t& feature_count);

// Estimated Jaccard similarity of the two feature sets, in [0, 1].
double Similarity(const Signature& a, const Signature& b);

// Groups of indexes into `items`, each group one story; every index appears in exactly one group.
// Groups are in order of their smallest index, indexes ascending within a group.
std::vector<std::vector<std::size_t>> ClusterItems(const std::vector<DigestItem>& items,
                                                   const ClusterOptions& options = {});

}  // namespace tidings::digest
