// Shared helpers of the feed::Parse conformance tests (feed_formats_test.cc,
// feed_extensions_test.cc, feed_wild_test.cc): reading and parsing the fixtures under
// tests/data/feeds/, reaching an item with a checked index, printable forms of optional fields
// so that a failed CHECK shows what the parser produced, and the fallback identity hash of
// feed/feed.h. Catch2 assertions inside the helpers fail the calling test. Keep the Feed that
// ItemAt reads in a variable: an item of a temporary feed would dangle, so that overload is
// deleted.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/file.h"
#include "base/time.h"
#include "feed/feed.h"

namespace tidings::feed::fixtures {

inline std::string ReadFixture(const std::string& name) {
  const std::string path = std::string(TIDINGS_TEST_DATA) + "/feeds/" + name;
  tidings::Result<std::string> bytes = tidings::ReadFile(path);
  INFO(bytes.status().ToString());
  REQUIRE(bytes.ok());
  return std::move(bytes).value();
}

inline tidings::Result<Feed> ParseBytes(std::string bytes, const std::string& url = "",
                                        const std::string& content_type = "") {
  tidings::feed::ParseOptions options;
  options.url = url;
  options.content_type = content_type;
  return tidings::feed::Parse(std::move(bytes), options);
}

// Loads a fixture that must parse as a feed; `url` and `content_type` are what HTTP would give.
inline Feed Load(const std::string& name, const std::string& url = "",
                 const std::string& content_type = "") {
  tidings::Result<Feed> result = ParseBytes(ReadFixture(name), url, content_type);
  INFO(name << ": " << result.status().ToString());
  REQUIRE(result.ok());
  return std::move(result).value();
}

inline const Item& ItemAt(const Feed& feed, std::size_t index) {
  INFO("item " << index << " of " << feed.items.size());
  REQUIRE(index < feed.items.size());
  return feed.items[index];
}

// `const Item& x = ItemAt(Load(...), 0);` would refer into a destroyed feed: keep the feed.
Item ItemAt(Feed&& feed, std::size_t index) = delete;

// Printable forms of optional fields, so that a failed CHECK shows what the parser produced.
inline std::string Str(const std::optional<std::string>& value) {
  return value ? *value : "<null>";
}
inline std::string Utc(const std::optional<tidings::feed::Time>& time) {
  return time ? tidings::FormatUtc(*time) : "<null>";
}
inline std::int64_t Num(const std::optional<std::int64_t>& value) { return value ? *value : -1; }

inline std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

inline bool HasCategory(const Item& item, std::string_view category) {
  return std::find(item.categories.begin(), item.categories.end(), category) !=
         item.categories.end();
}

// Every string the parser produced, for "this text must appear nowhere" checks.
inline std::string AllText(const Feed& feed) {
  std::string all;
  auto add = [&all](const std::optional<std::string>& s) {
    if (s) all += *s + "\n";
  };
  for (auto* field : {&feed.title, &feed.link, &feed.subtitle, &feed.language, &feed.author,
                      &feed.author_email, &feed.image, &feed.self_link}) {
    add(*field);
  }
  for (const Item& item : feed.items) {
    all += item.id + "\n";
    for (auto* field : {&item.title, &item.link, &item.author, &item.author_email, &item.summary,
                        &item.content, &item.comments, &item.comments_feed}) {
      add(*field);
    }
    for (const std::string& category : item.categories) all += category + "\n";
    for (const auto& enclosure : item.enclosures) all += enclosure.url + "\n";
  }
  return all;
}

inline std::size_t LongestString(const Feed& feed) {
  std::size_t longest = 0;
  std::string all = AllText(feed);
  std::size_t start = 0;
  while (start < all.size()) {
    std::size_t end = all.find('\n', start);
    if (end == std::string::npos) end = all.size();
    longest = std::max(longest, end - start);
    start = end + 1;
  }
  return longest;
}

// The fallback identity of feed/feed.h: FNV-1a-64 over title + "\n" + content-or-summary.
inline std::string HashId(std::string_view title, std::string_view body) {
  std::uint64_t hash = 14695981039346656037ULL;
  auto mix = [&hash](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  };
  mix(title);
  mix("\n");
  mix(body);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) hex[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
  return "hash:" + hex;
}

inline bool IsHashId(const std::string& id) {
  if (id.size() != 21 || id.rfind("hash:", 0) != 0) return false;
  return std::all_of(id.begin() + 5, id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

}  // namespace tidings::feed::fixtures
