// The lookup behind base/han_simplified.h: a binary search in generated constant data.
#include "base/han_simplified.h"

#include <algorithm>
#include <cstddef>
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

}  // namespace

char32_t SimplifiedHan(char32_t c) {
  if (c < kFirstTraditional) return c;
  const Fold* found = std::lower_bound(std::begin(kFolds), std::end(kFolds), c,
                                       [](const Fold& f, char32_t v) { return f.traditional < v; });
  return found != std::end(kFolds) && found->traditional == c ? found->simplified : c;
}

}  // namespace tidings
