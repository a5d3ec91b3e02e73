// How the CLI prints archive records: stable JSON (documented in docs/cli.md) and human tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/item_json.h"
#include "storage/feeds.h"
#include "storage/items.h"
#include "storage/search.h"

namespace tidings::cli {

using Json = nlohmann::ordered_json;

using daemon::ArticleJson;
using daemon::DetailJson;
using daemon::FeedJson;
using daemon::SummaryJson;
Json HitJson(const storage::SearchHit& hit);

// "2026-11-28 14:05" in the local time zone, for people.
std::string LocalTime(std::int64_t unix_seconds);

// Tables fitted to stdout's width.
void PrintItemTable(const std::vector<storage::ItemSummary>& items);
void PrintHitTable(const std::vector<storage::SearchHit>& hits);
void PrintFeedTable(const std::vector<storage::FeedInfo>& feeds, std::int64_t now);

// Prints `json` (one document, two-space indent) and a newline.
void PrintJson(const Json& json);

}  // namespace tidings::cli
