// tidings topics list: every topic of the config (the built-in one included) with what it is made
// of and what the archive holds of it: scores, matches, the user's marks.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/time.h"
#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/item_output.h"
#include "cli/table.h"
#include "daemon/topic_set.h"
#include "storage/query.h"
#include "storage/topics.h"

namespace tidings::cli {
namespace {

struct ListArgs {
  ArchiveOptions archive;
  std::string since = "7d";
};

// One row: the config's view of a topic, what loading it found, and the archive's counts.
struct TopicRow {
  const config::TopicConfig* config = nullptr;  // null: only in the archive (no longer configured)
  std::string error;                            // why the topic cannot be built
  std::vector<std::string> languages;           // those its model scores
  std::size_t examples = 0;                     // example items, marks included
  storage::TopicCounts counts;
};

std::string ModelName(const config::TopicConfig& topic) {
  if (topic.model.empty()) return "none";
  return topic.model == "builtin" ? "built-in" : topic.model;
}

TopicRow Describe(const config::TopicConfig& topic, storage::Archive* archive) {
  TopicRow row;
  row.config = &topic;
  if (!topic.enabled) return row;
  // Without an archive (none yet) example items by id cannot be read: as check-config does, they
  // are left out rather than reported.
  config::TopicConfig buildable = topic;
  if (archive == nullptr) {
    std::erase_if(buildable.examples, [](const auto& set) { return set.file.empty(); });
  }
  Result<match::TopicDefinition> definition = daemon::BuildTopic(buildable, archive);
  if (!definition.ok()) {
    row.error = std::string(definition.status().message());
    return row;
  }
  for (match::Language language :
       {match::Language::kEnglish, match::Language::kChinese, match::Language::kJapanese}) {
    if (definition->model && definition->model->Supports(language)) {
      row.languages.emplace_back(match::LanguageCode(language));
    }
  }
  row.examples = definition->examples.size();
  return row;
}

// The configured topics (disabled ones too), then those only the archive still has scores of.
Result<std::vector<TopicRow>> Rows(const config::Config& config,
                                   std::vector<config::TopicConfig>& topics,
                                   storage::Archive* archive, std::int64_t since) {
  topics = daemon::EffectiveTopics(config);
  for (const config::TopicConfig& topic : config.topics) {
    if (!topic.enabled) topics.push_back(topic);
  }
  std::vector<TopicRow> rows;
  for (const config::TopicConfig& topic : topics) rows.push_back(Describe(topic, archive));
  if (archive == nullptr) return rows;
  Result<std::vector<storage::TopicCounts>> counts = storage::CountTopics(*archive, since);
  if (!counts.ok()) return counts.status();
  for (storage::TopicCounts& c : *counts) {
    auto found = std::find_if(rows.begin(), rows.end(), [&](const TopicRow& row) {
      return row.config != nullptr && row.config->name == c.topic;
    });
    if (found == rows.end()) found = rows.insert(rows.end(), TopicRow{});
    found->counts = std::move(c);
  }
  return rows;
}

std::string RulesCell(const config::TopicConfig& topic) {
  std::map<config::TopicRuleConfig::Kind, int> kinds;
  for (const auto& rule : topic.rules) ++kinds[rule.kind];
  std::string cell = std::to_string(topic.rules.size());
  using Kind = config::TopicRuleConfig::Kind;
  if (kinds[Kind::kRequire] + kinds[Kind::kVeto] > 0) {
    cell += fmt::format(" ({} require, {} veto)", kinds[Kind::kRequire], kinds[Kind::kVeto]);
  }
  return cell;
}

std::string StateCell(const TopicRow& row) {
  if (row.config == nullptr) return "not in the config";
  if (!row.config->enabled) return "disabled";
  if (!row.error.empty()) return "cannot load: " + row.error;
  if (row.languages.empty()) return ModelName(*row.config);
  return fmt::format("{} ({})", ModelName(*row.config), fmt::join(row.languages, ", "));
}

void PrintRows(const std::vector<TopicRow>& rows, const std::string& since) {
  Table table({{"TOPIC"},
               {"THRESHOLD", Align::kRight, false},
               {"RULES"},
               {"EXAMPLES", Align::kRight, false},
               {"MARKS +/-", Align::kRight, false},
               {"SCORED", Align::kRight, false},
               {"MATCHED", Align::kRight, false},
               {"SINCE " + since, Align::kRight, false},
               {"NEWEST MATCH", Align::kLeft, false},
               {"MODEL"}});
  for (const TopicRow& row : rows) {
    const storage::TopicCounts& c = row.counts;
    const bool configured = row.config != nullptr;
    table.AddRow({configured ? row.config->name : c.topic,
                  configured ? fmt::format("{:.2f}", row.config->threshold) : "",
                  configured ? RulesCell(*row.config) : "", std::to_string(row.examples),
                  fmt::format("{}/{}", c.relevant_labels, c.irrelevant_labels),
                  std::to_string(c.scored), std::to_string(c.matched),
                  std::to_string(c.matched_since),
                  c.newest_match ? LocalTime(*c.newest_match) : "-", StateCell(row)});
  }
  std::fputs(table.Render(TerminalWidth(stdout)).c_str(), stdout);
}

Json RowJson(const TopicRow& row) {
  const storage::TopicCounts& c = row.counts;
  Json json;
  if (row.config != nullptr) {
    const config::TopicConfig& t = *row.config;
    json = {{"name", t.name},       {"description", t.description}, {"threshold", t.threshold},
            {"enabled", t.enabled}, {"configured", true},           {"rules", t.rules.size()}};
    json["model"] = t.model.empty() ? Json(nullptr) : Json(t.model);
  } else {
    json = {{"name", c.topic}, {"configured", false}};
  }
  json["languages"] = row.languages;
  json["examples"] = row.examples;
  json["error"] = row.error.empty() ? Json(nullptr) : Json(row.error);
  json["marks"] = {{"relevant", c.relevant_labels}, {"irrelevant", c.irrelevant_labels}};
  json["scored"] = c.scored;
  json["matched"] = c.matched;
  json["matched_since"] = c.matched_since;
  json["newest_match"] = c.newest_match ? Json(FormatUtc(*c.newest_match)) : Json(nullptr);
  return json;
}

int RunList(const ListArgs& args) {
  Result<config::Config> config = LoadConfigFor(args.archive);
  if (!config.ok()) return Fail(config.status());
  Result<std::int64_t> since = storage::ParseTimeBound(args.since, Now());
  if (!since.ok()) return Fail(InvalidError(fmt::format("--since: {}", since.status().message())));
  Result<std::string> path = ArchivePath(args.archive);
  if (!path.ok()) return Fail(path.status());
  Result<std::unique_ptr<storage::Archive>> archive = OpenIfExists(*path);
  if (!archive.ok()) return Fail(archive.status());
  if (*archive == nullptr)
    std::fprintf(stderr, "no archive at %s yet: nothing scored\n", path->c_str());
  std::vector<config::TopicConfig> topics;  // the rows point into it
  Result<std::vector<TopicRow>> rows = Rows(*config, topics, archive->get(), *since);
  if (!rows.ok()) return Fail(rows.status());
  if (args.archive.json) {
    Json list = Json::array();
    for (const TopicRow& row : *rows) list.push_back(RowJson(row));
    PrintJson({{"since", FormatUtc(*since)}, {"topics", std::move(list)}});
  } else {
    PrintRows(*rows, args.since);
  }
  // Like check-config: a topic the daemon would skip is a problem to fix.
  const bool broken = std::any_of(rows->begin(), rows->end(),
                                  [](const TopicRow& row) { return !row.error.empty(); });
  return broken ? 1 : 0;
}

}  // namespace

void AddTopicListCommand(CLI::App* topics, std::function<int()>& run) {
  auto args = std::make_shared<ListArgs>();
  CLI::App* list = topics->add_subcommand(
      "list",
      "List the topics: threshold, rules, examples, model, and their matches in the archive");
  AddArchiveOptions(list, args->archive);
  list->add_flag("--json", args->archive.json, "JSON output");
  list->add_option("--since", args->since, "Count matches since then (default 7d)");
  list->callback([&run, args] { run = [args] { return RunList(*args); }; });
}

}  // namespace tidings::cli
