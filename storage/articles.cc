#include "storage/articles.h"

#include <fmt/format.h>
#include <zlib.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "storage/connection.h"

namespace tidings::storage {
namespace {

// A page larger than this after inflating is taken as corrupt: the fetcher never stores one
// this large (its cap is at most 1 GiB, pages are far smaller in practice).
constexpr std::size_t kMaxInflated = std::size_t{1} << 30;

std::string Deflate(const std::string& body) {
  uLongf size = compressBound(static_cast<uLong>(body.size()));
  std::string out(size, '\0');
  // Level 6: HTML shrinks 4-8x; a higher level costs time on the writer thread for little gain.
  int rc =
      compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(body.data()), static_cast<uLong>(body.size()), 6);
  if (rc != Z_OK) return {};
  out.resize(size);
  return out;
}

Result<std::string> Inflate(const void* data, std::size_t size) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return Status(StatusCode::kIO, "inflateInit failed");
  stream.next_in = static_cast<Bytef*>(const_cast<void*>(data));
  stream.avail_in = static_cast<uInt>(size);
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    std::size_t used = out.size();
    if (used >= kMaxInflated) break;
    out.resize(used + std::max<std::size_t>(size * 4, 64 * 1024));
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    stream.avail_out = static_cast<uInt>(out.size() - used);
    rc = inflate(&stream, Z_NO_FLUSH);
    out.resize(out.size() - stream.avail_out);
  }
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) return Status(StatusCode::kCorrupt, "the stored page does not inflate");
  return out;
}

// The JSON array "[1,2,3]" bound to json_each(): one cached statement whatever the feed lists.
std::string IdArray(const std::vector<std::int64_t>& ids) { return nlohmann::json(ids).dump(); }

ArticleCandidate ReadCandidate(SQLite::Statement& s) {
  ArticleCandidate c;
  c.item_id = s.getColumn(0).getInt64();
  c.feed_id = s.getColumn(1).getInt64();
  c.link = s.getColumn(2).getString();
  c.attempts = s.getColumn(3).getInt();
  return c;
}

constexpr const char* kDueRetries =
    "SELECT i.id, i.feed_id, i.link, a.attempts FROM articles a JOIN items i ON i.id = a.item_id "
    "WHERE a.next_attempt IS NOT NULL AND a.next_attempt <= ?3 AND i.link IS NOT NULL "
    "AND (i.feed_id IN (SELECT value FROM json_each(?1)) "
    "OR i.feed_id IN (SELECT value FROM json_each(?2))) "
    "ORDER BY a.next_attempt LIMIT ?4";

// Driven by the (feed_id, item_time) index, so a large archive costs only its recent items.
constexpr const char* kNewItems =
    "SELECT i.id, i.feed_id, i.link, 0 FROM json_each(?1) f JOIN items i "
    "ON i.feed_id = f.value AND i.item_time >= ?3 WHERE i.first_seen >= ?3 AND i.link IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.item_id = i.id) "
    "UNION ALL "
    "SELECT i.id, i.feed_id, i.link, 0 FROM json_each(?2) f JOIN items i "
    "ON i.feed_id = f.value AND i.item_time >= ?3 WHERE i.first_seen >= ?3 AND i.link IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.item_id = i.id) "
    "AND EXISTS (SELECT 1 FROM item_topics t WHERE t.item_id = i.id AND t.matched) "
    "ORDER BY 1 DESC LIMIT ?4";

void WritePage(Connection& conn, std::int64_t id, const RawPage& page, std::int64_t now) {
  const std::string body = Deflate(page.body);
  SQLite::Statement& s = conn.Prepared(
      "INSERT OR REPLACE INTO pages(item_id, url, fetched, content_type, body) "
      "VALUES (?, ?, ?, ?, ?)");
  s.bind(1, id);
  s.bind(2, page.url);
  s.bind(3, now);
  BindOptional(s, 4, page.content_type);
  s.bind(5, body.data(), static_cast<int>(body.size()));
  s.exec();
}

void WriteFullText(Connection& conn, std::int64_t id, const std::string& text, std::int64_t now) {
  SQLite::Statement& s =
      conn.Prepared("UPDATE items SET full_text = ?, full_text_time = ? WHERE id = ?");
  s.bind(1, text);
  s.bind(2, now);
  s.bind(3, id);
  s.exec();
}

void WriteArticleRow(Connection& conn, const ArticleRecord& r, std::int64_t now) {
  SQLite::Statement& s = conn.Prepared(
      "INSERT INTO articles(item_id, outcome, error, attempts, next_attempt, final_url, "
      "canonical_url, html, metadata, fetched) VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9) "
      "ON CONFLICT(item_id) DO UPDATE SET outcome = ?2, error = ?3, attempts = attempts + 1, "
      "next_attempt = ?4, final_url = ?5, canonical_url = ?6, html = ?7, metadata = ?8, "
      "fetched = ?9");
  s.bind(1, r.item_id);
  s.bind(2, r.outcome);
  BindOptional(s, 3, r.error);
  BindOptional(s, 4, r.next_attempt);
  BindOptional(s, 5, r.final_url);
  BindOptional(s, 6, r.canonical_url);
  BindOptional(s, 7, r.html);
  BindOptional(s, 8, r.metadata_json);
  s.bind(9, now);
  s.exec();
}

void CountForFeed(Connection& conn, std::int64_t item_id, const std::string& outcome) {
  if (outcome == "robots_denied" || outcome == "noarchive") return;
  SQLite::Statement& s = conn.Prepared(
      outcome == "article" ? "UPDATE feeds SET article_failures = 0 "
                             "WHERE id = (SELECT feed_id FROM items WHERE id = ?)"
                           : "UPDATE feeds SET article_failures = article_failures + 1 "
                             "WHERE id = (SELECT feed_id FROM items WHERE id = ?)");
  s.bind(1, item_id);
  s.exec();
}

}  // namespace

