// The router and what every endpoint shares: errors, query strings, JSON bodies; plus the
// endpoints that read only the daemon's live state (status, metrics).
#include "daemon/api.h"

#include <fmt/format.h>

#include <charconv>

#include "base/time.h"
#include "daemon/metrics.h"

namespace tidings::daemon::api {
namespace {

struct PathEntry {
  std::string_view path;
  std::string_view method;
  Endpoint endpoint;
  Place place;
  bool changes_state;
};

constexpr PathEntry kPaths[] = {
    {"/v1/digest", "GET", Endpoint::kDigest, Place::kReader, false},
    {"/v1/items", "GET", Endpoint::kItems, Place::kReader, false},
    {"/v1/search", "GET", Endpoint::kSearch, Place::kReader, false},
    {"/v1/feeds", "GET", Endpoint::kFeeds, Place::kReader, false},
    {"/v1/status", "GET", Endpoint::kStatus, Place::kLoop, false},
    {"/metrics", "GET", Endpoint::kMetrics, Place::kLoop, false},
    {"/v1/events", "GET", Endpoint::kEvents, Place::kStream, false},
    {"/v1/poll", "POST", Endpoint::kPoll, Place::kLoop, true},
    {"/v1/reload", "POST", Endpoint::kReload, Place::kLoop, true},
};

Resolved Found(std::string_view method, std::string_view allowed, Route route) {
  Resolved resolved;
  if (method != allowed) {
    resolved.error = Error(405, fmt::format("{} takes {} only", method, allowed));
    resolved.error.headers.emplace_back("Allow", std::string(allowed));
    return resolved;
  }
  resolved.route = route;
  return resolved;
}

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  if (text.empty() || text.size() > 18 || text[0] < '1' || text[0] > '9') return std::nullopt;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

// /v1/items/{id} and /v1/items/{id}/mark.
Resolved ResolveItem(std::string_view method, std::string_view rest) {
  bool mark = false;
  if (std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    if (rest.substr(slash) != "/mark") return {std::nullopt, Error(404, "no such endpoint")};
    mark = true;
    rest = rest.substr(0, slash);
  }
  std::optional<std::int64_t> id = ParseId(rest);
  if (!id) return {std::nullopt, Error(404, "no such item: ids are positive integers")};
  Route route;
  route.item_id = *id;
  if (mark) {
    route.endpoint = Endpoint::kMark;
    route.place = Place::kWriter;
    route.changes_state = true;
    return Found(method, "POST", route);
  }
  route.endpoint = Endpoint::kItem;
  route.place = Place::kReader;
  return Found(method, "GET", route);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte.
Result<std::string> Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      int high = i + 2 < text.size() ? HexDigit(text[i + 1]) : -1;
      int low = high >= 0 ? HexDigit(text[i + 2]) : -1;
      if (low < 0) return InvalidError("malformed percent-escape in the query string");
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return out;
}

Json TimeOrNull(const std::optional<std::int64_t>& time) {
  return time ? Json(FormatUtc(*time)) : Json();
}

}  // namespace

Response Error(int status, std::string_view message) {
  return JsonResponse(Json{{"error", message}}, status);
}

Response JsonResponse(const Json& json, int status) {
  Response response;
  response.status = status;
  response.body = json.dump(-1, ' ', false, Json::error_handler_t::replace);
  response.body += '\n';
  return response;
}

Response FromStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return Error(404, status.message());
    case StatusCode::kInvalid:
    case StatusCode::kTooLarge:
      return Error(400, status.message());
    case StatusCode::kBusy: {
      Response response = Error(503, status.message());
      response.headers.emplace_back("Retry-After", "1");
      return response;
    }
    default:
      return Error(500, status.message());
  }
}

Resolved Resolve(std::string_view method, std::string_view path) {
  for (const PathEntry& entry : kPaths) {
    if (entry.path == path) {
      return Found(method, entry.method,
                   Route{entry.endpoint, entry.place, entry.changes_state, 0});
    }
  }
  constexpr std::string_view kItems = "/v1/items/";
  if (path.starts_with(kItems)) return ResolveItem(method, path.substr(kItems.size()));
  return {std::nullopt, Error(404, "no such endpoint (see docs/api.md)")};
}

