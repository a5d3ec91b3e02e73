#include "cli/filter_options.h"

#include "storage/query.h"

namespace tidings::cli {

void AddFilterOptions(CLI::App* command, FilterOptions& options, int limit) {
  options.limit = limit;
  command->add_option("--since", options.since,
                      "Only items from this time on: 30m, 24h, 7d, 2w, 2026-11-01 or RFC 3339");
  command->add_option("--until", options.until, "Only items before this time (same forms)");
  command->add_option("--feed", options.feeds,
                      "Only items of this feed: id, URL, or part of its URL or title (repeatable)");
  command->add_option("--topic", options.topics, "Only items that matched this topic (repeatable)");
  command->add_flag("--starred", options.starred, "Only starred items");
  command->add_option("--label", options.label, "Only items with this label");
  command->add_option("--limit", options.limit, "At most this many items (0: all)")
      ->check(CLI::NonNegativeNumber);
}

Result<storage::ItemFilter> MakeFilter(const FilterOptions& options, std::int64_t now) {
  storage::ItemFilter filter;
  if (!options.since.empty()) {
    Result<std::int64_t> since = storage::ParseTimeBound(options.since, now);
    if (!since.ok()) return since.status();
    filter.since = *since;
  }
  if (!options.until.empty()) {
    Result<std::int64_t> until = storage::ParseTimeBound(options.until, now);
    if (!until.ok()) return until.status();
    filter.until = *until;
  }
  filter.feeds = options.feeds;
  filter.topics = options.topics;
  filter.starred_only = options.starred;
  if (!options.label.empty()) filter.label = options.label;
  filter.limit = options.limit;
  return filter;
}

}  // namespace tidings::cli
