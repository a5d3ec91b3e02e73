#include "storage/search.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>

#include "storage/item_query.h"
#include "storage/query.h"

namespace tidings::storage {
namespace {

// bm25 weights for title, text, full_text and fts_feed: a word in the title says more than one in
// the body; the feed token (schema version 4) only filters.
constexpr const char* kRank = "bm25(10.0, 1.0, 1.0, 0.0)";
constexpr int kSnippetTokens = 16;
// bm25 must score every match before the best can be picked, which for a common word in a large
// archive means hundreds of thousands of rows. So the newest items are ranked first, in a window
// of ids that grows fourfold until it yields a full page: a news archive's best answer is almost
// always recent, and an older one still comes when the recent ones are not enough.
constexpr std::int64_t kFirstWindow = 20'000;

ItemFilter Combine(const ItemFilter& given, const ParsedQuery& parsed) {
  ItemFilter filter = given;
  if (parsed.since) filter.since = std::max(filter.since.value_or(*parsed.since), *parsed.since);
  if (parsed.until) filter.until = std::min(filter.until.value_or(*parsed.until), *parsed.until);
  filter.feeds.insert(filter.feeds.end(), parsed.feeds.begin(), parsed.feeds.end());
  filter.topics.insert(filter.topics.end(), parsed.topics.begin(), parsed.topics.end());
  return filter;
}

std::vector<SearchHit> ToHits(std::vector<ItemSummary> items) {
  std::vector<SearchHit> hits;
  hits.reserve(items.size());
  for (ItemSummary& item : items) hits.push_back({std::move(item), 0, ""});
  return hits;
}

// The user's query kept to the text columns, so it can never match a feed token ("f12"). The
// column filter costs FTS5 time on every row, so it is left out when no quoted term of the query
// starts with "f" (every term ParseQuery emits is quoted, prefix queries included).
std::string TextMatch(const std::string& fts_match) {
  if (fts_match.find("\"f") == std::string::npos && fts_match.find("\"F") == std::string::npos) {
    return fts_match;
  }
  return "{title text full_text} : (" + fts_match + ")";
}

// For a feed: filter, the feed tokens join the match: FTS5 then intersects the words' postings
// with the feed's instead of ranking the words' matches in every feed (docs/search.md).
std::string RankMatch(const std::string& fts_match, const std::vector<std::int64_t>& feed_ids) {
  std::string match = TextMatch(fts_match);
  if (feed_ids.empty()) return match;
  match = "(" + match + ") AND fts_feed : (";
  for (std::size_t i = 0; i < feed_ids.size(); ++i) {
    match += fmt::format("{}\"f{}\"", i ? " OR " : "", feed_ids[i]);
  }
  return match + ")";
}

struct Ranked {
  std::int64_t id;
  double score;
};

// The best `limit` matches among items with id > `after`, best first (ties: newest first).
std::vector<Ranked> RankWindow(Connection& conn, const std::string& match, const SqlFilter& where,
                               std::int64_t after, int limit) {
  bool filtered = where.where != "1";
  std::string sql =
      filtered
          ? fmt::format(
                "SELECT items_fts.rowid, items_fts.rank FROM items_fts JOIN items ON "
                "items.id = items_fts.rowid {} WHERE items_fts MATCH ? AND items_fts.rank "
                "MATCH '{}' AND items_fts.rowid > ? AND {} ORDER BY items_fts.rank, "
                "items_fts.rowid DESC{}",
                kFilterJoins, kRank, where.where, limit > 0 ? fmt::format(" LIMIT {}", limit) : "")
          : fmt::format(
                "SELECT rowid, rank FROM items_fts WHERE items_fts MATCH ? AND rank "
                "MATCH '{}' AND rowid > ? ORDER BY rank, rowid DESC{}",
                kRank, limit > 0 ? fmt::format(" LIMIT {}", limit) : "");
  SQLite::Statement s(conn.db(), sql);
  s.bind(1, match);
  s.bind(2, after);
  if (filtered) BindValues(s, where.values, 3);
  std::vector<Ranked> ranked;
  while (s.executeStep()) ranked.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getDouble()});
  return ranked;
}

std::vector<Ranked> RankBest(Connection& conn, const std::string& match, const SqlFilter& where,
                             int limit) {
  std::int64_t newest = conn.db().execAndGet("SELECT coalesce(max(id), 0) FROM items").getInt64();
  std::int64_t window = limit > 0 ? kFirstWindow : newest;  // no limit: everything at once
  for (;;) {
    std::int64_t after = std::max<std::int64_t>(newest - window, 0);
    std::vector<Ranked> ranked = RankWindow(conn, match, where, after, limit);
    if (after == 0 || static_cast<int>(ranked.size()) >= limit) return ranked;
    window *= 4;
  }
}

SearchHit ReadHit(Connection& conn, const SearchRequest& request, const std::string& match,
                  const Ranked& ranked) {
  SQLite::Statement& s = conn.Prepared(fmt::format(
      "SELECT {}, snippet(items_fts, -1, ?, ?, '…', {}) FROM items_fts JOIN items ON items.id = "
      "items_fts.rowid {} WHERE items_fts MATCH ? AND items_fts.rowid = ?",
      kSummaryColumns, kSnippetTokens, kSummaryJoins));
  s.bind(1, request.mark_open);
  s.bind(2, request.mark_close);
  s.bind(3, match);
  s.bind(4, ranked.id);
  SearchHit hit;
  if (s.executeStep()) {
    hit.item = ReadSummary(s);
    hit.snippet = s.getColumn(11).getString();
  }
  hit.score = ranked.score;
  return hit;
}

}  // namespace

Result<std::vector<SearchHit>> Search(Archive& archive, const SearchRequest& request,
                                      std::int64_t now) {
  Result<ParsedQuery> parsed = ParseQuery(request.query, now);
  if (!parsed.ok()) return parsed.status();
  ItemFilter filter = Combine(request.filter, *parsed);
  if (filter.since && filter.until && *filter.since >= *filter.until) {
    return InvalidError("search: the time window is empty (since is not before until)");
  }
  if (parsed->fts_match.empty()) {
    Result<std::vector<ItemSummary>> items = ListItems(archive, filter);
    if (!items.ok()) return items.status();
    return ToHits(std::move(*items));
  }
  Connection& conn = archive.connection();
  return conn.Guard("searching", [&]() -> Result<std::vector<SearchHit>> {
    Result<SqlFilter> where = BuildFilter(conn, filter);
    if (!where.ok()) return where.status();
    try {
      SQLite::Transaction snapshot(conn.db());  // ranking and details from one state
      std::vector<SearchHit> hits;
      const std::string rank_match = RankMatch(parsed->fts_match, where->feed_ids);
      const std::string text_match = TextMatch(parsed->fts_match);
      for (const Ranked& ranked : RankBest(conn, rank_match, *where, filter.limit)) {
        hits.push_back(ReadHit(conn, request, text_match, ranked));
      }
      return hits;
    } catch (const SQLite::Exception& e) {
      // ParseQuery quotes every term, so this means a bug, not bad user input: say so plainly.
      if (e.getErrorCode() != SQLITE_ERROR) throw;
      return InvalidError(fmt::format("search: cannot run this query ({})", e.what()));
    }
  });
}

}  // namespace tidings::storage
