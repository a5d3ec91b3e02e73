// The full article behind an item: its extracted main text (searchable), what fetching it came to
// (the `articles` row), and the raw page it came from (kept for re-extraction until retention
// drops it). Written by the daemon's article fetcher (daemon/article_fetcher.h).
//
//   auto due = storage::ListArticleCandidates(archive, {.all_feeds = {1}, .now = now});
//   ... fetch and extract each ...
//   storage::RecordArticle(archive, record, now);   // one transaction: row, text, page, feed
//   counter
//
// Raw pages are stored zlib-compressed (the `pages.body` column is a zlib stream) and come back
// decompressed from GetPage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "storage/archive.h"

namespace tidings::storage {

// Sets item `id`'s extracted text (replacing any earlier one) and re-indexes it for search.
// kNotFound when there is no such item.
Status SetFullText(Archive& archive, std::int64_t id, const std::string& text, std::int64_t now);

struct RawPage {
  std::string url;  // where it was fetched from, after redirects
  std::optional<std::string> content_type;
  std::string body;  // as served (decompressed on read)
};

// Stores (or replaces) the raw page of item `id`, compressed. kNotFound when there is no such item.
Status StorePage(Archive& archive, std::int64_t id, const RawPage& page, std::int64_t now);

// Item `id`'s raw page, decompressed. kNotFound when none is stored, kCorrupt when the stored
// stream does not inflate.
Result<RawPage> GetPage(Archive& archive, std::int64_t id);

// One attempt at an item's article. `outcome` is one of the names in the schema's comment
// (storage/schema.cc): "article", "consent_wall", "paywall", "bot_challenge", "no_content",
// "robots_denied", "noarchive", "too_large", "http_error", "fetch_error".
struct ArticleRecord {
  std::int64_t item_id = 0;
  std::string outcome;
  std::optional<std::string> error;
  std::optional<std::int64_t> next_attempt;  // when to try again; nullopt: never
  std::optional<std::string> final_url, canonical_url;
  std::optional<std::string> html;           // sanitized main content
  std::optional<std::string> metadata_json;  // {"title": ..., "byline": ...}
  std::optional<std::string> full_text;      // set: becomes items.full_text (searchable)
  std::optional<RawPage> page;               // set: stored in `pages`, compressed
};

// Writes `record` in one transaction: the articles row (attempts counted up from an earlier row),
// the item's full text and raw page when given, and the feed's article_failures counter: reset by
// an "article", left alone by "robots_denied" and "noarchive" (the site's wish, not a failure),
// bumped by anything else. kNotFound when the item does not exist.
Status RecordArticle(Archive& archive, const ArticleRecord& record, std::int64_t now);

// What an item's articles row says.
struct ArticleInfo {
  std::string outcome;
  std::optional<std::string> error;
  int attempts = 0;
  std::optional<std::int64_t> next_attempt;
  std::optional<std::string> final_url, canonical_url, html, metadata_json;
  std::int64_t fetched = 0;
};

// kNotFound when the item's article was never tried.
Result<ArticleInfo> GetArticle(Archive& archive, std::int64_t item_id);

// An item whose article is due.
struct ArticleCandidate {
  std::int64_t item_id = 0;
  std::int64_t feed_id = 0;
  std::string link;
  int attempts = 0;  // earlier attempts (0: never tried)
};

struct CandidateQuery {
  std::vector<std::int64_t> all_feeds;      // feeds whose policy is "all"
  std::vector<std::int64_t> matched_feeds;  // feeds whose policy is "matched"
  std::int64_t now = 0;
  std::int64_t window_seconds = 7 * 86400;  // only items first seen and dated this recently
  int limit = 100;
};

// Items with a link and no articles row yet, first seen and dated within the window, of an "all"
// feed or of a "matched" feed and matching a topic (item_topics.matched); then, before those,
// items of either kind of feed whose articles row asks for a retry by `now`. Newest first.
Result<std::vector<ArticleCandidate>> ListArticleCandidates(Archive& archive,
                                                            const CandidateQuery& query);

// The archive's feed ids by URL (feeds.url, as the config names them).
Result<std::vector<std::pair<std::string, std::int64_t>>> ListFeedIds(Archive& archive);

}  // namespace tidings::storage
