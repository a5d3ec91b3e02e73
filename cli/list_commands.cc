// tidings search QUERY ... and tidings items ...: find items in the archive.
#include <memory>

#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/filter_options.h"
#include "cli/item_output.h"
#include "storage/search.h"

namespace tidings::cli {
namespace {

struct ListArgs {
  ArchiveOptions archive;
  FilterOptions filter;
  std::string query;
};

int RunSearch(const ListArgs& args) {
  std::int64_t now = Now();
  Result<storage::ItemFilter> filter = MakeFilter(args.filter, now);
  if (!filter.ok()) return Fail(filter.status());
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadOnly);
  if (!archive) return 1;
  storage::SearchRequest request;
  request.query = args.query;
  request.filter = *filter;
  if (args.archive.json) request.mark_open = request.mark_close = "";
  Result<std::vector<storage::SearchHit>> hits = storage::Search(*archive, request, now);
  if (!hits.ok()) return Fail(hits.status());
  if (args.archive.json) {
    Json list = Json::array();
    for (const storage::SearchHit& hit : *hits) list.push_back(HitJson(hit));
    PrintJson(list);
  } else {
    PrintHitTable(*hits);
  }
  return 0;
}

int RunItems(const ListArgs& args) {
  Result<storage::ItemFilter> filter = MakeFilter(args.filter, Now());
  if (!filter.ok()) return Fail(filter.status());
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadOnly);
  if (!archive) return 1;
  Result<std::vector<storage::ItemSummary>> items = storage::ListItems(*archive, *filter);
  if (!items.ok()) return Fail(items.status());
  if (args.archive.json) {
    Json list = Json::array();
    for (const storage::ItemSummary& item : *items) list.push_back(SummaryJson(item));
    PrintJson(list);
  } else {
    PrintItemTable(*items);
  }
  return 0;
}

}  // namespace

void AddListCommands(CLI::App& app, std::function<int()>& run) {
  auto search_args = std::make_shared<ListArgs>();
  CLI::App* search = app.add_subcommand(
      "search", "Full-text search of the archive (docs/search.md has the query language)");
  search
      ->add_option("query", search_args->query,
                   "Words, \"phrases\", OR, -word, prefix*, "
                   "title: feed: topic: since: until:")
      ->required();
  AddArchiveOptions(search, search_args->archive);
  AddFilterOptions(search, search_args->filter, 20);
  search->add_flag("--json", search_args->archive.json, "JSON output (docs/cli.md)");
  search->callback(
      [&run, search_args] { run = [search_args] { return RunSearch(*search_args); }; });

  auto items_args = std::make_shared<ListArgs>();
  CLI::App* items = app.add_subcommand("items", "List archived items, newest first");
  AddArchiveOptions(items, items_args->archive);
  AddFilterOptions(items, items_args->filter, 50);
  items->add_flag("--json", items_args->archive.json, "JSON output (docs/cli.md)");
  items->callback([&run, items_args] { run = [items_args] { return RunItems(*items_args); }; });
}

}  // namespace tidings::cli
