// The JSON of archived items, shared by `tidings items/show/export --json` (docs/cli.md) and the
// control socket's /v1/items (docs/api.md), so one client reads both.
#pragma once

#include <nlohmann/json.hpp>

#include "storage/items.h"

namespace tidings::daemon {

using Json = nlohmann::ordered_json;

Json SummaryJson(const storage::ItemSummary& item);
Json DetailJson(const storage::ItemDetail& item);
// The "article" object of DetailJson: what fetching the item's article came to.
Json ArticleJson(const storage::ArticleInfo& article);

}  // namespace tidings::daemon
