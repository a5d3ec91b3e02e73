#include "storage/items.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "storage/item_query.h"

namespace tidings::storage {
namespace {

constexpr const char* kDetailColumns =
    "items.item_key, items.guid, items.canonical_link, items.author, items.author_email, "
    "items.published, items.updated, items.summary_html, items.content_html, items.text, "
    "items.full_text, items.language, items.categories, items.comments_url, items.enclosures, "
    "items.last_changed, items.revision_count, user_state.note, items.story_id";
constexpr int kSummaryColumnCount = 11;

std::vector<std::string> ParseCategories(const std::string& json_text) {
  nlohmann::json parsed = nlohmann::json::parse(json_text, nullptr, false);
  std::vector<std::string> out;
  if (!parsed.is_array()) return out;
  for (const nlohmann::json& entry : parsed) {
    if (entry.is_string()) out.push_back(entry.get<std::string>());
  }
  return out;
}

ItemDetail ReadDetail(SQLite::Statement& s) {
  ItemDetail item;
  static_cast<ItemSummary&>(item) = ReadSummary(s);
  int c = kSummaryColumnCount;
  item.item_key = s.getColumn(c++).getString();
  item.guid = OptionalText(s.getColumn(c++));
  item.canonical_link = OptionalText(s.getColumn(c++));
  item.author = OptionalText(s.getColumn(c++));
  item.author_email = OptionalText(s.getColumn(c++));
  item.published = OptionalInt(s.getColumn(c++));
  item.updated = OptionalInt(s.getColumn(c++));
  item.summary_html = OptionalText(s.getColumn(c++));
  item.content_html = OptionalText(s.getColumn(c++));
  item.text = s.getColumn(c++).getString();
  item.full_text = OptionalText(s.getColumn(c++));
  item.language = OptionalText(s.getColumn(c++));
  item.categories = ParseCategories(s.getColumn(c++).getString());
  item.comments_url = OptionalText(s.getColumn(c++));
  item.enclosures_json = s.getColumn(c++).getString();
  item.last_changed = s.getColumn(c++).getInt64();
  item.revision_count = s.getColumn(c++).getInt();
  item.note = OptionalText(s.getColumn(c++));
  item.story_id = s.getColumn(c++).getInt64();
  return item;
}

std::vector<std::int64_t> SameStory(Connection& conn, const ItemDetail& item) {
  SQLite::Statement& s =
      conn.Prepared("SELECT id FROM items WHERE story_id = ? AND id != ? ORDER BY id");
  s.bind(1, item.story_id);
  s.bind(2, item.id);
  std::vector<std::int64_t> ids;
  while (s.executeStep()) ids.push_back(s.getColumn(0).getInt64());
  return ids;
}

std::string LimitClause(int limit) { return limit > 0 ? fmt::format(" LIMIT {}", limit) : ""; }

}  // namespace

Result<std::vector<ItemSummary>> ListItems(Archive& archive, const ItemFilter& filter) {
  Connection& conn = archive.connection();
  return conn.Guard("listing items", [&]() -> Result<std::vector<ItemSummary>> {
    Result<SqlFilter> where = BuildFilter(conn, filter);
    if (!where.ok()) return where.status();
    SQLite::Statement s(conn.db(), fmt::format("SELECT {} FROM items {} WHERE {} ORDER BY "
                                               "items.item_time DESC, items.id DESC{}",
                                               kSummaryColumns, kSummaryJoins, where->where,
                                               LimitClause(filter.limit)));
    BindValues(s, where->values, 1);
    std::vector<ItemSummary> items;
    while (s.executeStep()) items.push_back(ReadSummary(s));
    return items;
  });
}

Result<ItemDetail> GetItem(Archive& archive, std::int64_t id) {
  Connection& conn = archive.connection();
  return conn.Guard("reading an item", [&]() -> Result<ItemDetail> {
    SQLite::Statement& s =
        conn.Prepared(fmt::format("SELECT {}, {} FROM items {} WHERE items.id = ?", kSummaryColumns,
                                  kDetailColumns, kSummaryJoins));
    s.bind(1, id);
    if (!s.executeStep()) return NotFoundError(fmt::format("no item {}", id));
    ItemDetail item = ReadDetail(s);
    item.same_story = SameStory(conn, item);
    Result<ArticleInfo> article = GetArticle(archive, id);
    if (article.ok()) item.article = std::move(*article);
    return item;
  });
}

Status ExportItems(Archive& archive, const ItemFilter& filter,
                   const std::function<Status(const ItemDetail&)>& sink) {
  Connection& conn = archive.connection();
  return conn.Guard("exporting items", [&]() -> Status {
    Result<SqlFilter> where = BuildFilter(conn, filter);
    if (!where.ok()) return where.status();
    SQLite::Statement s(
        conn.db(), fmt::format("SELECT {}, {} FROM items {} WHERE {} ORDER BY items.item_time, "
                               "items.id{}",
                               kSummaryColumns, kDetailColumns, kSummaryJoins, where->where,
                               LimitClause(filter.limit)));
    BindValues(s, where->values, 1);
    while (s.executeStep()) {
      ItemDetail item = ReadDetail(s);
      Status status = sink(item);
      if (!status.ok()) return status;
    }
    return Status::Ok();
  });
}

}  // namespace tidings::storage
