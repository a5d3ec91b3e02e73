#include "storage/search.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <optional>

#include "storage/item_query.h"
#include "storage/query.h"

namespace tidings::storage {
namespace {

// bm25 weights for title, text, full_text and fts_filter: a word in the title says more than one
// in the body; the feed and day tokens (schema version 5) only filter.
constexpr const char* kRank = "bm25(10.0, 1.0, 1.0, 0.0)";
constexpr int kSnippetTokens = 16;
// bm25 must score every match before the best can be picked, which for a common word in a large
// archive means hundreds of thousands of rows; and each ranked query first counts, over the whole
// index, the items holding each phrase (bm25's IDF), which for a phrase costs as much as finding
// all its matches. So a search ranks the newest kRankCandidates matches, in one ranked query: a
// cheap unranked query finds where they start. A news archive's best answer is almost always
// recent; when the filters leave fewer than a page, eight times as many are ranked, and so on.
constexpr std::int64_t kRankCandidates = 500;
// A since:/until: window of at most this many days joins the match as day tokens; a longer one
// would OR so many postings that leaving the window to SQL, after the match, is cheaper.
constexpr std::int64_t kMaxDayTokens = 62;
constexpr std::int64_t kDay = 86400;

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

// The user's query kept to the text columns, so it can never match a filter token ("f12",
// "fd20786"). The column filter costs FTS5 time on every row, so it is left out when no quoted
// term of the query starts with "f" (every term ParseQuery emits is quoted, prefix queries
// included).
std::string TextMatch(const std::string& fts_match) {
  if (fts_match.find("\"f") == std::string::npos && fts_match.find("\"F") == std::string::npos) {
    return fts_match;
  }
  return "{title text full_text} : (" + fts_match + ")";
}

// The days (UTC, as day numbers) a since:/until: window covers, when it is short enough to filter
// by day tokens. Items before 1970-01-02 have no usable day token (SQLite's division truncates
// toward zero), so a window reaching back there is not narrowed this way.
struct Days {
  std::int64_t first = 0, last = 0;
};

std::optional<Days> FilterDays(Connection& conn, const ItemFilter& filter) {
  if (!filter.since || *filter.since < kDay) return std::nullopt;
  std::int64_t end = 0;  // the last second that can match
  if (filter.until) {
    end = *filter.until - 1;
  } else {
    end = conn.db().execAndGet("SELECT coalesce(max(item_time), 0) FROM items").getInt64();
  }
  Days days{*filter.since / kDay, std::max(end, *filter.since) / kDay};
  if (days.last - days.first + 1 > kMaxDayTokens) return std::nullopt;
  return days;
}

// The feed and day tokens join the match: FTS5 then intersects the words' postings with the
// feed's or the days' instead of ranking the words' matches everywhere (docs/search.md).
std::string RankMatch(const std::string& fts_match, const std::vector<std::int64_t>& feed_ids,
                      const std::optional<Days>& days) {
  std::string match = TextMatch(fts_match);
  if (feed_ids.empty() && !days) return match;
  match = "(" + match + ")";
  if (!feed_ids.empty()) {
    match += " AND fts_filter : (";
    for (std::size_t i = 0; i < feed_ids.size(); ++i) {
      match += fmt::format("{}\"f{}\"", i ? " OR " : "", feed_ids[i]);
    }
    match += ")";
  }
  if (days) {
    match += " AND fts_filter : (";
    for (std::int64_t day = days->first; day <= days->last; ++day) {
      match += fmt::format("{}\"fd{}\"", day == days->first ? "" : " OR ", day);
    }
    match += ")";
  }
  return match;
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

// The id just below the k-th newest match, so that `rowid > after` holds the newest k matches;
// 0 when there are fewer. FTS5 walks the postings from the newest end and ranks nothing.
std::int64_t NewestMatchesAfter(Connection& conn, const std::string& match, std::int64_t k) {
  SQLite::Statement& s = conn.Prepared(
      "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?");
  s.bind(1, match);
  s.bind(2, k - 1);
  std::int64_t after = s.executeStep() ? s.getColumn(0).getInt64() - 1 : 0;
  s.reset();
  return after;
}

std::vector<Ranked> RankBest(Connection& conn, const std::string& match, const SqlFilter& where,
                             int limit) {
  if (limit <= 0) return RankWindow(conn, match, where, 0, limit);  // no limit: rank everything
  // A page larger than the usual starts with enough candidates to fill it.
  for (std::int64_t k = std::max<std::int64_t>(kRankCandidates, 4 * limit);; k *= 8) {
    std::int64_t after = NewestMatchesAfter(conn, match, k);
    std::vector<Ranked> ranked = RankWindow(conn, match, where, after, limit);
    if (after == 0 || static_cast<int>(ranked.size()) >= limit) return ranked;
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
      const std::optional<Days> days = FilterDays(conn, filter);
      const std::string rank_match = RankMatch(parsed->fts_match, where->feed_ids, days);
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
