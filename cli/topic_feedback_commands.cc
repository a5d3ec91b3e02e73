// tidings why / mark / topics test: explaining stored scores, recording the user's judgement, and
// re-scoring the archive with the current topic definitions (a dry run unless --apply).
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/filter_options.h"
#include "daemon/control_client.h"
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
Status KnownTopic(const config::Config& config, const std::string& topic) {
  std::string known;
  for (const config::TopicConfig& t : daemon::EffectiveTopics(config)) {
    if (t.name == topic) return Status::Ok();
    known += (known.empty() ? "" : ", ") + t.name;
  }
  return InvalidError(fmt::format("no topic {} in the config (topics: {})", topic, known));
}

// Marks through the running daemon, which then takes the label as an example at once. nullopt
// when no daemon answers (or --db names an archive of its own): the caller writes the archive.
std::optional<int> MarkThroughDaemon(const config::Config& config, const MarkArgs& args) {
  if (!args.archive.db.empty()) return std::nullopt;
  const std::string body =
      nlohmann::json{{"topic", args.topic}, {"relevant", args.relevant}}.dump();
  Result<daemon::ControlReply> reply = daemon::CallDaemon(
      config.control_socket, "POST", "/v1/items/" + std::to_string(args.id) + "/mark", body);
  if (!reply.ok()) return std::nullopt;  // not running, or not ours to talk to: write directly
  if (reply->status != 200) {
    const nlohmann::json error = nlohmann::json::parse(reply->body, nullptr, false);
    const StatusCode code = reply->status == 400   ? StatusCode::kInvalid
                            : reply->status == 404 ? StatusCode::kNotFound
                                                   : StatusCode::kIO;
    return Fail(Status(
        code, fmt::format("the daemon says: {} (HTTP {})",
                          error.is_object() ? error.value("error", reply->body) : reply->body,
                          reply->status)));
  }
  fmt::print(
      "item {} marked {} for {}; tidingsd counts it as an example from now on, and `tidings "
      "topics train {}` learns from it\n",
      args.id, args.relevant ? "relevant" : "irrelevant", args.topic, args.topic);
  return 0;
}

int RunMark(const MarkArgs& args) {
  Result<config::Config> config = LoadConfigFor(args.archive);
  if (!config.ok()) return Fail(config.status());
  if (Status known = KnownTopic(*config, args.topic); !known.ok()) return Fail(known);
  if (std::optional<int> done = MarkThroughDaemon(*config, args)) return *done;
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadWrite);
  if (!archive) return 1;
  Status status = storage::SetTopicLabel(*archive, args.id, args.topic, args.relevant, Now());
  if (!status.ok()) return Fail(status);
  fmt::print(
      "item {} marked {} for {}; it counts as an example from the daemon's next start or "
      "reload, and in `tidings topics train {}`\n",
      args.id, args.relevant ? "relevant" : "irrelevant", args.topic, args.topic);
  return 0;
}

struct TestArgs {
  ArchiveOptions archive;
  std::string topic;
  std::string since = "30d";
  bool apply = false;
  bool every_score = false;  // --scores: list score changes too, not only flips
};

// What re-scoring found so far.
struct TestTotals {
  std::size_t scanned = 0, gained = 0, lost = 0, changed = 0;
  std::size_t explained = 0;  // same score, new `why` lines (stored with --apply)
};

// New scores waiting to be stored (--apply), at most kApplyBatch at a time: the archive is
// re-scored a page at a time, and each page's scores are stored before the next page is read
// (a write while the export's statement reads would reset it). So memory stays bounded however
// many items change.
struct PendingScore {
  std::int64_t id;
  storage::TopicScoreRow row;
};
constexpr std::size_t kApplyBatch = 1000;

