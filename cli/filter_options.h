// The item filter options shared by `tidings search`, `items` and `export`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "base/result.h"
#include "storage/items.h"

namespace tidings::cli {

struct FilterOptions {
  std::string since, until;
  std::vector<std::string> feeds, topics;
  bool starred = false;
  std::string label;
  int limit = 0;
};

// Adds --since, --until, --feed, --topic, --starred, --label and --limit (default `limit`).
void AddFilterOptions(CLI::App* command, FilterOptions& options, int limit);

// The storage filter the options describe; kInvalid for a bad time.
Result<storage::ItemFilter> MakeFilter(const FilterOptions& options, std::int64_t now);

}  // namespace tidings::cli
