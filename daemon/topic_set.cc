#include "daemon/topic_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "base/file.h"
#include "match/builtin.h"
#include "match/text.h"
#include "storage/ingest.h"
#include "storage/items.h"

namespace tidings::daemon {
namespace {

// A model file is shared by every topic that names it (and by reloads that keep it).
Result<std::shared_ptr<const match::Model>> LoadModelFile(const std::string& path) {
  Result<match::Model> model = match::Model::Load(path);
  if (!model.ok()) return model.status();
  return std::make_shared<const match::Model>(std::move(*model));
}

Result<std::shared_ptr<const match::Model>> LoadModel(const config::TopicConfig& topic) {
  Result<std::shared_ptr<const match::Model>> model =
      topic.model == "builtin" ? match::LoadBuiltinModel(topic.name) : LoadModelFile(topic.model);
  if (!model.ok()) {
    return Status(model.status().code(),
                  fmt::format("topic {}: {}", topic.name, model.status().message()));
  }
  return model;
}

// A JSON-lines file of {"title", "summary"} (or "text") objects; "relevant" overrides the set's.
Status ReadExampleFile(const std::string& topic, const config::TopicExamplesConfig& set,
                       std::vector<match::LabelledText>& out) {
  Result<std::string> bytes = ReadFile(set.file);
  if (!bytes.ok()) {
    return Status(bytes.status().code(),
                  fmt::format("topic {}: examples: {}", topic, bytes.status().message()));
  }
  std::size_t line_number = 0;
  std::string_view rest = *bytes;
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    nlohmann::json object = nlohmann::json::parse(line, nullptr, false);
    if (!object.is_object()) {
      return Status(StatusCode::kInvalid, fmt::format("topic {}: {}:{}: not a JSON object", topic,
                                                      set.file, line_number));
    }
    match::LabelledText text;
    text.title = object.value("title", "");
    text.body = object.contains("summary") ? object.value("summary", "") : object.value("text", "");
    text.relevant = object.value("relevant", set.relevant);
    out.push_back(std::move(text));
  }
  return Status::Ok();
}

Status ReadExampleItems(const std::string& topic, const config::TopicExamplesConfig& set,
                        storage::Archive* archive, std::vector<match::LabelledText>& out) {
  if (archive == nullptr) {
    return Status(StatusCode::kUnsupported,
                  fmt::format("topic {}: example items need the archive", topic));
  }
  for (std::int64_t id : set.items) {
    Result<storage::ItemDetail> item = storage::GetItem(*archive, id);
    if (!item.ok()) {
      return Status(item.status().code(), fmt::format("topic {}: example item {}: {}", topic, id,
                                                      item.status().message()));
    }
    match::LabelledText text;
    text.title = item->title.value_or("");
    text.body = item->full_text ? *item->full_text : item->text;
    text.relevant = set.relevant;
    out.push_back(std::move(text));
  }
  return Status::Ok();
}

// The user's `tidings mark` judgements act as examples at once, before any retraining.
Status AddFeedbackExamples(const std::string& topic, storage::Archive& archive,
                           std::vector<match::LabelledText>& out) {
  Result<std::vector<storage::TopicLabel>> labels = storage::ListTopicLabels(archive, topic);
  if (!labels.ok()) return labels.status();
  for (storage::TopicLabel& label : *labels) {
    match::LabelledText text;
    text.title = std::move(label.title);
    text.body = std::move(label.text);
    text.relevant = label.relevant;
    out.push_back(std::move(text));
  }
  return Status::Ok();
}

match::RuleKind KindOf(config::TopicRuleConfig::Kind kind) {
  switch (kind) {
    case config::TopicRuleConfig::Kind::kRequire:
      return match::RuleKind::kRequire;
    case config::TopicRuleConfig::Kind::kVeto:
      return match::RuleKind::kVeto;
    case config::TopicRuleConfig::Kind::kWeight:
      break;
  }
  return match::RuleKind::kWeight;
}

}  // namespace

