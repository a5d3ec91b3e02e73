// tidings why / mark / topics test: explaining stored scores, recording the user's judgement, and
// re-scoring the archive with the current topic definitions (a dry run unless --apply).
#include <fmt/format.h>

#include <memory>

#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/filter_options.h"
#include "daemon/topic_set.h"
#include "storage/items.h"
#include "storage/topics.h"

namespace tidings::cli {
namespace {

struct WhyArgs {
  ArchiveOptions archive;
  std::int64_t id = 0;
};

int RunWhy(const WhyArgs& args) {
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadOnly);
  if (!archive) return 1;
  Result<storage::ItemDetail> item = storage::GetItem(*archive, args.id);
  if (!item.ok()) return Fail(item.status());
  Result<std::vector<storage::TopicScoreRow>> scores = storage::GetTopicScores(*archive, args.id);
  if (!scores.ok()) return Fail(scores.status());
  fmt::print("{}  {}\n", args.id, item->title.value_or("(untitled)"));
  if (scores->empty()) fmt::print("  not scored for any topic\n");
  for (const storage::TopicScoreRow& row : *scores) {
    fmt::print("  {}: {:.3f} {}\n", row.topic, row.score, row.matched ? "matched" : "not matched");
    for (const std::string& reason : row.why) fmt::print("    {}\n", reason);
  }
  return 0;
}

struct MarkArgs {
  ArchiveOptions archive;
  std::int64_t id = 0;
  std::string topic;
  bool relevant = false;
  bool irrelevant = false;
};

// A label for a topic the config does not define would train nothing: most likely a typo.
Status KnownTopic(const ArchiveOptions& options, const std::string& topic) {
  Result<config::Config> config = LoadConfigFor(options);
  if (!config.ok()) return config.status();
  std::string known;
  for (const config::TopicConfig& t : daemon::EffectiveTopics(*config)) {
    if (t.name == topic) return Status::Ok();
    known += (known.empty() ? "" : ", ") + t.name;
  }
  return InvalidError(fmt::format("no topic {} in the config (topics: {})", topic, known));
}

int RunMark(const MarkArgs& args) {
  if (Status known = KnownTopic(args.archive, args.topic); !known.ok()) return Fail(known);
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadWrite);
  if (!archive) return 1;
  Status status = storage::SetTopicLabel(*archive, args.id, args.topic, args.relevant, Now());
  if (!status.ok()) return Fail(status);
  fmt::print(
      "item {} marked {} for {}; it counts as an example from the daemon's next reload, "
      "and in `tidings topics train {}`\n",
      args.id, args.relevant ? "relevant" : "irrelevant", args.topic, args.topic);
  return 0;
}

struct TestArgs {
  ArchiveOptions archive;
  std::string topic;
  std::string since = "30d";
  bool apply = false;
};

struct Change {
  std::int64_t id;
  std::string title;
  double before;  // -1: never scored
  storage::TopicScoreRow after;
  bool flips;  // the matched flag changes
};

