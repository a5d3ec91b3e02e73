// The lookup behind base/han_simplified.h: a bitmap of the characters that fold, then a binary
// search in generated constant data for those that do.
#include "base/han_simplified.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace tidings {
namespace {

struct Fold {
  char32_t traditional;
  char32_t simplified;
};

constexpr Fold kFolds[] = {
#include "base/han_simplified_table.inc"
};

constexpr bool IsSorted() {
  for (std::size_t i = 1; i < std::size(kFolds); ++i) {
    if (!(kFolds[i - 1].traditional < kFolds[i].traditional)) return false;
  }
  return true;
}
static_assert(IsSorted(), "binary search needs han_simplified_table.inc sorted");

constexpr char32_t kFirstTraditional = 0x3400;  // CJK Extension A: below it, nothing folds
constexpr char32_t kLastTraditional = kFolds[std::size(kFolds) - 1].traditional;

// One bit per code point from kFirstTraditional to kLastTraditional (3.4 KB): set when it folds.
// Most characters of a text (all of a Simplified one) do not, and a bit test is a tenth of the
// binary search (SimplifiedHan was 6% of scoring a Chinese article).
using FoldBits = std::array<std::uint64_t, (kLastTraditional - kFirstTraditional) / 64 + 1>;
constexpr FoldBits MakeFoldBits() {
  FoldBits bits{};
  for (const Fold& f : kFolds) {
    const char32_t at = f.traditional - kFirstTraditional;
    bits[at / 64] |= std::uint64_t{1} << (at % 64);
  }
  return bits;
}
constexpr FoldBits kFoldBits = MakeFoldBits();
static_assert(kFolds[0].traditional >= kFirstTraditional);

}  // namespace

char32_t SimplifiedHan(char32_t c) {
  if (c < kFirstTraditional || c > kLastTraditional) return c;
  const char32_t at = c - kFirstTraditional;
  if ((kFoldBits[at / 64] >> (at % 64) & 1) == 0) return c;
  const Fold* found = std::lower_bound(std::begin(kFolds), std::end(kFolds), c,
                                       [](const Fold& f, char32_t v) { return f.traditional < v; });
  return found != std::end(kFolds) && found->traditional == c ? found->simplified : c;
}

}  // namespace tidings
