#include "storage/ingest.h"

#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/html_text.h"
#include "storage/connection.h"
#include "storage/item_row.h"
#include "storage/item_store.h"
#include "storage/topics_internal.h"

namespace tidings::storage {
namespace {

// "More than a few percent": at least two items and over 5% of the document.
bool Unreliable(int count, std::size_t total) {
  return count >= 2 && static_cast<std::size_t>(count) * 20 > total;
}

struct FeedRecord {
  std::int64_t id = 0;
  KeyKind kind = KeyKind::kId;
  bool has_tombstones = false;
};

FeedRecord UpsertFeed(Connection& conn, const std::string& url, std::int64_t now) {
  SQLite::Statement& insert =
      conn.Prepared("INSERT INTO feeds(url, created) VALUES (?, ?) ON CONFLICT(url) DO NOTHING");
  insert.bind(1, url);
  insert.bind(2, now);
  insert.exec();
  SQLite::Statement& select = conn.Prepared(
      "SELECT id, key_kind, EXISTS(SELECT 1 FROM tombstones t WHERE t.feed_id = feeds.id) "
      "FROM feeds WHERE url = ?");
  select.bind(1, url);
  select.executeStep();
  return {select.getColumn(0).getInt64(), static_cast<KeyKind>(select.getColumn(1).getInt()),
          select.getColumn(2).getInt() != 0};
}

// Decides how this feed's items are matched, escalating id -> link -> hash when the document shows
// that the current key is unreliable. `renamed` receives, per row, the stored item whose id was
// replaced by a new one while its link stayed (an id that changed between polls).
KeyKind AssessKeys(ItemStore& store, const FeedRecord& feed, const std::vector<ItemRow>& rows,
                   std::unordered_map<std::size_t, std::int64_t>& renamed) {
  KeyKind kind = feed.kind;
  if (kind == KeyKind::kId) {
    std::unordered_set<std::string_view> ids;
    std::unordered_map<std::string_view, int> links;
    int repeated = 0;
    for (const ItemRow& row : rows) {
      if (!ids.insert(row.item_key).second) ++repeated;
      if (row.link) ++links[*row.link];
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const ItemRow& row = rows[i];
      if (!row.link || links[*row.link] != 1) continue;
      if (store.Find(feed.id, KeyKind::kId, row)) continue;
      std::optional<StoredItem> by_link = store.Find(feed.id, KeyKind::kLink, row);
      if (by_link && !ids.contains(by_link->item_key)) renamed[i] = by_link->id;
    }
    if (Unreliable(repeated, rows.size()) ||
        Unreliable(static_cast<int>(renamed.size()), rows.size())) {
      kind = KeyKind::kLink;
    }
  }
  if (kind == KeyKind::kLink) {
    std::unordered_set<std::string_view> links;
    int bad = 0;
    for (const ItemRow& row : rows) {
      if (!row.link || !links.insert(*row.link).second) ++bad;
    }
    if (Unreliable(bad, rows.size())) kind = KeyKind::kHash;
  }
  return kind;
}

void StoreItems(ItemStore& store, const FeedRecord& feed, KeyKind kind,
                const std::vector<ItemRow>& rows,
                const std::unordered_map<std::size_t, std::int64_t>& renamed, std::int64_t now,
                IngestReport& report) {
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ItemRow& row = rows[i];
    std::string key = TombstoneKey(kind, row);
    if (!seen.insert(key).second) {
      ++report.duplicates;
      continue;
    }
    if (feed.has_tombstones && store.IsTombstoned(feed.id, key)) {
      ++report.tombstoned;
      continue;
    }
    std::optional<StoredItem> existing = store.Find(feed.id, kind, row);
    auto rename = renamed.find(i);
    if (!existing && kind == KeyKind::kId && rename != renamed.end()) {
      existing = store.FindById(rename->second);
    }
    if (!existing) {
      report.written.push_back({store.Insert(feed.id, row, now), i, true});
      ++report.added;
    } else if (store.Update(*existing, row, now)) {
      report.written.push_back({existing->id, i, false});
      ++report.changed;
    } else {
      ++report.unchanged;
    }
  }
}

void WriteFeedState(Connection& conn, const FeedDocument& doc, const PollState& poll,
                    const FeedRecord& feed, const IngestReport& report) {
  SQLite::Statement& s = conn.Prepared(R"sql(
    UPDATE feeds SET
      title = coalesce(?1, title), site_link = coalesce(?2, site_link),
      etag = CASE WHEN ?3 IS NULL THEN ?4 ELSE etag END,
      last_modified = CASE WHEN ?3 IS NULL THEN ?5 ELSE last_modified END,
      last_error = ?3, last_poll = ?6,
      last_success = CASE WHEN ?3 IS NULL THEN ?6 ELSE last_success END,
      last_status = ?7, next_poll = ?8, consecutive_errors = ?9, backoff_seconds = ?10,
      key_kind = ?11, polls = polls + 1, errors = errors + (?3 IS NOT NULL),
      items_added = items_added + ?12, items_changed = items_changed + ?13,
      interval_seconds = coalesce(?15, interval_seconds), failing_since = ?16,
      fetch_url = coalesce(?17, fetch_url),
      disabled_reason = CASE WHEN ?19 THEN NULL ELSE coalesce(?18, disabled_reason) END,
      schedule = coalesce(?20, schedule)
    WHERE id = ?14)sql");
  const feed::Feed* parsed = doc.feed;
  BindOptional(s, 1, parsed ? parsed->title : std::nullopt);
  BindOptional(s, 2, parsed ? parsed->link : std::nullopt);
  BindOptional(s, 3, poll.error);
  BindOptional(s, 4, poll.etag);
  BindOptional(s, 5, poll.last_modified);
  s.bind(6, poll.polled_at);
  s.bind(7, poll.http_status);
  BindOptional(s, 8, poll.next_poll);
  s.bind(9, poll.consecutive_errors);
  s.bind(10, poll.backoff_seconds);
  s.bind(11, static_cast<int>(report.key_kind));
  s.bind(12, report.added);
  s.bind(13, report.changed);
  s.bind(14, feed.id);
  BindOptional(s, 15, poll.interval_seconds);
  BindOptional(s, 16, poll.failing_since);
  BindOptional(s, 17, poll.fetch_url);
  BindOptional(s, 18, poll.disabled_reason);
  s.bind(19, poll.clear_disabled ? 1 : 0);
  BindOptional(s, 20, poll.schedule);
  s.exec();
}

}  // namespace

