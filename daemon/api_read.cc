// The endpoints that read the archive: items, one item, search, feeds. They run on the control
// socket's reader thread with its own read-only connection, never on the event loop.
#include <fmt/format.h>

#include <charconv>

#include "base/time.h"
#include "daemon/api.h"
#include "daemon/item_json.h"
#include "storage/feeds.h"
#include "storage/items.h"
#include "storage/query.h"
#include "storage/search.h"

namespace tidings::daemon::api {
namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 1000;  // a page, not a dump: `tidings export` reads the archive itself

bool IsTrue(const std::optional<std::string>& value) {
  return value && (*value == "1" || *value == "true" || *value == "yes");
}

Result<int> Limit(const Request& request) {
  std::optional<std::string> text = Param(request, "limit");
  if (!text) return kDefaultLimit;
  int limit = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (error != std::errc() || end != text->data() + text->size() || limit < 1 ||
      limit > kMaxLimit) {
    return InvalidError(fmt::format("limit: expected an integer from 1 to {}", kMaxLimit));
  }
  return limit;
}

// since, until, feed, topic, starred, label, limit: the filters of `tidings items`.
Result<storage::ItemFilter> Filter(const Request& request, std::int64_t now) {
  storage::ItemFilter filter;
  for (const char* key : {"since", "until"}) {
    std::optional<std::string> text = Param(request, key);
    if (!text) continue;
    Result<std::int64_t> bound = storage::ParseTimeBound(*text, now);
    if (!bound.ok()) return InvalidError(fmt::format("{}: {}", key, bound.status().message()));
    (key[0] == 's' ? filter.since : filter.until) = *bound;
  }
  filter.feeds = All(request, "feed");
  filter.topics = All(request, "topic");
  filter.starred_only = IsTrue(Param(request, "starred"));
  filter.label = Param(request, "label");
  Result<int> limit = Limit(request);
  if (!limit.ok()) return limit.status();
  filter.limit = *limit;
  return filter;
}

Response Items(const Request& request, storage::Archive& archive, std::int64_t now) {
  Result<storage::ItemFilter> filter = Filter(request, now);
  if (!filter.ok()) return FromStatus(filter.status());
  Result<std::vector<storage::ItemSummary>> items = storage::ListItems(archive, *filter);
  if (!items.ok()) return FromStatus(items.status());
  Json list = Json::array();
  for (const storage::ItemSummary& item : *items) list.push_back(SummaryJson(item));
  return JsonResponse(Json{{"items", std::move(list)}});
}

Response Search(const Request& request, storage::Archive& archive, std::int64_t now) {
  std::optional<std::string> query = Param(request, "q");
  if (!query || query->empty()) return Error(400, "q: the search query is missing");
  Result<storage::ItemFilter> filter = Filter(request, now);
  if (!filter.ok()) return FromStatus(filter.status());
  storage::SearchRequest search;
  search.query = *query;
  search.filter = std::move(*filter);
  Result<std::vector<storage::SearchHit>> hits = storage::Search(archive, search, now);
  if (!hits.ok()) return FromStatus(hits.status());
  Json list = Json::array();
  for (const storage::SearchHit& hit : *hits) {
    Json json = SummaryJson(hit.item);
    json["score"] = hit.score;
    json["snippet"] = hit.snippet;
    list.push_back(std::move(json));
  }
  return JsonResponse(Json{{"hits", std::move(list)}});
}

Response Feeds(storage::Archive& archive) {
  Result<std::vector<storage::FeedInfo>> feeds = storage::ListFeeds(archive);
  if (!feeds.ok()) return FromStatus(feeds.status());
  Json list = Json::array();
  for (const storage::FeedInfo& feed : *feeds) list.push_back(FeedJson(feed));
  return JsonResponse(Json{{"feeds", std::move(list)}});
}

}  // namespace

Response HandleRead(const Request& request, const Route& route, storage::Archive& archive,
                    std::int64_t now) {
  switch (route.endpoint) {
    case Endpoint::kItems:
      return Items(request, archive, now);
    case Endpoint::kItem: {
      Result<storage::ItemDetail> item = storage::GetItem(archive, route.item_id);
      if (!item.ok()) return FromStatus(item.status());
      return JsonResponse(DetailJson(*item));
    }
    case Endpoint::kSearch:
      return Search(request, archive, now);
    case Endpoint::kFeeds:
      return Feeds(archive);
    case Endpoint::kDigest:
      return HandleDigest(request, archive, now);
    default:
      return Error(500, "not a reading endpoint");
  }
}

}  // namespace tidings::daemon::api
