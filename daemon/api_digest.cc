// GET /v1/digest and POST /v1/items/{id}/mark: the topic endpoints, on the archive's threads.
#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "daemon/api.h"
#include "daemon/digest_query.h"
#include "digest/digest.h"
#include "digest/render.h"
#include "storage/query.h"
#include "storage/topics.h"

namespace tidings::daemon::api {
namespace {

constexpr std::size_t kMaxEntries = 1000;

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
  DigestQuery query;
  query.topics = All(request, "topic");
  query.now = now;
  query.limit = *limit;
  query.self_url = SelfUrl(request);
  Result<std::int64_t> since =
      storage::ParseTimeBound(Param(request, "since").value_or("24h"), now);
  if (!since.ok()) return Error(400, "since: " + since.status().message());
  query.since = *since;
  if (std::optional<std::string> until_text = Param(request, "until")) {
    Result<std::int64_t> until = storage::ParseTimeBound(*until_text, now);
    if (!until.ok()) return Error(400, "until: " + until.status().message());
    query.until = *until;
  }
  Result<digest::Digest> built = QueryDigest(archive, query);
  if (!built.ok()) return FromStatus(built.status());
  Response response;
  response.content_type = std::string(digest::ContentType(*format));
  response.body = digest::Render(*built, *format);
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
