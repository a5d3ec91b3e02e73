// The tokenizer's stem cache (match/stem_cache.h): what goes in comes out, long words are left
// out, the table grows with use, and a full one starts over instead of failing.
#include "match/stem_cache.h"

#include <catch2/catch.hpp>
#include <string>

namespace tidings::match::internal {

TEST_CASE("The stem cache returns what was stored for a word", "[match][stem_cache]") {
  StemCache cache;
  CHECK_FALSE(cache.Find("running").has_value());
  cache.Insert("running", "run");
  cache.Insert("runs", "run");
  cache.Insert("", "");
  REQUIRE(cache.Find("running").has_value());
  CHECK(*cache.Find("running") == "run");
  CHECK(*cache.Find("runs") == "run");
  CHECK(*cache.Find("") == "");
  CHECK_FALSE(cache.Find("run").has_value());
  cache.Insert("running", "other");  // the first answer stays
  CHECK(*cache.Find("running") == "run");
  CHECK(cache.size() == 3);
}

TEST_CASE("Words longer than the inline size are not cached", "[match][stem_cache]") {
  StemCache cache;
  const std::string longest(StemCache::kMaxInline, 'a');
  const std::string longer(StemCache::kMaxInline + 1, 'a');
  cache.Insert(longest, "a");
  cache.Insert(longer, "a");
  cache.Insert("short", longer);
  CHECK(cache.Find(longest).has_value());
  CHECK_FALSE(cache.Find(longer).has_value());
  CHECK_FALSE(cache.Find("short").has_value());
}

TEST_CASE("A stem cache grows up to its largest size and keeps every word", "[match][stem_cache]") {
  StemCache cache(8192);  // starts at 1,024 slots, may grow to 8,192 (6,144 words)
  for (int i = 0; i < 6000; ++i) cache.Insert("w" + std::to_string(i), std::to_string(i));
  CHECK(cache.size() == 6000);
  for (int i = 0; i < 6000; ++i) {
    const auto found = cache.Find("w" + std::to_string(i));
    REQUIRE(found.has_value());
    CHECK(*found == std::to_string(i));
  }
}

TEST_CASE("A full stem cache empties itself and goes on", "[match][stem_cache]") {
  StemCache cache(16);  // 12 words fit
  for (int i = 0; i < 12; ++i) cache.Insert("word" + std::to_string(i), std::to_string(i));
  CHECK(cache.size() == 12);
  for (int i = 0; i < 12; ++i) CHECK(*cache.Find("word" + std::to_string(i)) == std::to_string(i));
  cache.Insert("word12", "12");
  CHECK(cache.size() == 1);
  CHECK(*cache.Find("word12") == "12");
  CHECK_FALSE(cache.Find("word0").has_value());
  // Thousands of words through a small cache: every answer is right or absent, never wrong.
  for (int i = 0; i < 5000; ++i) cache.Insert("w" + std::to_string(i), std::to_string(i));
  for (int i = 0; i < 5000; ++i) {
    const auto found = cache.Find("w" + std::to_string(i));
    if (found) CHECK(*found == std::to_string(i));
  }
  CHECK(cache.size() <= 12);
}

}  // namespace tidings::match::internal
