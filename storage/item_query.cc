#include "storage/item_query.h"

#include <fmt/format.h>

namespace tidings::storage {
namespace {

constexpr char kListSeparator = '\x1f';  // group_concat separator: cannot occur in a label

std::vector<std::string> SplitList(const SQLite::Column& column) {
  std::vector<std::string> out;
  if (column.isNull()) return out;
  std::string text = column.getString();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(kListSeparator, start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool IsAllDigits(const std::string& text) {
  if (text.empty() || text.size() > 18) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Feed ids for one user-given value: an id, an exact URL, or a substring of URL or title.
Result<std::vector<std::int64_t>> ResolveFeed(Connection& conn, const std::string& value) {
  std::vector<std::int64_t> ids;
  SQLite::Statement exact(conn.db(), "SELECT id FROM feeds WHERE url = ?1 OR id = ?2");
  exact.bind(1, value);
  exact.bind(2,
             IsAllDigits(value) ? static_cast<std::int64_t>(std::stoll(value)) : std::int64_t{-1});
  while (exact.executeStep()) ids.push_back(exact.getColumn(0).getInt64());
  if (!ids.empty()) return ids;
  SQLite::Statement like(conn.db(),
                         "SELECT id FROM feeds WHERE instr(lower(url), lower(?1)) > 0 "
                         "OR instr(lower(coalesce(title, '')), lower(?1)) > 0");
  like.bind(1, value);
  while (like.executeStep()) ids.push_back(like.getColumn(0).getInt64());
  if (ids.empty()) return NotFoundError(fmt::format("no feed matches \"{}\"", value));
  return ids;
}

std::string Placeholders(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace

const char* const kSummaryColumns =
    "items.id, items.feed_id, feeds.url, feeds.title, items.title, items.link, items.item_time, "
    "items.first_seen, coalesce(user_state.starred, 0), "
    "(SELECT group_concat(name, char(31)) FROM labels WHERE labels.item_id = items.id), "
    "(SELECT group_concat(topic, char(31)) FROM item_topics t "
    "WHERE t.item_id = items.id AND t.matched)";

const char* const kSummaryJoins =
    "JOIN feeds ON feeds.id = items.feed_id "
    "LEFT JOIN user_state ON user_state.item_id = items.id";

const char* const kFilterJoins = "LEFT JOIN user_state ON user_state.item_id = items.id";

ItemSummary ReadSummary(SQLite::Statement& s) {
  ItemSummary item;
  item.id = s.getColumn(0).getInt64();
  item.feed_id = s.getColumn(1).getInt64();
  item.feed_url = s.getColumn(2).getString();
  item.feed_title = OptionalText(s.getColumn(3));
  item.title = OptionalText(s.getColumn(4));
  item.link = OptionalText(s.getColumn(5));
  item.item_time = s.getColumn(6).getInt64();
  item.first_seen = s.getColumn(7).getInt64();
  item.starred = s.getColumn(8).getInt() != 0;
  item.labels = SplitList(s.getColumn(9));
  item.topics = SplitList(s.getColumn(10));
  return item;
}

Result<SqlFilter> BuildFilter(Connection& conn, const ItemFilter& filter) {
  SqlFilter out;
  std::vector<std::string> conditions;
  if (filter.since) {
    conditions.push_back("items.item_time >= ?");
    out.values.push_back(*filter.since);
  }
  if (filter.until) {
    conditions.push_back("items.item_time < ?");
    out.values.push_back(*filter.until);
  }
  if (filter.after) {
    conditions.push_back("(items.item_time, items.id) > (?, ?)");
    out.values.push_back(filter.after->first);
    out.values.push_back(filter.after->second);
  }
  std::vector<std::int64_t> feed_ids;
  for (const std::string& value : filter.feeds) {
    Result<std::vector<std::int64_t>> ids = ResolveFeed(conn, value);
    if (!ids.ok()) return ids.status();
    feed_ids.insert(feed_ids.end(), ids->begin(), ids->end());
  }
  if (!feed_ids.empty()) {
    conditions.push_back("items.feed_id IN (" + Placeholders(feed_ids.size()) + ")");
    for (std::int64_t id : feed_ids) out.values.push_back(id);
    out.feed_ids = std::move(feed_ids);
  }
  if (!filter.topics.empty()) {
    conditions.push_back(
        "EXISTS (SELECT 1 FROM item_topics t WHERE t.item_id = items.id AND t.matched AND "
        "t.topic IN (" +
        Placeholders(filter.topics.size()) + "))");
    for (const std::string& topic : filter.topics) out.values.push_back(topic);
  }
  if (filter.starred_only) conditions.push_back("coalesce(user_state.starred, 0)");
  if (filter.label) {
    conditions.push_back(
        "EXISTS (SELECT 1 FROM labels WHERE labels.item_id = items.id AND labels.name = ?)");
    out.values.push_back(*filter.label);
  }
  out.where = conditions.empty() ? "1" : fmt::format("{}", fmt::join(conditions, " AND "));
  return out;
}

void BindValues(SQLite::Statement& s, const std::vector<SqlValue>& values, int first_index) {
  int index = first_index;
  for (const SqlValue& value : values) {
    if (value.is_text) {
      s.bind(index++, value.text);
    } else {
      s.bind(index++, value.number);
    }
  }
}

}  // namespace tidings::storage
