// Traditional Chinese characters folded to their Simplified forms, one character at a time, so
// that 量子計算機 and 量子计算机 are the same terms to a topic model, a rule or a search.
//
//   SimplifiedHan(U'機') == U'机';  SimplifiedHan(U'机') == U'机';  SimplifiedHan(U'a') == U'a'
//
// The table is ICU's Hant-Hans transliteration taken per character (scripts/gen-han-simplified):
// 2,853 characters. The folding is many-to-one, as Simplified writing is (發 and 髮 are both 发),
// and it also touches the few Traditional forms that Simplified text keeps (著 becomes 着, 乾
// becomes 干): harmless when both sides of a comparison are folded, which is the only use.
#pragma once

namespace tidings {

// The Simplified form of `c`, or `c` itself when it has none.
char32_t SimplifiedHan(char32_t c);

}  // namespace tidings