// Re-scores the items `filter` selects, in their export order, printing every item whose
// matched flag flips (`+` now matches, `-` no longer does; with `every_score` also `~` for a
// score that moves without flipping) and counting the rest. With `pending` (--apply), stops
// once kApplyBatch new scores wait there and sets filter->after to the last item read; returns
// whether it stopped so. Without, reads to the end.
Result<bool> RescorePage(storage::Archive& archive, storage::ItemFilter* filter,
                         const match::TopicMatcher& topic, bool every_score, TestTotals* totals,
                         std::vector<PendingScore>* pending) {
  bool full = false;
  Status status = storage::ExportItems(archive, *filter, [&](const storage::ItemDetail& item) {
    ++totals->scanned;
    const match::TopicScore now = topic.Score(
        match::Analyze(item.title.value_or(""), item.full_text ? *item.full_text : item.text));
    Result<std::vector<storage::TopicScoreRow>> stored = storage::GetTopicScores(archive, item.id);
    if (!stored.ok()) return stored.status();
    double before = -1.0;  // never scored
    bool flips = now.matched;
    bool same_why = false;
    for (const storage::TopicScoreRow& row : *stored) {
      if (row.topic != topic.definition().name) continue;
      before = row.score;
      flips = row.matched != now.matched;
      same_why = row.why == now.why;
    }
    // A score that stays but is explained anew (an older tidings wrote other `why` lines) is not
    // a change to list, but --apply stores it so that `tidings why` says what scores now.
    const bool same_score = !flips && std::abs(before - now.score) <= 0.005;
    if (same_score && (same_why || pending == nullptr)) return Status::Ok();
    if (same_score) {
      ++totals->explained;
    } else {
      ++totals->changed;
    }
    if (flips) (now.matched ? totals->gained : totals->lost)++;
    if (flips || (every_score && !same_score)) {
      const std::string was = before < 0 ? "unscored" : fmt::format("{:.3f}", before);
      const char* change = !flips ? "~" : (now.matched ? "+" : "-");  // score only, in, out
      fmt::print("{} {:>8}  {} -> {:.3f}  {}\n", change, item.id, was, now.score,
                 item.title.value_or("(untitled)"));
    }
    if (pending == nullptr) return Status::Ok();
    pending->push_back({item.id, {topic.definition().name, now.score, now.matched, now.why}});
    if (pending->size() < kApplyBatch) return Status::Ok();
    filter->after = {item.item_time, item.id};
    full = true;
    return Status(StatusCode::kCancelled, "page full");
  });
  if (full) return true;
  if (!status.ok()) return status;
  return false;
}

// Re-scores the whole selection, storing the new scores page by page with --apply.
Status Rescore(storage::Archive& archive, storage::ItemFilter filter,
               const match::TopicMatcher& topic, const TestArgs& args, TestTotals* totals) {
  std::vector<PendingScore> pending;
  for (bool more = true; more;) {
    Result<bool> page = RescorePage(archive, &filter, topic, args.every_score, totals,
                                    args.apply ? &pending : nullptr);
    if (!page.ok()) return page.status();
    more = *page;
    for (const PendingScore& score : pending) {
      Status stored = storage::StoreTopicScores(archive, score.id, {score.row}, Now());
      if (!stored.ok()) return stored;
    }
    pending.clear();
  }
  return Status::Ok();
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
  TestTotals totals;
  if (Status s = Rescore(*archive, *filter, *topic, args, &totals); !s.ok()) return Fail(s);
  fmt::print(
      "{} items since {} re-scored for {}: {} would newly match, {} would stop matching, {} "
      "scores change{}{}\n",
      totals.scanned, args.since, args.topic, totals.gained, totals.lost, totals.changed,
      args.apply ? " (applied)" : " (dry run: --apply stores them)",
      totals.explained > 0 ? fmt::format("; {} explanations renewed", totals.explained) : "");
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
  test_command->add_flag("--scores", test->every_score,
                         "List every changed score (~), not only the items that start (+) or "
                         "stop (-) matching");
  AddArchiveOptions(test_command, test->archive);
  test_command->callback([&run, test] { run = [test] { return RunTest(*test); }; });
}

}  // namespace tidings::cli
