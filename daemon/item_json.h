// The JSON of archived items and feeds, shared by `tidings items/show/export/feeds --json`
// (docs/cli.md) and the control socket's /v1/items and /v1/feeds (docs/api.md), so one client
// reads both.
#pragma once

#include <nlohmann/json.hpp>

#include "storage/feeds.h"
#include "storage/items.h"

namespace tidings::daemon {

using Json = nlohmann::ordered_json;

Json SummaryJson(const storage::ItemSummary& item);
Json DetailJson(const storage::ItemDetail& item);
// The "article" object of DetailJson: what fetching the item's article came to.
Json ArticleJson(const storage::ArticleInfo& article);
// A feed with its poll state and errors.
Json FeedJson(const storage::FeedInfo& feed);

}  // namespace tidings::daemon
