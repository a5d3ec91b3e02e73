// match/short_word_set.h: the stopword sets of the text pipeline.
#include "match/short_word_set.h"

#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

namespace tidings::match::internal {

TEST_CASE("A short word set holds its words and nothing else", "[match][short_word_set]") {
  const std::array<std::string_view, 6> words = {"the", "a", "für", "becaus", "a", "12345678"};
  const ShortWordSet set(words);
  CHECK(set.contains("the"));
  CHECK(set.contains("a"));
  CHECK(set.contains("für"));
  CHECK(set.contains("becaus"));
  CHECK(set.contains("12345678"));
  // Prefixes, extensions and words that pack to the same leading bytes are different words.
  CHECK_FALSE(set.contains("th"));
  CHECK_FALSE(set.contains("them"));
  CHECK_FALSE(set.contains("because"));
  CHECK_FALSE(set.contains("123456789"));
  CHECK_FALSE(set.contains(""));
  CHECK_FALSE(set.contains(std::string_view("a\0", 2)));
}

TEST_CASE("A short word set of many words finds each of them", "[match][short_word_set]") {
  ShortWordSet set;
  for (int i = 0; i < 2000; ++i) set.Insert("w" + std::to_string(i));
  for (int i = 0; i < 2000; ++i) CHECK(set.contains("w" + std::to_string(i)));
  for (int i = 2000; i < 4000; ++i) CHECK_FALSE(set.contains("w" + std::to_string(i)));
}

TEST_CASE("Words a short word set cannot hold are left out", "[match][short_word_set]") {
  ShortWordSet set;
  set.Insert("");
  set.Insert("ninebytes");
  CHECK_FALSE(set.contains(""));
  CHECK_FALSE(set.contains("ninebytes"));
  CHECK_FALSE(set.contains("ninebyte"));
}

}  // namespace tidings::match::internal
