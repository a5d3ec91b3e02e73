#include "storage/item_store.h"

#include <fmt/format.h>

namespace tidings::storage {
namespace {

// A feed that rewrites its items on every poll (a view counter in the text ...) must not grow
// the archive without bound: only the newest revisions of an item are kept.
constexpr int kMaxRevisions = 20;

constexpr const char* kSelectColumns =
    "SELECT id, item_key, link, content_hash, revision_count FROM items ";

std::optional<StoredItem> ReadStored(SQLite::Statement& s) {
  if (!s.executeStep()) return std::nullopt;
  StoredItem item;
  item.id = s.getColumn(0).getInt64();
  item.item_key = s.getColumn(1).getString();
  item.link = OptionalText(s.getColumn(2));
  item.content_hash = s.getColumn(3).getInt64();
  item.revision_count = s.getColumn(4).getInt();
  return item;
}

std::string HashKey(std::int64_t hash) {
  return fmt::format("hash:{:016x}", static_cast<std::uint64_t>(hash));
}

}  // namespace

std::string TombstoneKey(KeyKind kind, const ItemRow& row) {
  switch (kind) {
    case KeyKind::kId:
      return "id:" + row.item_key;
    case KeyKind::kLink:
      if (row.link) return "link:" + *row.link;
      break;
    case KeyKind::kHash:
      break;
  }
  return HashKey(row.content_hash);
}

std::optional<StoredItem> ItemStore::Find(std::int64_t feed_id, KeyKind kind, const ItemRow& row) {
  if (kind == KeyKind::kId) {
    SQLite::Statement& s = conn_.Prepared(std::string(kSelectColumns) +
                                          "WHERE feed_id = ? AND item_key = ? ORDER BY id LIMIT 1");
    s.bind(1, feed_id);
    s.bind(2, row.item_key);
    return ReadStored(s);
  }
  if (kind == KeyKind::kLink && row.link) {
    SQLite::Statement& s = conn_.Prepared(std::string(kSelectColumns) +
                                          "WHERE feed_id = ? AND link = ? ORDER BY id LIMIT 1");
    s.bind(1, feed_id);
    s.bind(2, *row.link);
    return ReadStored(s);
  }
  SQLite::Statement& s = conn_.Prepared(
      std::string(kSelectColumns) + "WHERE content_hash = ? AND feed_id = ? ORDER BY id LIMIT 1");
  s.bind(1, row.content_hash);
  s.bind(2, feed_id);
  return ReadStored(s);
}

std::optional<StoredItem> ItemStore::FindById(std::int64_t item_id) {
  SQLite::Statement& s = conn_.Prepared(std::string(kSelectColumns) + "WHERE id = ?");
  s.bind(1, item_id);
  return ReadStored(s);
}

bool ItemStore::IsTombstoned(std::int64_t feed_id, const std::string& key) {
  SQLite::Statement& s = conn_.Prepared("SELECT 1 FROM tombstones WHERE feed_id = ? AND key = ?");
  s.bind(1, feed_id);
  s.bind(2, key);
  return s.executeStep();
}

std::int64_t ItemStore::StoryFor(std::int64_t feed_id, const ItemRow& row, std::int64_t now) {
  if (row.canonical_link) {
    SQLite::Statement& s = conn_.Prepared(
        "SELECT story_id FROM items WHERE canonical_link = ? AND feed_id != ? LIMIT 1");
    s.bind(1, *row.canonical_link);
    s.bind(2, feed_id);
    if (s.executeStep()) return s.getColumn(0).getInt64();
  }
  if (HashIdentifiesStory(row.title.value_or(""), row.text)) {
    SQLite::Statement& s = conn_.Prepared(
        "SELECT story_id FROM items WHERE content_hash = ? AND feed_id != ? LIMIT 1");
    s.bind(1, row.content_hash);
    s.bind(2, feed_id);
    if (s.executeStep()) return s.getColumn(0).getInt64();
  }
  SQLite::Statement& s = conn_.Prepared("INSERT INTO stories(first_seen) VALUES (?)");
  s.bind(1, now);
  s.exec();
  return conn_.db().getLastInsertRowid();
}

std::int64_t ItemStore::Insert(std::int64_t feed_id, const ItemRow& row, std::int64_t now) {
  std::int64_t story_id = StoryFor(feed_id, row, now);
  SQLite::Statement& s = conn_.Prepared(R"sql(
    INSERT INTO items(feed_id, story_id, item_key, guid, link, canonical_link, title, author,
                      author_email, published, updated, item_time, summary_html, content_html,
                      text, language, categories, enclosures, comments_url, content_hash,
                      first_seen, last_changed)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
  s.bind(1, feed_id);
  s.bind(2, story_id);
  s.bindNoCopy(3, row.item_key);
  BindOptional(s, 4, row.guid);
  BindOptional(s, 5, row.link);
  BindOptional(s, 6, row.canonical_link);
  BindOptional(s, 7, row.title);
  BindOptional(s, 8, row.author);
  BindOptional(s, 9, row.author_email);
  BindOptional(s, 10, row.published);
  BindOptional(s, 11, row.updated);
  s.bind(12, row.item_time);
  BindOptional(s, 13, row.summary_html);
  BindOptional(s, 14, row.content_html);
  s.bindNoCopy(15, row.text);
  BindOptional(s, 16, row.language);
  s.bindNoCopy(17, row.categories);
  s.bindNoCopy(18, row.enclosures);
  BindOptional(s, 19, row.comments_url);
  s.bind(20, row.content_hash);
  s.bind(21, now);
  s.bind(22, now);
  s.exec();
  return conn_.db().getLastInsertRowid();
}

void ItemStore::KeepRevision(const StoredItem& stored, std::int64_t now) {
  SQLite::Statement& copy = conn_.Prepared(R"sql(
    INSERT INTO item_revisions(item_id, title, link, summary_html, content_html, content_hash,
                               replaced_at)
    SELECT id, title, link, summary_html, content_html, content_hash, ? FROM items WHERE id = ?)sql");
  copy.bind(1, now);
  copy.bind(2, stored.id);
  copy.exec();
  if (stored.revision_count + 1 <= kMaxRevisions) return;
  SQLite::Statement& trim = conn_.Prepared(R"sql(
    DELETE FROM item_revisions WHERE item_id = ?1 AND id NOT IN
      (SELECT id FROM item_revisions WHERE item_id = ?1 ORDER BY id DESC LIMIT ?2))sql");
  trim.bind(1, stored.id);
  trim.bind(2, kMaxRevisions);
  trim.exec();
}

bool ItemStore::Update(const StoredItem& stored, const ItemRow& row, std::int64_t now) {
  bool changed = stored.content_hash != row.content_hash;
  if (!changed) {
    if (stored.link == row.link && stored.item_key == row.item_key) return false;
    SQLite::Statement& s =
        conn_.Prepared("UPDATE items SET link = ?, canonical_link = ?, item_key = ? WHERE id = ?");
    BindOptional(s, 1, row.link);
    BindOptional(s, 2, row.canonical_link);
    s.bind(3, row.item_key);
    s.bind(4, stored.id);
    s.exec();
    return false;
  }
  KeepRevision(stored, now);
  SQLite::Statement& s = conn_.Prepared(R"sql(
    UPDATE items SET item_key = ?, guid = ?, link = ?, canonical_link = ?, title = ?, author = ?,
      author_email = ?, published = ?, updated = ?, summary_html = ?, content_html = ?, text = ?,
      categories = ?, enclosures = ?, comments_url = ?, content_hash = ?, last_changed = ?,
      revision_count = min(revision_count + 1, ?)
    WHERE id = ?)sql");
  s.bind(1, row.item_key);
  BindOptional(s, 2, row.guid);
  BindOptional(s, 3, row.link);
  BindOptional(s, 4, row.canonical_link);
  BindOptional(s, 5, row.title);
  BindOptional(s, 6, row.author);
  BindOptional(s, 7, row.author_email);
  BindOptional(s, 8, row.published);
  BindOptional(s, 9, row.updated);
  BindOptional(s, 10, row.summary_html);
  BindOptional(s, 11, row.content_html);
  s.bind(12, row.text);
  s.bind(13, row.categories);
  s.bind(14, row.enclosures);
  BindOptional(s, 15, row.comments_url);
  s.bind(16, row.content_hash);
  s.bind(17, now);
  s.bind(18, kMaxRevisions);
  s.bind(19, stored.id);
  s.exec();
  return true;
}

}  // namespace tidings::storage
