#include "storage/articles.h"

#include <fmt/format.h>

#include "storage/connection.h"

namespace tidings::storage {

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
    SQLite::Statement& s = conn.Prepared(
        "INSERT OR REPLACE INTO pages(item_id, url, fetched, content_type, body) "
        "VALUES (?, ?, ?, ?, ?)");
    s.bind(1, id);
    s.bind(2, page.url);
    s.bind(3, now);
    BindOptional(s, 4, page.content_type);
    s.bind(5, page.body.data(), static_cast<int>(page.body.size()));
    s.exec();
    return Status::Ok();
  });
}

}  // namespace tidings::storage
