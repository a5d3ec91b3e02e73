// Topic scores and topic feedback in the archive.
//
// The daemon stores every topic's score for each new or changed item (StoreTopicScores, inside or
// right after its ingest); `tidings mark` records the user's judgement (SetTopicLabel), which
// `tidings topics train` reads back (ListTopicLabels). Digests read the matched items of a time
// window (ListMatched).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/archive.h"

namespace tidings::storage {

struct TopicScoreRow {
  std::string topic;
  double score = 0.0;
  bool matched = false;
  std::vector<std::string> why;
};

// Replaces item `id`'s scores for the topics in `scores` (others are kept).
Status StoreTopicScores(Archive& archive, std::int64_t id, const std::vector<TopicScoreRow>& scores,
                        std::int64_t now);

// Item `id`'s scores, one per topic it was scored for.
Result<std::vector<TopicScoreRow>> GetTopicScores(Archive& archive, std::int64_t id);

struct TopicLabel {
  std::int64_t item_id = 0;
  std::string topic;
  bool relevant = false;
  std::string title, text;  // copied from the item when labelled
  std::int64_t added = 0;
};

// Records (or replaces) the user's judgement of item `id` for `topic`. kNotFound: no such item.
Status SetTopicLabel(Archive& archive, std::int64_t id, const std::string& topic, bool relevant,
                     std::int64_t now);
Result<std::vector<TopicLabel>> ListTopicLabels(Archive& archive, const std::string& topic);

// What the archive holds of one topic, for `tidings topics list`.
struct TopicCounts {
  std::string topic;
  std::int64_t scored = 0, matched = 0;      // items scored for it, and those that matched
  std::int64_t matched_since = 0;            // matched items whose time is >= the given bound
  std::optional<std::int64_t> newest_match;  // the newest matched item's time
  std::int64_t relevant_labels = 0, irrelevant_labels = 0;  // `tidings mark`
};

// Every topic that has scores or labels in the archive, by name.
Result<std::vector<TopicCounts>> CountTopics(Archive& archive, std::int64_t since);

// What a digest needs of one matched item.
struct MatchedItem {
  std::int64_t id = 0;
  std::int64_t feed_id = 0;
  std::string feed_title, feed_url;
  std::optional<std::string> title, link, canonical_link;
  std::int64_t time = 0;  // published, else first seen
  std::string text;       // full text when extracted, else the summary's text
  std::optional<std::int64_t> story_id;
  std::string topic;
  double score = 0.0;
  std::vector<std::string> why;
};

struct MatchedFilter {
  std::vector<std::string> topics;  // empty: every topic
  std::int64_t since = 0;           // item time >= since
  std::optional<std::int64_t> until;
  std::size_t limit = 5000;
};

// Matched items in the window, best score first; an item matching several topics appears once,
// with its best topic.
Result<std::vector<MatchedItem>> ListMatched(Archive& archive, const MatchedFilter& filter);

}  // namespace tidings::storage