Status ParseTarget(std::string_view target, Request& request) {
  std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  request.query.clear();
  if (question == std::string_view::npos) return Status::Ok();
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t equals = pair.find('=');
    Result<std::string> key = Decode(pair.substr(0, equals));
    Result<std::string> value =
        Decode(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1));
    if (!key.ok()) return key.status();
    if (!value.ok()) return value.status();
    request.query.emplace_back(std::move(*key), std::move(*value));
  }
  return Status::Ok();
}

std::optional<std::string> Param(const Request& request, std::string_view key) {
  std::optional<std::string> value;
  for (const auto& [name, text] : request.query) {
    if (name == key) value = text;
  }
  return value;
}

std::vector<std::string> All(const Request& request, std::string_view key) {
  std::vector<std::string> values;
  for (const auto& [name, text] : request.query) {
    if (name == key) values.push_back(text);
  }
  return values;
}

Result<Mark> ParseMark(std::string_view body) {
  Json json = Json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return InvalidError("the body must be a JSON object {\"topic\": \"...\", \"relevant\": true}");
  }
  auto topic = json.find("topic");
  auto relevant = json.find("relevant");
  if (topic == json.end() || !topic->is_string() || topic->get<std::string>().empty()) {
    return InvalidError("\"topic\" must be a non-empty string");
  }
  if (relevant == json.end() || !relevant->is_boolean()) {
    return InvalidError("\"relevant\" must be true or false");
  }
  return Mark{topic->get<std::string>(), relevant->get<bool>()};
}

namespace {

Json DigestsJson(const std::vector<DigestState>& digests) {
  Json list = Json::array();
  for (const DigestState& digest : digests) {
    list.push_back({{"name", digest.name},
                    {"next_run", TimeOrNull(digest.next_run)},
                    {"last_run", TimeOrNull(digest.last_run)},
                    {"running", digest.running},
                    {"last_error", digest.last_error.empty() ? Json() : Json(digest.last_error)}});
  }
  return list;
}

}  // namespace

Response StatusResponse(const DaemonState& state) {
  const Metrics& metrics = Metrics::Global();
  Json json = {
      {"daemon",
       {{"pid", state.pid},
        {"started", FormatUtc(state.started)},
        {"uptime_seconds", state.now - state.started},
        {"config", state.config_source.empty() ? Json() : Json(state.config_source)},
        {"archive", state.archive}}},
      {"feeds",
       {{"total", state.feeds},
        {"failing", state.feeds_failing},
        {"disabled", state.feeds_disabled}}},
      {"polls",
       {{"in_flight", state.polls_in_flight},
        {"fetched", metrics.polls(PollResult::kFetched)},
        {"not_modified", metrics.polls(PollResult::kNotModified)},
        {"failed", metrics.polls(PollResult::kFailed)},
        {"last_success", TimeOrNull(metrics.last_successful_poll())},
        {"next", TimeOrNull(state.next_poll)}}},
      {"items", {{"added_since_start", metrics.items_added()}}},
      {"queues", {{"parse", state.parse_queue}, {"write", state.write_queue}}},
      {"control",
       {{"connections", state.control_connections},
        {"event_subscribers", state.event_subscribers},
        {"requests", metrics.requests()}}},
      {"digests", DigestsJson(state.digests)},
  };
  return JsonResponse(json);
}

Response MetricsResponse(const DaemonState& state) {
  MetricGauges gauges;
  gauges.feeds = state.feeds;
  gauges.feeds_failing = state.feeds_failing;
  gauges.feeds_disabled = state.feeds_disabled;
  gauges.polls_in_flight = state.polls_in_flight;
  gauges.parse_queue = state.parse_queue;
  gauges.write_queue = state.write_queue;
  gauges.control_connections = state.control_connections;
  gauges.event_subscribers = state.event_subscribers;
  Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = Metrics::Global().Render(gauges);
  return response;
}

}  // namespace tidings::daemon::api
