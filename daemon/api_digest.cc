// GET /v1/digest and POST /v1/items/{id}/mark: the topic endpoints, on the archive's threads.
#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "daemon/api.h"
#include "digest/digest.h"
#include "digest/render.h"
#include "storage/query.h"
#include "storage/topics.h"

namespace tidings::daemon::api {
namespace {

constexpr std::size_t kMaxEntries = 1000;
// Items read from the archive for one digest: clustering needs every version of a story, so
// this is much larger than the entries shown.
constexpr std::size_t kMaxMatched = 20000;

Result<std::size_t> EntryLimit(const Request& request) {
  std::optional<std::string> text = Param(request, "limit");
  if (!text) return std::size_t{50};
  std::size_t limit = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (error != std::errc() || end != text->data() + text->size() || limit < 1 ||
      limit > kMaxEntries) {
    return InvalidError(fmt::format("limit: expected an integer from 1 to {}", kMaxEntries));
  }
  return limit;
}

digest::DigestItem ToDigestItem(storage::MatchedItem&& item) {
  digest::DigestItem out;
  out.id = item.id;
  out.feed_id = item.feed_id;
  out.feed_title = std::move(item.feed_title);
  out.feed_url = std::move(item.feed_url);
  out.title = std::move(item.title);
  out.link = std::move(item.link);
  out.canonical_link = std::move(item.canonical_link);
  out.time = item.time;
  out.text = std::move(item.text);
  out.story_id = item.story_id;
  out.topic = std::move(item.topic);
  out.score = item.score;
  out.why = std::move(item.why);
  return out;
}

// Percent-encodes all but RFC 3986's unreserved characters.
std::string Encode(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

// The digest's own address, for the Atom feed's rel="self" link.
std::string SelfUrl(const Request& request) {
  std::string url = "http://localhost" + request.path;
  char separator = '?';
  for (const auto& [key, value] : request.query) {
    url += separator + Encode(key) + "=" + Encode(value);
    separator = '&';
  }
  return url;
}

}  // namespace

Response HandleDigest(const Request& request, storage::Archive& archive, std::int64_t now) {
  Result<digest::Format> format = digest::ParseFormat(Param(request, "format").value_or("json"));
  if (!format.ok()) return Error(400, "format: " + format.status().message());
  Result<std::size_t> limit = EntryLimit(request);
  if (!limit.ok()) return FromStatus(limit.status());
  storage::MatchedFilter filter;
  filter.topics = All(request, "topic");
  filter.limit = kMaxMatched;
  Result<std::int64_t> since =
      storage::ParseTimeBound(Param(request, "since").value_or("24h"), now);
  if (!since.ok()) return Error(400, "since: " + since.status().message());
  filter.since = *since;
  if (std::optional<std::string> until_text = Param(request, "until")) {
    Result<std::int64_t> until = storage::ParseTimeBound(*until_text, now);
    if (!until.ok()) return Error(400, "until: " + until.status().message());
    filter.until = *until;
  }
  Result<std::vector<storage::MatchedItem>> matched = storage::ListMatched(archive, filter);
  if (!matched.ok()) return FromStatus(matched.status());
  std::vector<digest::DigestItem> items;
  items.reserve(matched->size());
  for (storage::MatchedItem& item : *matched) items.push_back(ToDigestItem(std::move(item)));
  digest::DigestOptions options;
  options.topics = filter.topics;
  options.since = filter.since;
  options.until = filter.until;
  options.now = now;
  options.limit = *limit;
  options.self_url = SelfUrl(request);
  digest::Digest built = digest::BuildDigest(std::move(items), options);
  Response response;
  response.content_type = std::string(digest::ContentType(*format));
  response.body = digest::Render(built, *format);
  return response;
}

Response HandleMark(const Route& route, const Mark& mark, storage::Archive& archive,
                    std::int64_t now) {
  Status stored = storage::SetTopicLabel(archive, route.item_id, mark.topic, mark.relevant, now);
  if (!stored.ok()) return FromStatus(stored);
  return JsonResponse(
      Json{{"item", route.item_id}, {"topic", mark.topic}, {"relevant", mark.relevant}});
}

}  // namespace tidings::daemon::api
