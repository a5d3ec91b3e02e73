// Ingest: writes one poll's outcome (a parsed feed document, or just the feed's new poll state)
// into the archive, atomically.
//
//   storage::FeedDocument doc;
//   doc.feed_url = "https://example.org/feed.xml";
//   doc.poll = {.polled_at = now, .http_status = 200, .etag = "\"abc\"", .next_poll = now + 900};
//   doc.feed = &parsed;                          // null for a 304 or a failed poll
//   Result<storage::IngestReport> r = storage::Ingest(archive, doc);
//
// Everything happens in one transaction: the document's items and the feed's new state commit
// together or not at all, so after a crash, a full disk or a kill the feed's ETag and next poll
// always match the items stored. Ingesting the same document twice changes nothing the second
// time. The feed row is created on first sight of its URL.
//
// Identity, per feed: items are matched by the parser's stable id. When a feed's ids prove
// unreliable (repeated within a document, or changing between polls while the link stays the
// same) the feed switches to matching by link, and when links are unreliable too, by content
// hash; the switch is one-way and recorded (feeds.key_kind). A stored item whose title or text
// changes is updated and its previous version kept in item_revisions. Items of different feeds
// with the same canonical link or the same substantial content share a story (items.story_id).
// An item pruned by retention leaves a tombstone and is not ingested again.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "feed/feed.h"
#include "storage/archive.h"
#include "storage/topics.h"

namespace tidings::storage {

enum class KeyKind { kId = 0, kLink = 1, kHash = 2 };

// "id", "link", "hash".
const char* KeyKindName(KeyKind kind);

// The feed's state after a poll, as the fetcher and scheduler decided it; stored as given.
struct PollState {
  std::int64_t polled_at = 0;
  int http_status = 0;               // 0 when no HTTP response arrived
  std::optional<std::string> error;  // set when the poll failed: what went wrong
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::optional<std::int64_t> next_poll;
  int consecutive_errors = 0;
  int backoff_seconds = 0;
  std::optional<std::int64_t> interval_seconds;  // the scheduler's current interval
  std::optional<std::string> schedule;           // the scheduler's state, opaque here
  std::optional<std::int64_t> failing_since;     // start of the current failure streak
  // Where the feed is fetched from now that a 301/308 moved it (the config keeps the old URL,
  // which stays the feed's identity); nullopt keeps the stored value.
  std::optional<std::string> fetch_url;
  std::optional<std::string> disabled_reason;  // set to stop polling (410 Gone); kept until cleared
  bool clear_disabled = false;                 // re-enable a disabled feed
};

struct IngestReport;

struct FeedDocument {
  std::string feed_url;
  PollState poll;
  const feed::Feed* feed = nullptr;  // not owned; null when there is no new document
  // Called inside the transaction, after the items are written and before the feed's state is:
  // lets the caller decide the state (the next poll, say) from what this ingest found, and have
  // it commit together with the items. Must not throw.
  std::function<void(const IngestReport&, PollState&)> decide;
  // Topic scores per item of `feed` (same order), or null. Stored, in the same transaction, for
  // the items this ingest adds or changes; unchanged items keep the scores they have.
  const std::vector<std::vector<TopicScoreRow>>* topic_scores = nullptr;
  // ItemText() of each item of `feed` (same order), or null: made here. The daemon makes them on
  // its parser threads, where it scores the items from the same text, so the one writer thread
  // does not convert HTML.
  const std::vector<std::string>* item_texts = nullptr;
};

// The plain text the archive stores for `item` and searches: its content, else its summary,
// with the HTML removed.
std::string ItemText(const feed::Item& item);

// An item this ingest added or changed.
struct WrittenItem {
  std::int64_t id = 0;
  std::size_t index = 0;  // in FeedDocument::feed->items
  bool added = false;     // false: changed
};

struct IngestReport {
  std::int64_t feed_id = 0;
  int added = 0;       // new items
  int changed = 0;     // stored items whose title or text changed (a revision was kept)
  int unchanged = 0;   // stored items seen again as they were
  int duplicates = 0;  // repeats of a key within the document (the first one counts)
  int tombstoned = 0;  // items pruned earlier, not brought back
  KeyKind key_kind = KeyKind::kId;   // how the feed's items are matched after this ingest
  std::vector<WrittenItem> written;  // added and changed items, in document order
};

// Writes `document` in one transaction. On failure nothing was written.
// Requires an archive opened kReadWrite.
Result<IngestReport> Ingest(Archive& archive, const FeedDocument& document);

}  // namespace tidings::storage
