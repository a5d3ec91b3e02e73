#include "storage/search.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>

#include "storage/item_query.h"
#include "storage/query.h"

namespace tidings::storage {
namespace {

// bm25 weights for title, text, full_text: a word in the title says more than one in the body.
constexpr const char* kRank = "bm25(items_fts, 10.0, 1.0, 1.0)";
constexpr int kSnippetTokens = 16;

ItemFilter Combine(const ItemFilter& given, const ParsedQuery& parsed) {
  ItemFilter filter = given;
  if (parsed.since) filter.since = filter.since ? std::max(*filter.since, *parsed.since) : *parsed.since;
  if (parsed.until) filter.until = filter.until ? std::min(*filter.until, *parsed.until) : *parsed.until;
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

std::vector<SearchHit> RunMatch(Connection& conn, const SearchRequest& request,
                                const std::string& match, const SqlFilter& where, int limit) {
  std::string sql = fmt::format(
      "SELECT {}, {} AS score, snippet(items_fts, -1, ?, ?, '…', {}) "
      "FROM items_fts JOIN items ON items.id = items_fts.rowid {} "
      "WHERE items_fts MATCH ? AND {} ORDER BY score, items.item_time DESC{}",
      kSummaryColumns, kRank, kSnippetTokens, kSummaryJoins, where.where,
      limit > 0 ? fmt::format(" LIMIT {}", limit) : "");
  SQLite::Statement s(conn.db(), sql);
  s.bind(1, request.mark_open);
  s.bind(2, request.mark_close);
  s.bind(3, match);
  BindValues(s, where.values, 4);
  std::vector<SearchHit> hits;
  while (s.executeStep()) {
    SearchHit hit;
    hit.item = ReadSummary(s);
    hit.score = s.getColumn(11).getDouble();
    hit.snippet = s.getColumn(12).getString();
    hits.push_back(std::move(hit));
  }
  return hits;
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
      return RunMatch(conn, request, parsed->fts_match, *where, filter.limit);
    } catch (const SQLite::Exception& e) {
      // ParseQuery quotes every term, so this means a bug, not bad user input: say so plainly.
      if (e.getErrorCode() != SQLITE_ERROR) throw;
      return InvalidError(fmt::format("search: cannot run this query ({})", e.what()));
    }
  });
}

}  // namespace tidings::storage
