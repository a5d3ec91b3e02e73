// Reading the archive's items: lists, one item in full, and exports. Used by the CLI (read-only)
// and the daemon's digests.
//
//   storage::ItemFilter f;
//   f.since = now - 7 * 86400;
//   f.feeds = {"arstechnica"};            // a feed id, its URL, or part of its URL or title
//   Result<std::vector<storage::ItemSummary>> items = storage::ListItems(archive, f);
//
// Lists are newest first (by item time: published, else updated, else first seen).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "storage/archive.h"
#include "storage/articles.h"

namespace tidings::storage {

struct ItemFilter {
  std::optional<std::int64_t> since;  // item time >= since (Unix seconds)
  std::optional<std::int64_t> until;  // item time < until
  // Each: a feed id, its exact URL, or text found (case-insensitively) in its URL or title. An
  // item of any of them passes. A value that matches no feed is an error (kNotFound).
  std::vector<std::string> feeds;
  std::vector<std::string> topics;  // items that matched any of these topics
  bool starred_only = false;
  std::optional<std::string> label;  // items with this label
  // Only items after this (item time, id) in ExportItems' order: pages through a long export
  // (the caller stops a page, writes, and goes on from the last item it saw).
  std::optional<std::pair<std::int64_t, std::int64_t>> after;
  int limit = 50;  // 0: no limit
};

struct ItemSummary {
  std::int64_t id = 0;
  std::int64_t feed_id = 0;
  std::string feed_url;
  std::optional<std::string> feed_title;
  std::optional<std::string> title;
  std::optional<std::string> link;
  std::int64_t item_time = 0;
  std::int64_t first_seen = 0;
  bool starred = false;
  std::vector<std::string> labels;
  std::vector<std::string> topics;  // topics it matched
};

struct ItemDetail : ItemSummary {
  std::string item_key;
  std::optional<std::string> guid;
  std::optional<std::string> canonical_link;
  std::optional<std::string> author;
  std::optional<std::string> author_email;
  std::optional<std::int64_t> published;
  std::optional<std::int64_t> updated;
  std::optional<std::string> summary_html;
  std::optional<std::string> content_html;
  std::string text;
  std::optional<std::string> full_text;
  std::optional<std::string> language;
  std::vector<std::string> categories;
  std::optional<std::string> comments_url;
  std::string enclosures_json;  // JSON array of {url, type, length}
  std::int64_t last_changed = 0;
  int revision_count = 0;
  std::optional<std::string> note;
  std::int64_t story_id = 0;
  std::vector<std::int64_t> same_story;  // other items of the same story (other feeds)
  std::optional<ArticleInfo> article;    // what fetching its article came to (GetItem only)
};

Result<std::vector<ItemSummary>> ListItems(Archive& archive, const ItemFilter& filter);

// kNotFound when there is no item `id`.
Result<ItemDetail> GetItem(Archive& archive, std::int64_t id);

// Calls `sink` for every item passing `filter` (its limit included), oldest first, without
// holding them all in memory. Stops at and returns the first error `sink` returns.
Status ExportItems(Archive& archive, const ItemFilter& filter,
                   const std::function<Status(const ItemDetail&)>& sink);

}  // namespace tidings::storage
