#include "storage/feeds.h"

#include <fmt/format.h>

#include "storage/connection.h"

namespace tidings::storage {
namespace {

constexpr const char* kFeedSelect = R"sql(
  SELECT f.id, f.url, f.title, f.site_link, f.etag, f.last_modified, f.last_poll, f.last_success,
         f.next_poll, f.last_status, f.last_error, f.consecutive_errors, f.backoff_seconds,
         f.key_kind, f.polls, f.errors, f.interval_seconds, f.fetch_url, f.failing_since,
         f.disabled_reason, f.schedule,
         (SELECT count(*) FROM items WHERE items.feed_id = f.id),
         (SELECT max(item_time) FROM items WHERE items.feed_id = f.id)
  FROM feeds f )sql";

FeedInfo ReadFeed(SQLite::Statement& s) {
  FeedInfo feed;
  feed.id = s.getColumn(0).getInt64();
  feed.url = s.getColumn(1).getString();
  feed.title = OptionalText(s.getColumn(2));
  feed.site_link = OptionalText(s.getColumn(3));
  feed.etag = OptionalText(s.getColumn(4));
  feed.last_modified = OptionalText(s.getColumn(5));
  feed.last_poll = OptionalInt(s.getColumn(6));
  feed.last_success = OptionalInt(s.getColumn(7));
  feed.next_poll = OptionalInt(s.getColumn(8));
  if (!s.getColumn(9).isNull()) feed.last_status = s.getColumn(9).getInt();
  feed.last_error = OptionalText(s.getColumn(10));
  feed.consecutive_errors = s.getColumn(11).getInt();
  feed.backoff_seconds = s.getColumn(12).getInt();
  feed.key_kind = static_cast<KeyKind>(s.getColumn(13).getInt());
  feed.polls = s.getColumn(14).getInt64();
  feed.errors = s.getColumn(15).getInt64();
  feed.interval_seconds = OptionalInt(s.getColumn(16));
  feed.fetch_url = OptionalText(s.getColumn(17));
  feed.failing_since = OptionalInt(s.getColumn(18));
  feed.disabled_reason = OptionalText(s.getColumn(19));
  feed.schedule = OptionalText(s.getColumn(20));
  feed.item_count = s.getColumn(21).getInt64();
  feed.newest_item = OptionalInt(s.getColumn(22));
  return feed;
}

}  // namespace

Result<std::vector<FeedInfo>> ListFeeds(Archive& archive) {
  Connection& conn = archive.connection();
  return conn.Guard("listing feeds", [&]() -> Result<std::vector<FeedInfo>> {
    SQLite::Statement& s =
        conn.Prepared(std::string(kFeedSelect) + "ORDER BY lower(coalesce(f.title, f.url)), f.url");
    std::vector<FeedInfo> feeds;
    while (s.executeStep()) feeds.push_back(ReadFeed(s));
    return feeds;
  });
}

Result<FeedInfo> GetFeed(Archive& archive, const std::string& url) {
  Connection& conn = archive.connection();
  return conn.Guard("reading a feed", [&]() -> Result<FeedInfo> {
    SQLite::Statement& s = conn.Prepared(std::string(kFeedSelect) + "WHERE f.url = ?");
    s.bind(1, url);
    if (!s.executeStep()) return NotFoundError(fmt::format("no feed {}", url));
    return ReadFeed(s);
  });
}

}  // namespace tidings::storage
