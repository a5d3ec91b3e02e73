// Readable explanations for Chinese text. The model's Chinese features are single characters and
// overlapping character pairs, which read as fragments in `why` ("+间站", "-去的"). This hands
// each feature's contribution to the dictionary words (ICU word break) that its occurrences
// overlap, in equal shares, and reports words:
//
//   ModelScore s = model.Score(text, 16);
//   std::vector<Contribution> words = internal::CjkWordContributions(text, s.top, 5);
//   // "空间站" +1.4, "航天员" +0.9 ... instead of "+空间" "+间站" "+航天" ...
//
// Not for use outside match/.
#pragma once

#include <cstddef>
#include <vector>

#include "match/model.h"
#include "match/text.h"

namespace tidings::match::internal {

// The `top_n` words with the largest summed contributions (by absolute value; ties by word),
// from `features`, the model's largest contributions for `text`. A feature that is not made of
// CJK characters (a Latin brand in a Chinese headline, "c919") keeps its own name. Only the first
// kMaxSegmentedChars characters of the text's CJK runs are segmented, so a long article costs
// what a few headlines do; a feature found only beyond them keeps its own name too.
std::vector<Contribution> CjkWordContributions(const AnalyzedText& text,
                                               const std::vector<Contribution>& features,
                                               std::size_t top_n);

inline constexpr std::size_t kMaxSegmentedChars = 48;

}  // namespace tidings::match::internal
