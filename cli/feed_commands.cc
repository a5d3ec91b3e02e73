// tidings feeds and tidings stats: the state of the feeds and of the archive as a whole.
#include <fmt/format.h>

#include <memory>

#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/item_output.h"
#include "storage/feeds.h"
#include "storage/maintenance.h"

namespace tidings::cli {
namespace {

struct StatsArgs {
  ArchiveOptions archive;
  int days = 14;
};

int RunFeeds(const ArchiveOptions& options) {
  auto archive = OpenOrReport(options, storage::OpenMode::kReadOnly);
  if (!archive) return 1;
  Result<std::vector<storage::FeedInfo>> feeds = storage::ListFeeds(*archive);
  if (!feeds.ok()) return Fail(feeds.status());
  if (options.json) {
    Json list = Json::array();
    for (const storage::FeedInfo& feed : *feeds) list.push_back(FeedJson(feed));
    PrintJson(list);
  } else {
    PrintFeedTable(*feeds, Now());
  }
  return 0;
}

std::string Megabytes(std::int64_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

int RunStats(const StatsArgs& args) {
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadOnly);
  if (!archive) return 1;
  Result<storage::ArchiveStats> stats = storage::GetStats(*archive, Now(), args.days);
  if (!stats.ok()) return Fail(stats.status());
  if (args.archive.json) {
    Json per_day = Json::object();
    for (const auto& [day, count] : stats->items_per_day) per_day[day] = count;
    PrintJson({{"path", archive->path()},
               {"feeds", stats->feeds},
               {"items", stats->items},
               {"stories", stats->stories},
               {"starred", stats->starred},
               {"revisions", stats->revisions},
               {"tombstones", stats->tombstones},
               {"with_full_text", stats->with_full_text},
               {"pages", stats->pages},
               {"file_bytes", stats->file_bytes},
               {"free_bytes", stats->free_bytes},
               {"items_per_day", per_day}});
    return 0;
  }
  fmt::print("archive      {}\n", archive->path());
  fmt::print("size         {} ({} free)\n", Megabytes(stats->file_bytes),
             Megabytes(stats->free_bytes));
  fmt::print("feeds        {}\nitems        {}\nstories      {}\nstarred      {}\n", stats->feeds,
             stats->items, stats->stories, stats->starred);
  fmt::print("revisions    {}\nfull texts   {}\nraw pages    {}\ntombstones   {}\n",
             stats->revisions, stats->with_full_text, stats->pages, stats->tombstones);
  fmt::print("\nitems per day (by item date)\n");
  for (const auto& [day, count] : stats->items_per_day) fmt::print("  {}  {:>7}\n", day, count);
  return 0;
}

}  // namespace

void AddFeedCommands(CLI::App& app, std::function<int()>& run) {
  auto feeds_args = std::make_shared<ArchiveOptions>();
  CLI::App* feeds = app.add_subcommand(
      "feeds", "List feeds with their poll state (or: feeds export | feeds import FILE.opml)");
  AddArchiveOptions(feeds, *feeds_args);
  feeds->add_flag("--json", feeds_args->json, "JSON output (docs/cli.md)");
  AddOpmlCommands(feeds, run);
  AddFetchingFeedCommands(feeds, run);
  feeds->callback([&run, feeds, feeds_args] {
    if (!feeds->get_subcommands().empty()) return;  // export or import chose their own action
    run = [feeds_args] { return RunFeeds(*feeds_args); };
  });

  auto stats_args = std::make_shared<StatsArgs>();
  CLI::App* stats = app.add_subcommand("stats", "Archive size and contents, items per day");
  AddArchiveOptions(stats, stats_args->archive);
  stats->add_option("--days", stats_args->days, "Days of items-per-day history (default 14)")
      ->check(CLI::Range(1, 3650));
  stats->add_flag("--json", stats_args->archive.json, "JSON output (docs/cli.md)");
  stats->callback([&run, stats_args] { run = [stats_args] { return RunStats(*stats_args); }; });
}

}  // namespace tidings::cli
