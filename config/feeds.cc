// [[feed]] entries: one table per feed, in an array of tables. Duplicates are found through
// the canonical form of the URL (base/canonical_url.h): "http://www.example.com/feed" and
// "https://example.com/feed#x" are one feed, listed twice.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/ascii.h"
#include "base/canonical_url.h"
#include "config/http_checks.h"
#include "config/sections.h"

namespace tidings::config::internal {
namespace {

constexpr std::size_t kMaxTitleBytes = 512;
constexpr std::size_t kMaxTagBytes = 64;

FeedConfig& Feed(Reader& reader) { return reader.config().feeds.back(); }

void ReadUrl(const toml::node& value, Reader& reader) {
  const toml::value<std::string>* text = value.as_string();
  if (text == nullptr) {
    reader.Fail(value.source().begin, "expected a feed URL (a string), got " + Describe(value));
    return;
  }
  if (std::optional<std::string> why = WhyNotFeedUrl(text->get())) {
    reader.Fail(value.source().begin, fmt::format("bad feed URL {}: {}", Quote(text->get()), *why));
    return;
  }
  Feed(reader).url = text->get();
  Feed(reader).canonical_url = CanonicalUrl(text->get());
}

void ReadTitle(const toml::node& value, Reader& reader) {
  ReadText(value, reader, kMaxTitleBytes, Feed(reader).title);
}

void ReadFeedInterval(const toml::node& value, Reader& reader) {
  std::chrono::seconds interval{0};
  if (ReadDuration(value, reader, interval)) Feed(reader).interval = interval;
}

void ReadTags(const toml::node& value, Reader& reader) {
  const toml::array* tags = value.as_array();
  if (tags == nullptr) {
    reader.Fail(
        value.source().begin,
        "expected an array of strings such as [\"science\", \"en\"], got " + Describe(value));
    return;
  }
  std::vector<std::string>& out = Feed(reader).tags;
  out.clear();  // a fragment cannot reach an entry of another file, but be exact anyway
  for (const toml::node& element : *tags) {
    std::string tag;
    if (!ReadText(element, reader, kMaxTagBytes, tag)) continue;
    if (std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(std::move(tag));
  }
}

void ReadEnabled(const toml::node& value, Reader& reader) {
  ReadBool(value, reader, Feed(reader).enabled);
}

void ReadFullText(const toml::node& value, Reader& reader) {
  std::size_t choice = 0;
  if (ReadChoice(value, reader, kFullTextNames, choice)) {
    Feed(reader).full_text = static_cast<FullText>(choice);
  }
}

void ReadRespectRobots(const toml::node& value, Reader& reader) {
  bool respect = true;
  if (ReadBool(value, reader, respect)) Feed(reader).respect_robots = respect;
}

void ReadHeaders(const toml::node& value, Reader& reader) {
  const toml::table* headers = value.as_table();
  if (headers == nullptr) {
    reader.Fail(value.source().begin,
                "expected a table of header names and values such as "
                "{ \"Accept-Language\" = \"en\" }, got " +
                    Describe(value));
    return;
  }
  auto& out = Feed(reader).headers;
  for (const auto& [name, header] : *headers) {
    if (std::optional<std::string> why = WhyNotHeaderName(name.str())) {
      reader.Fail(name.source().begin, fmt::format("header {}: {}", Quote(name.str()), *why));
      continue;
    }
    const toml::value<std::string>* text = header.as_string();
    if (text == nullptr) {
      reader.Fail(header.source().begin, fmt::format("expected the value of header {} as a "
                                                     "string, got {}",
                                                     Quote(name.str()), Describe(header)));
      continue;
    }
    if (std::optional<std::string> why = WhyNotHeaderValue(text->get())) {
      reader.Fail(header.source().begin, fmt::format("header {}: {}", Quote(name.str()), *why));
      continue;
    }
    const std::string lower = AsciiLower(name.str());
    const bool duplicate = std::any_of(out.begin(), out.end(), [&lower](const auto& known) {
      return AsciiLower(known.first) == lower;
    });
    if (duplicate) {
      reader.Fail(name.source().begin,
                  fmt::format("header {} is given twice (names ignore case)", Quote(name.str())));
      continue;
    }
    out.emplace_back(std::string(name.str()), text->get());
  }
}

void ReadCredentialsFile(const toml::node& value, Reader& reader) {
  ReadFilePath(value, reader, Feed(reader).credentials_file);
}

void ReadFeedPrivate(const toml::node& value, Reader& reader) {
  bool allow = false;
  if (ReadBool(value, reader, allow)) Feed(reader).allow_private_networks = allow;
}

constexpr Key kFeedKeys[] = {
    {"url", ReadUrl},
    {"title", ReadTitle},
    {"interval", ReadFeedInterval},
    {"tags", ReadTags},
    {"enabled", ReadEnabled},
    {"full_text", ReadFullText},
    {"respect_robots", ReadRespectRobots},
    {"headers", ReadHeaders},
    {"credentials_file", ReadCredentialsFile},
    {"allow_private_networks", ReadFeedPrivate},
};

void ReadFeed(const toml::table& table, Reader& reader) {
  {
    FeedConfig& feed = reader.config().feeds.emplace_back();
    feed.defined_in = reader.file();
    feed.line = static_cast<int>(table.source().begin.line);
  }
  ReadKeys(table, kFeedKeys, "[[feed]]", "", reader);
  const toml::node* url = table.get("url");
  if (url == nullptr) {
    reader.Fail(table.source().begin, "this [[feed]] has no url");
    return;
  }
  const FeedConfig& feed = Feed(reader);
  if (feed.url.empty()) return;  // reported by ReadUrl
  const std::string key = "feed " + feed.canonical_url;
  if (const Origin* first = reader.Recall(key)) {
    reader.Fail(url->source().begin, fmt::format("duplicate feed: {} is already listed at {}",
                                                 Quote(feed.url), Where(*first)));
    return;
  }
  reader.Remember(key, url->source().begin);
}

}  // namespace

std::span<const Key> FeedKeys() { return kFeedKeys; }

void ReadFeeds(const toml::node& value, Reader& reader) {
  const toml::array* feeds = value.as_array();
  if (feeds == nullptr) {
    reader.Fail(value.source().begin,
                "expected a list of feeds: write [[feed]] (double brackets) before each one, "
                "got " +
                    Describe(value));
    return;
  }
  for (const toml::node& element : *feeds) {
    if (const toml::table* table = element.as_table()) {
      ReadFeed(*table, reader);
    } else {
      reader.Fail(
          element.source().begin,
          "expected a feed as a table such as { url = \"https://...\" }, got " + Describe(element));
    }
  }
}

}  // namespace tidings::config::internal