const char* KeyKindName(KeyKind kind) {
  switch (kind) {
    case KeyKind::kId:
      return "id";
    case KeyKind::kLink:
      return "link";
    case KeyKind::kHash:
      return "hash";
  }
  return "id";
}

std::string ItemText(const feed::Item& item) {
  const std::optional<std::string>& body = item.content ? item.content : item.summary;
  return body ? HtmlToText(*body) : std::string();
}

Result<IngestReport> Ingest(Archive& archive, const FeedDocument& doc) {
  Connection& conn = archive.connection();
  return conn.Guard("ingesting " + doc.feed_url, [&]() -> Result<IngestReport> {
    std::int64_t now = doc.poll.polled_at;
    std::vector<ItemRow> rows;
    if (doc.feed) {
      rows.reserve(doc.feed->items.size());
      const std::vector<feed::Item>& items = doc.feed->items;
      const bool have_texts = doc.item_texts != nullptr && doc.item_texts->size() == items.size();
      for (std::size_t i = 0; i < items.size(); ++i) {
        std::string text = have_texts ? (*doc.item_texts)[i] : ItemText(items[i]);
        rows.push_back(MakeItemRow(items[i], *doc.feed, now, std::move(text)));
      }
    }
    SQLite::Transaction transaction(conn.db(), SQLite::TransactionBehavior::IMMEDIATE);
    FeedRecord feed = UpsertFeed(conn, doc.feed_url, now);
    ItemStore store(conn);
    std::unordered_map<std::size_t, std::int64_t> renamed;
    IngestReport report;
    report.feed_id = feed.id;
    report.key_kind = AssessKeys(store, feed, rows, renamed);
    StoreItems(store, feed, report.key_kind, rows, renamed, now, report);
    if (doc.topic_scores != nullptr) {
      for (const WrittenItem& item : report.written) {
        if (item.index < doc.topic_scores->size()) {
          WriteTopicScores(conn, item.id, (*doc.topic_scores)[item.index], now);
        }
      }
    }
    PollState poll = doc.poll;
    if (doc.decide) doc.decide(report, poll);
    WriteFeedState(conn, doc, poll, feed, report);
    conn.Commit(transaction);
    return report;
  });
}

}  // namespace tidings::storage
