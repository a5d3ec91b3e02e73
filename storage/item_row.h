// Internal to storage/: what the archive stores for one parsed feed item, derived once per item.
// Pure (no SQLite), so the derivation rules are unit-tested on their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "feed/feed.h"

namespace tidings::storage {

struct ItemRow {
  std::string item_key;             // feed::Item::id
  std::optional<std::string> guid;  // the id when the document gave one (not a fallback)
  std::optional<std::string> link;
  std::optional<std::string> canonical_link;  // CanonicalUrl(link) when link is http(s)
  std::optional<std::string> title;
  std::optional<std::string> author;
  std::optional<std::string> author_email;
  std::optional<std::int64_t> published;
  std::optional<std::int64_t> updated;
  std::int64_t item_time = 0;  // see ItemTime()
  std::optional<std::string> summary_html;
  std::optional<std::string> content_html;
  std::string text;  // plain text of content, else of summary
  std::optional<std::string> language;
  std::string categories;  // JSON array
  std::string enclosures;  // JSON array
  std::optional<std::string> comments_url;
  std::int64_t content_hash = 0;
};

// Derives the row for `item` of `feed`, first seen at `now`; `text` is ItemText(item) (ingest.h),
// passed in when the caller has already made it.
ItemRow MakeItemRow(const feed::Item& item, const feed::Feed& feed, std::int64_t now,
                    std::string text);
ItemRow MakeItemRow(const feed::Item& item, const feed::Feed& feed, std::int64_t now);

// FNV-1a-64 over the title and plain text with white space collapsed and letters lower-cased, so
// that re-wrapped or re-cased copies of a story hash alike. Returned as the signed value SQLite
// stores.
std::int64_t ContentHash(std::string_view title, std::string_view text);

// The time an item is listed and filtered by: published, else updated, else `first_seen`; a date
// more than a day in the future (a feed's broken clock) is replaced by `first_seen`.
std::int64_t ItemTime(std::optional<std::int64_t> published, std::optional<std::int64_t> updated,
                      std::int64_t first_seen);

// Whether `hash`-equal items of different feeds are one story: only when there is enough text
// for equality to mean something (an empty or one-word item is not a story fingerprint).
bool HashIdentifiesStory(std::string_view title, std::string_view text);

}  // namespace tidings::storage
