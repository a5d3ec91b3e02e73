// The topics items are scored against, built from the config: each [[topic]] (model file, rules,
// example files and archived example items, plus the user's `tidings mark` labels as examples)
// and the built-in sci-tech topic unless the config redefines or disables it.
//
//   Result<std::shared_ptr<const TopicSet>> topics = TopicSet::Load(config, &archive);
//   std::vector<storage::TopicScoreRow> rows = (*topics)->Score(title, text);
//
// Immutable once loaded, so the poller's worker threads share one while a reload builds the next.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/config.h"
#include "feed/feed.h"
#include "match/topic.h"
#include "storage/archive.h"
#include "storage/topics.h"

namespace tidings::daemon {

class TopicSet {
 public:
  // `archive` (may be null) supplies example items given by id and the topics' feedback labels.
  // Errors name the topic and the file: an unreadable model or example file, an example id that
  // is not in the archive. With `skipped`, a topic that cannot be built is left out and its error
  // added there instead (the daemon keeps archiving with the topics that work).
  static Result<std::shared_ptr<const TopicSet>> Load(const config::Config& config,
                                                      storage::Archive* archive,
                                                      std::vector<Status>* skipped = nullptr);

  // Scores a title and a body (plain text or HTML) against every topic.
  std::vector<storage::TopicScoreRow> Score(std::string_view title, std::string_view body) const;
  // Scores every item of a parsed document: its title and `texts`, storage::ItemText() of each
  // item (the text the archive stores, so what is scored is what a search finds); an item
  // `texts` lacks gets its ItemText() made here.
  std::vector<std::vector<storage::TopicScoreRow>> ScoreFeed(
      const feed::Feed& feed, const std::vector<std::string>& texts) const;

  const std::vector<match::TopicMatcher>& topics() const { return topics_; }
  const match::TopicMatcher* Find(std::string_view name) const;

  explicit TopicSet(std::vector<match::TopicMatcher> topics) : topics_(std::move(topics)) {}

 private:
  std::vector<match::TopicMatcher> topics_;
};

// The topic definition of one config entry, as TopicSet::Load builds it (exposed for
// `tidings topics train`, which needs the model path and examples).
Result<match::TopicDefinition> BuildTopic(const config::TopicConfig& topic,
                                          storage::Archive* archive);

// The config's topics, with the built-in sci-tech topic added when the config does not name it.
std::vector<config::TopicConfig> EffectiveTopics(const config::Config& config);

}  // namespace tidings::daemon
