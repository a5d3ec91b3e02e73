// Internal to digest/: helpers shared by its .cc files. Not part of the module's contract.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "digest/digest.h"

namespace tidings::digest::internal {

// Appends the 64-bit feature hashes of `text` to `out` (see cluster.h for the features), reading
// at most `max_words` words or CJK characters. `salt` is mixed into every hash, so that the same
// word from a title and from a text are different features.
void CollectFeatures(std::string_view text, std::size_t max_words, std::uint64_t salt,
                     std::vector<std::uint64_t>& out);

// A 64-bit mixing function (splitmix64's finaliser).
std::uint64_t MixHash(std::uint64_t x);

// Decodes the UTF-8 code point at `pos` (advancing it); malformed bytes give U+FFFD and one byte.
char32_t NextCodePoint(std::string_view text, std::size_t& pos);

// rank.cc: the lead's index in `group` (best score, then longest text, then earliest item).
std::size_t PickLead(const std::vector<DigestItem>& items, const std::vector<std::size_t>& group);
// rank.cc: the ranking formula of docs/digest.md.
double RankScore(double lead_score, std::int64_t newest_time, std::size_t distinct_feeds,
                 std::int64_t now);

// render.cc: shared by the renderers.
std::string Iso8601(std::int64_t unix_seconds);    // "2024-05-01T07:00:00Z"
std::string HumanTime(std::int64_t unix_seconds);  // "2024-05-01 07:00 UTC"
bool IsWebLink(std::string_view url);              // http(s) with no spaces or controls
std::string CleanText(std::string_view text);      // valid UTF-8, no controls but \n, \t
std::string Headline(const Entry& entry);          // the lead's title, cleaned
std::string SourceNames(const Entry& entry);       // "Feed A, Feed B (+2 more)"
std::int64_t StoryItemId(const Entry& entry);      // the smallest item id: a stable story id
std::int64_t NewestTime(const Entry& entry);

}  // namespace tidings::digest::internal