// Re-scores every item since `filter.since` with `topic`; collects what differs from the stored
// score (all of it first: writing while the export reads would reset its statement).
Result<std::vector<Change>> Rescore(storage::Archive& archive, const storage::ItemFilter& filter,
                                    const match::TopicMatcher& topic, std::size_t& scanned) {
  std::vector<Change> changes;
  Status status = storage::ExportItems(archive, filter, [&](const storage::ItemDetail& item) {
    ++scanned;
    match::TopicScore now = topic.Score(
        match::Analyze(item.title.value_or(""), item.full_text ? *item.full_text : item.text));
    Change change{item.id,
                  item.title.value_or("(untitled)"),
                  -1.0,
                  {topic.definition().name, now.score, now.matched, now.why},
                  now.matched};
    changes.push_back(std::move(change));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  std::vector<Change> differing;
  for (Change& change : changes) {
    Result<std::vector<storage::TopicScoreRow>> stored =
        storage::GetTopicScores(archive, change.id);
    if (!stored.ok()) return stored.status();
    for (const storage::TopicScoreRow& row : *stored) {
      if (row.topic != change.after.topic) continue;
      change.before = row.score;
      change.flips = row.matched != change.after.matched;
    }
    if (change.flips || std::abs(change.before - change.after.score) > 0.005) {
      differing.push_back(std::move(change));
    }
  }
  return differing;
}

void PrintChanges(const std::vector<Change>& changes, std::size_t scanned, const TestArgs& args) {
  std::size_t gained = 0, lost = 0;
  for (const Change& change : changes) {
    if (!change.flips) continue;
    (change.after.matched ? gained : lost)++;
    std::string before = change.before < 0 ? "unscored" : fmt::format("{:.3f}", change.before);
    fmt::print("{} {:>8}  {} -> {:.3f}  {}\n", change.after.matched ? "+" : "-", change.id, before,
               change.after.score, change.title);
  }
  fmt::print(
      "{} items since {} re-scored for {}: {} would newly match, {} would stop matching, {} "
      "scores change{}\n",
      scanned, args.since, args.topic, gained, lost, changes.size(),
      args.apply ? " (applied)" : " (dry run: --apply stores them)");
}

int RunTest(const TestArgs& args) {
  Result<config::Config> config = LoadConfigFor(args.archive);
  if (!config.ok()) return Fail(config.status());
  auto archive = OpenOrReport(
      args.archive, args.apply ? storage::OpenMode::kReadWrite : storage::OpenMode::kReadOnly);
  if (!archive) return 1;
  Result<std::shared_ptr<const daemon::TopicSet>> topics =
      daemon::TopicSet::Load(*config, archive.get());
  if (!topics.ok()) return Fail(topics.status());
  const match::TopicMatcher* topic = (*topics)->Find(args.topic);
  if (topic == nullptr) {
    return Fail(InvalidError(fmt::format("no topic {} in the config", args.topic)));
  }
  FilterOptions options;
  options.since = args.since;
  Result<storage::ItemFilter> filter = MakeFilter(options, Now());
  if (!filter.ok()) return Fail(filter.status());
  filter->limit = 0;
  std::size_t scanned = 0;
  Result<std::vector<Change>> changes = Rescore(*archive, *filter, *topic, scanned);
  if (!changes.ok()) return Fail(changes.status());
  if (args.apply) {
    for (const Change& change : *changes) {
      Status stored = storage::StoreTopicScores(*archive, change.id, {change.after}, Now());
      if (!stored.ok()) return Fail(stored);
    }
  }
  PrintChanges(*changes, scanned, args);
  return 0;
}

}  // namespace

void AddTopicFeedbackCommands(CLI::App& app, CLI::App* topics, std::function<int()>& run) {
  auto why = std::make_shared<WhyArgs>();
  CLI::App* why_command = app.add_subcommand("why", "Show why an item matched its topics or not");
  why_command->add_option("id", why->id, "The item's id")->required();
  AddArchiveOptions(why_command, why->archive);
  why_command->callback([&run, why] { run = [why] { return RunWhy(*why); }; });

  auto mark = std::make_shared<MarkArgs>();
  CLI::App* mark_command =
      app.add_subcommand("mark", "Record whether an item is relevant to a topic (feedback)");
  mark_command->add_option("id", mark->id, "The item's id")->required();
  mark_command->add_option("--topic", mark->topic, "The topic")->required();
  auto* yes = mark_command->add_flag("--relevant", mark->relevant, "It belongs to the topic");
  auto* no = mark_command->add_flag("--irrelevant", mark->irrelevant, "It does not");
  yes->excludes(no);
  AddArchiveOptions(mark_command, mark->archive);
  mark_command->callback([&run, mark] {
    run = [mark] {
      if (mark->relevant == mark->irrelevant) {
        return Fail(InvalidError("say --relevant or --irrelevant"));
      }
      return RunMark(*mark);
    };
  });

  auto test = std::make_shared<TestArgs>();
  CLI::App* test_command = topics->add_subcommand(
      "test", "Re-score the archive with the topic as configured now and show what changes");
  test_command->add_option("topic", test->topic, "The topic")->required();
  test_command->add_option("--since", test->since, "How far back (default 30d)");
  test_command->add_flag("--apply", test->apply, "Store the new scores");
  AddArchiveOptions(test_command, test->archive);
  test_command->callback([&run, test] { run = [test] { return RunTest(*test); }; });
}

}  // namespace tidings::cli