Status SetFullText(Archive& archive, std::int64_t id, const std::string& text, std::int64_t now) {
  Connection& conn = archive.connection();
  return conn.Guard("storing an article's text", [&]() -> Status {
    SQLite::Statement& s =
        conn.Prepared("UPDATE items SET full_text = ?, full_text_time = ? WHERE id = ?");
    s.bind(1, text);
    s.bind(2, now);
    s.bind(3, id);
    if (s.exec() == 0) return NotFoundError(fmt::format("no item {}", id));
    return Status::Ok();
  });
}

Status StorePage(Archive& archive, std::int64_t id, const RawPage& page, std::int64_t now) {
  Connection& conn = archive.connection();
  return conn.Guard("storing an article page", [&]() -> Status {
    SQLite::Statement& exists = conn.Prepared("SELECT 1 FROM items WHERE id = ?");
    exists.bind(1, id);
    if (!exists.executeStep()) return NotFoundError(fmt::format("no item {}", id));
    exists.reset();
    WritePage(conn, id, page, now);
    return Status::Ok();
  });
}

Result<RawPage> GetPage(Archive& archive, std::int64_t id) {
  Connection& conn = archive.connection();
  return conn.Guard("reading an article page", [&]() -> Result<RawPage> {
    SQLite::Statement& s =
        conn.Prepared("SELECT url, content_type, body FROM pages WHERE item_id = ?");
    s.bind(1, id);
    if (!s.executeStep()) return NotFoundError(fmt::format("no page stored for item {}", id));
    RawPage page;
    page.url = s.getColumn(0).getString();
    page.content_type = OptionalText(s.getColumn(1));
    const SQLite::Column body = s.getColumn(2);
    Result<std::string> inflated = Inflate(body.getBlob(), static_cast<std::size_t>(body.size()));
    if (!inflated.ok()) {
      return Status(inflated.status().code(),
                    fmt::format("item {}: {}", id, inflated.status().message()));
    }
    page.body = std::move(*inflated);
    return page;
  });
}

Status RecordArticle(Archive& archive, const ArticleRecord& record, std::int64_t now) {
  Connection& conn = archive.connection();
  return conn.Guard("recording an article", [&]() -> Status {
    SQLite::Transaction transaction(conn.db(), SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement& exists = conn.Prepared("SELECT 1 FROM items WHERE id = ?");
    exists.bind(1, record.item_id);
    if (!exists.executeStep()) return NotFoundError(fmt::format("no item {}", record.item_id));
    exists.reset();
    WriteArticleRow(conn, record, now);
    if (record.full_text) WriteFullText(conn, record.item_id, *record.full_text, now);
    if (record.page) WritePage(conn, record.item_id, *record.page, now);
    CountForFeed(conn, record.item_id, record.outcome);
    conn.Commit(transaction);
    return Status::Ok();
  });
}

Result<ArticleInfo> GetArticle(Archive& archive, std::int64_t item_id) {
  Connection& conn = archive.connection();
  return conn.Guard("reading an article", [&]() -> Result<ArticleInfo> {
    SQLite::Statement& s = conn.Prepared(
        "SELECT outcome, error, attempts, next_attempt, final_url, canonical_url, html, metadata, "
        "fetched FROM articles WHERE item_id = ?");
    s.bind(1, item_id);
    if (!s.executeStep()) return NotFoundError(fmt::format("no article for item {}", item_id));
    ArticleInfo info;
    info.outcome = s.getColumn(0).getString();
    info.error = OptionalText(s.getColumn(1));
    info.attempts = s.getColumn(2).getInt();
    info.next_attempt = OptionalInt(s.getColumn(3));
    info.final_url = OptionalText(s.getColumn(4));
    info.canonical_url = OptionalText(s.getColumn(5));
    info.html = OptionalText(s.getColumn(6));
    info.metadata_json = OptionalText(s.getColumn(7));
    info.fetched = s.getColumn(8).getInt64();
    return info;
  });
}

Result<std::vector<ArticleCandidate>> ListArticleCandidates(Archive& archive,
                                                            const CandidateQuery& query) {
  Connection& conn = archive.connection();
  return conn.Guard("listing article candidates", [&]() -> Result<std::vector<ArticleCandidate>> {
    std::vector<ArticleCandidate> out;
    if (query.limit <= 0 || (query.all_feeds.empty() && query.matched_feeds.empty())) return out;
    const std::string all = IdArray(query.all_feeds);
    const std::string matched = IdArray(query.matched_feeds);
    for (const char* sql : {kDueRetries, kNewItems}) {
      const int left = query.limit - static_cast<int>(out.size());
      if (left <= 0) break;
      SQLite::Statement& s = conn.Prepared(sql);
      s.bind(1, all);
      s.bind(2, matched);
      s.bind(3, sql == kDueRetries ? query.now : query.now - query.window_seconds);
      s.bind(4, left);
      while (s.executeStep()) out.push_back(ReadCandidate(s));
    }
    return out;
  });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> ListFeedIds(Archive& archive) {
  Connection& conn = archive.connection();
  using Ids = std::vector<std::pair<std::string, std::int64_t>>;
  return conn.Guard("listing feed ids", [&]() -> Result<Ids> {
    Ids ids;
    SQLite::Statement& s = conn.Prepared("SELECT url, id FROM feeds");
    while (s.executeStep()) ids.emplace_back(s.getColumn(0).getString(), s.getColumn(1).getInt64());
    return ids;
  });
}

}  // namespace tidings::storage