std::vector<config::TopicConfig> EffectiveTopics(const config::Config& config) {
  std::vector<config::TopicConfig> topics;
  bool has_builtin = false;
  for (const config::TopicConfig& topic : config.topics) {
    has_builtin = has_builtin || topic.name == "sci-tech";
    if (topic.enabled) topics.push_back(topic);
  }
  if (!has_builtin) {
    config::TopicConfig builtin;
    builtin.name = "sci-tech";
    builtin.description = "Science and technology news (built-in model)";
    builtin.model = "builtin";
    topics.insert(topics.begin(), std::move(builtin));
  }
  return topics;
}

Result<match::TopicDefinition> BuildTopic(const config::TopicConfig& topic,
                                          storage::Archive* archive) {
  match::TopicDefinition definition;
  definition.name = topic.name;
  definition.description = topic.description;
  definition.threshold = topic.threshold;
  if (!topic.model.empty()) {
    Result<std::shared_ptr<const match::Model>> model = LoadModel(topic);
    if (!model.ok()) return model.status();
    definition.model = std::move(*model);
  }
  for (const config::TopicRuleConfig& rule : topic.rules) {
    match::TopicRule parsed;
    parsed.kind = KindOf(rule.kind);
    parsed.weight = rule.weight;
    match::RuleError error;
    if (!match::Rule::Parse(rule.expression, &parsed.rule, &error)) {
      // The config reader checked every rule; this only happens with a hand-built config.
      return Status(StatusCode::kInvalid, fmt::format("topic {}: bad rule {}: {}", topic.name,
                                                      rule.expression, error.message));
    }
    definition.rules.push_back(std::move(parsed));
  }
  for (const config::TopicExamplesConfig& set : topic.examples) {
    Status read = set.file.empty() ? ReadExampleItems(topic.name, set, archive, definition.examples)
                                   : ReadExampleFile(topic.name, set, definition.examples);
    if (!read.ok()) return read;
  }
  if (archive != nullptr) {
    Status feedback = AddFeedbackExamples(topic.name, *archive, definition.examples);
    if (!feedback.ok()) return feedback;
  }
  return definition;
}

Result<std::shared_ptr<const TopicSet>> TopicSet::Load(const config::Config& config,
                                                       storage::Archive* archive,
                                                       std::vector<Status>* skipped) {
  std::vector<match::TopicMatcher> matchers;
  for (const config::TopicConfig& topic : EffectiveTopics(config)) {
    Result<match::TopicDefinition> definition = BuildTopic(topic, archive);
    if (!definition.ok() && skipped != nullptr) {
      skipped->push_back(definition.status());
      continue;
    }
    if (!definition.ok()) return definition.status();
    matchers.emplace_back(std::move(*definition));
  }
  return std::make_shared<const TopicSet>(std::move(matchers));
}

std::vector<storage::TopicScoreRow> TopicSet::Score(std::string_view title,
                                                    std::string_view body) const {
  std::vector<storage::TopicScoreRow> rows;
  if (topics_.empty()) return rows;
  match::AnalyzedText text = match::Analyze(title, body);
  rows.reserve(topics_.size());
  for (const match::TopicMatcher& topic : topics_) {
    match::TopicScore score = topic.Score(text);
    rows.push_back({topic.definition().name, score.score, score.matched, std::move(score.why)});
  }
  return rows;
}

std::vector<std::vector<storage::TopicScoreRow>> TopicSet::ScoreFeed(
    const feed::Feed& feed, const std::vector<std::string>& texts) const {
  std::vector<std::vector<storage::TopicScoreRow>> scores;
  scores.reserve(feed.items.size());
  for (std::size_t i = 0; i < feed.items.size(); ++i) {
    const feed::Item& item = feed.items[i];
    scores.push_back(
        Score(item.title.value_or(""), i < texts.size() ? texts[i] : storage::ItemText(item)));
  }
  return scores;
}

const match::TopicMatcher* TopicSet::Find(std::string_view name) const {
  auto found = std::find_if(topics_.begin(), topics_.end(),
                            [name](const auto& topic) { return topic.definition().name == name; });
  return found == topics_.end() ? nullptr : &*found;
}

}  // namespace tidings::daemon
