#include "storage/topics.h"

#include <fmt/format.h>

#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "storage/connection.h"
#include "storage/topics_internal.h"

namespace tidings::storage {
namespace {

constexpr std::size_t kMaxTopicName = 64;

std::string WhyJson(const std::vector<std::string>& why) { return nlohmann::json(why).dump(); }

// A damaged `why` column loses the explanation, never the score.
std::vector<std::string> ParseWhy(const SQLite::Column& column) {
  if (column.isNull()) return {};
  nlohmann::json parsed = nlohmann::json::parse(column.getString(), nullptr, false);
  std::vector<std::string> out;
  if (!parsed.is_array()) return out;
  for (const auto& entry : parsed) {
    if (entry.is_string()) out.push_back(entry.get<std::string>());
  }
  return out;
}

Status ValidTopic(const std::string& topic) {
  if (topic.empty() || topic.size() > kMaxTopicName) {
    return InvalidError(fmt::format("a topic name is 1 to {} bytes long", kMaxTopicName));
  }
  return Status::Ok();
}

}  // namespace

void WriteTopicScores(Connection& conn, std::int64_t id, const std::vector<TopicScoreRow>& scores,
                      std::int64_t now) {
  for (const TopicScoreRow& row : scores) {
    SQLite::Statement& s = conn.Prepared(
        "INSERT OR REPLACE INTO item_topics(item_id, topic, score, matched, why, scored) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, id);
    s.bind(2, row.topic);
    s.bind(3, row.score);
    s.bind(4, row.matched ? 1 : 0);
    s.bind(5, WhyJson(row.why));
    s.bind(6, now);
    s.exec();
  }
}

Status StoreTopicScores(Archive& archive, std::int64_t id, const std::vector<TopicScoreRow>& scores,
                        std::int64_t now) {
  Connection& conn = archive.connection();
  return conn.Guard("storing topic scores", [&]() -> Status {
    SQLite::Transaction transaction(conn.db(), SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement& exists = conn.Prepared("SELECT 1 FROM items WHERE id = ?");
    exists.bind(1, id);
    if (!exists.executeStep()) return NotFoundError(fmt::format("no item {}", id));
    WriteTopicScores(conn, id, scores, now);
    conn.Commit(transaction);
    return Status::Ok();
  });
}

Result<std::vector<TopicScoreRow>> GetTopicScores(Archive& archive, std::int64_t id) {
  Connection& conn = archive.connection();
  return conn.Guard("reading topic scores", [&]() -> Result<std::vector<TopicScoreRow>> {
    SQLite::Statement& s = conn.Prepared(
        "SELECT topic, score, matched, why FROM item_topics WHERE item_id = ? ORDER BY topic");
    s.bind(1, id);
    std::vector<TopicScoreRow> rows;
    while (s.executeStep()) {
      rows.push_back({s.getColumn(0).getString(), s.getColumn(1).getDouble(),
                      s.getColumn(2).getInt() != 0, ParseWhy(s.getColumn(3))});
    }
    return rows;
  });
}

Status SetTopicLabel(Archive& archive, std::int64_t id, const std::string& topic, bool relevant,
                     std::int64_t now) {
  Status valid = ValidTopic(topic);
  if (!valid.ok()) return valid;
  Connection& conn = archive.connection();
  return conn.Guard("labelling an item for a topic", [&]() -> Status {
    SQLite::Transaction transaction(conn.db(), SQLite::TransactionBehavior::IMMEDIATE);
    // The text trains the topic later: the extracted article when there is one.
    SQLite::Statement& s = conn.Prepared(
        "INSERT OR REPLACE INTO topic_labels(item_id, topic, relevant, title, text, added) "
        "SELECT id, ?2, ?3, coalesce(title, ''), coalesce(full_text, text, ''), ?4 "
        "FROM items WHERE id = ?1");
    s.bind(1, id);
    s.bind(2, topic);
    s.bind(3, relevant ? 1 : 0);
    s.bind(4, now);
    if (s.exec() == 0) return NotFoundError(fmt::format("no item {}", id));
    conn.Commit(transaction);
    return Status::Ok();
  });
}

Result<std::vector<TopicLabel>> ListTopicLabels(Archive& archive, const std::string& topic) {
  Connection& conn = archive.connection();
  return conn.Guard("reading topic labels", [&]() -> Result<std::vector<TopicLabel>> {
    SQLite::Statement& s = conn.Prepared(
        "SELECT item_id, relevant, title, text, added FROM topic_labels WHERE topic = ? "
        "ORDER BY item_id");
    s.bind(1, topic);
    std::vector<TopicLabel> labels;
    while (s.executeStep()) {
      labels.push_back({s.getColumn(0).getInt64(), topic, s.getColumn(1).getInt() != 0,
                        s.getColumn(2).getString(), s.getColumn(3).getString(),
                        s.getColumn(4).getInt64()});
    }
    return labels;
  });
}

Result<std::vector<TopicCounts>> CountTopics(Archive& archive, std::int64_t since) {
  Connection& conn = archive.connection();
  return conn.Guard("counting topic scores", [&]() -> Result<std::vector<TopicCounts>> {
    std::map<std::string, TopicCounts> counts;
    auto of = [&](const SQLite::Column& topic) -> TopicCounts& {
      TopicCounts& c = counts[topic.getString()];
      c.topic = topic.getString();
      return c;
    };
    // Each reads an index of its own: (topic, matched), the matched rows, the labels' topic.
    SQLite::Statement& scored =
        conn.Prepared("SELECT topic, count(*), total(matched) FROM item_topics GROUP BY topic");
    while (scored.executeStep()) {
      TopicCounts& c = of(scored.getColumn(0));
      c.scored = scored.getColumn(1).getInt64();
      c.matched = static_cast<std::int64_t>(scored.getColumn(2).getDouble());
    }
    SQLite::Statement& recent = conn.Prepared(
        "SELECT t.topic, count(*) FILTER (WHERE i.item_time >= ?), max(i.item_time) "
        "FROM item_topics t JOIN items i ON i.id = t.item_id WHERE t.matched GROUP BY t.topic");
    recent.bind(1, since);
    while (recent.executeStep()) {
      TopicCounts& c = of(recent.getColumn(0));
      c.matched_since = recent.getColumn(1).getInt64();
      c.newest_match = OptionalInt(recent.getColumn(2));
    }
    SQLite::Statement& labels = conn.Prepared(
        "SELECT topic, total(relevant), total(NOT relevant) FROM topic_labels GROUP BY topic");
    while (labels.executeStep()) {
      TopicCounts& c = of(labels.getColumn(0));
      c.relevant_labels = static_cast<std::int64_t>(labels.getColumn(1).getDouble());
      c.irrelevant_labels = static_cast<std::int64_t>(labels.getColumn(2).getDouble());
    }
    std::vector<TopicCounts> out;
    for (auto& [name, c] : counts) out.push_back(std::move(c));
    return out;
  });
}

namespace {

std::string MatchedSql(const MatchedFilter& filter) {
  std::string sql =
      "SELECT i.id, i.feed_id, coalesce(f.title, f.url), f.url, i.title, i.link, "
      "i.canonical_link, i.item_time, coalesce(i.full_text, i.text, ''), i.story_id, t.topic, "
      "t.score, t.why "
      "FROM item_topics t "
      "JOIN items i ON i.id = t.item_id JOIN feeds f ON f.id = i.feed_id "
      "WHERE t.matched AND i.item_time >= ? AND i.item_time < ?";
  if (!filter.topics.empty()) {
    sql += " AND t.topic IN (";
    for (std::size_t i = 0; i < filter.topics.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
  }
  return sql + " ORDER BY t.score DESC, i.item_time DESC";
}

}  // namespace

Result<std::vector<MatchedItem>> ListMatched(Archive& archive, const MatchedFilter& filter) {
  Connection& conn = archive.connection();
  return conn.Guard("reading matched items", [&]() -> Result<std::vector<MatchedItem>> {
    // Built per call (the topic list varies), so not from the statement cache.
    SQLite::Statement s(conn.db(), MatchedSql(filter));
    int index = 1;
    s.bind(index++, filter.since);
    s.bind(index++, filter.until.value_or(std::numeric_limits<std::int64_t>::max()));
    for (const std::string& topic : filter.topics) s.bind(index++, topic);
    std::vector<MatchedItem> items;
    std::unordered_set<std::int64_t> seen;  // rows come best score first: keep each item's best
    while (items.size() < filter.limit && s.executeStep()) {
      std::int64_t id = s.getColumn(0).getInt64();
      if (!seen.insert(id).second) continue;
      MatchedItem item;
      item.id = id;
      item.feed_id = s.getColumn(1).getInt64();
      item.feed_title = s.getColumn(2).getString();
      item.feed_url = s.getColumn(3).getString();
      item.title = OptionalText(s.getColumn(4));
      item.link = OptionalText(s.getColumn(5));
      item.canonical_link = OptionalText(s.getColumn(6));
      item.time = s.getColumn(7).getInt64();
      item.text = s.getColumn(8).getString();
      item.story_id = OptionalInt(s.getColumn(9));
      item.topic = s.getColumn(10).getString();
      item.score = s.getColumn(11).getDouble();
      item.why = ParseWhy(s.getColumn(12));
      items.push_back(std::move(item));
    }
    return items;
  });
}

}  // namespace tidings::storage
