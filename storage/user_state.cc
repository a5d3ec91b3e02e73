#include "storage/user_state.h"

#include <fmt/format.h>

#include "storage/connection.h"

namespace tidings::storage {
namespace {

constexpr std::size_t kMaxLabel = 64;

bool ItemExists(Connection& conn, std::int64_t id) {
  SQLite::Statement& s = conn.Prepared("SELECT 1 FROM items WHERE id = ?");
  s.bind(1, id);
  return s.executeStep();
}

Status ValidLabel(const std::string& name) {
  if (name.empty() || name.size() > kMaxLabel) {
    return InvalidError(fmt::format("a label is 1 to {} bytes long", kMaxLabel));
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') {
      return InvalidError("a label cannot contain control characters");
    }
  }
  return Status::Ok();
}

// Runs `write` in a transaction after checking that item `id` exists.
template <typename Write>
Status WriteItemState(Archive& archive, std::int64_t id, std::string_view what, Write&& write) {
  Connection& conn = archive.connection();
  return conn.Guard(what, [&]() -> Status {
    SQLite::Transaction transaction(conn.db(), SQLite::TransactionBehavior::IMMEDIATE);
    if (!ItemExists(conn, id)) return NotFoundError(fmt::format("no item {}", id));
    write(conn);
    conn.Commit(transaction);
    return Status::Ok();
  });
}

}  // namespace

Status SetStarred(Archive& archive, std::int64_t id, bool starred, std::int64_t now) {
  return WriteItemState(archive, id, "starring an item", [&](Connection& conn) {
    SQLite::Statement& s = conn.Prepared(
        "INSERT INTO user_state(item_id, starred, changed) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(item_id) DO UPDATE SET starred = ?2, changed = ?3");
    s.bind(1, id);
    s.bind(2, starred ? 1 : 0);
    s.bind(3, now);
    s.exec();
  });
}

Status SetNote(Archive& archive, std::int64_t id, const std::optional<std::string>& note,
               std::int64_t now) {
  std::optional<std::string> value = note && !note->empty() ? note : std::nullopt;
  return WriteItemState(archive, id, "writing a note", [&](Connection& conn) {
    SQLite::Statement& s = conn.Prepared(
        "INSERT INTO user_state(item_id, note, changed) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(item_id) DO UPDATE SET note = ?2, changed = ?3");
    s.bind(1, id);
    BindOptional(s, 2, value);
    s.bind(3, now);
    s.exec();
  });
}

Status AddLabel(Archive& archive, std::int64_t id, const std::string& name, std::int64_t now) {
  Status valid = ValidLabel(name);
  if (!valid.ok()) return valid;
  return WriteItemState(archive, id, "labelling an item", [&](Connection& conn) {
    SQLite::Statement& s = conn.Prepared(
        "INSERT INTO labels(item_id, name, added) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    s.bind(1, id);
    s.bind(2, name);
    s.bind(3, now);
    s.exec();
  });
}

Status RemoveLabel(Archive& archive, std::int64_t id, const std::string& name) {
  return WriteItemState(archive, id, "removing a label", [&](Connection& conn) {
    SQLite::Statement& s = conn.Prepared("DELETE FROM labels WHERE item_id = ? AND name = ?");
    s.bind(1, id);
    s.bind(2, name);
    s.exec();
  });
}

}  // namespace tidings::storage
