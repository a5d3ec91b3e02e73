// The control socket's API: requests in, responses out, without sockets.
//
// The connection code (control_server.cc) parses HTTP, then asks Resolve() where a request goes:
//
//   api::Resolved r = api::Resolve(request.method, request.path);
//   if (!r.route) -> send r.error (404 or 405)
//   switch (r.route->place) {
//     case Place::kLoop:   ... on the event loop (status, metrics, poll, reload)
//     case Place::kReader: api::HandleRead(request, *r.route, reader_archive, now)  (reader thread)
//     case Place::kWriter: api::HandleMark(...)  on the archive writer's thread
//     case Place::kStream: the /v1/events stream
//   }
//
// Handlers never throw and never touch a socket; every failure is a Response with a JSON body
// {"error": "..."} and the status that fits (400 bad input, 404 not found, 503 busy ...).
// docs/api.md documents every endpoint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "storage/archive.h"

namespace tidings::daemon::api {

using Json = nlohmann::ordered_json;

struct Request {
  std::string method;                                      // "GET", "POST" ...
  std::string path;                                        // the target before '?', as sent
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order (keys repeat)
  std::string body;
  std::string last_event_id;  // the Last-Event-ID header, "" when absent
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones (Allow, Retry-After)
};

// {"error": message} with `status`.
Response Error(int status, std::string_view message);
// `json` serialized (invalid UTF-8 from feeds replaced, never a throw) with `status`.
Response JsonResponse(const Json& json, int status = 200);
// The HTTP status for a failed Status (kNotFound 404, kInvalid 400, kBusy 503, others 500).
Response FromStatus(const Status& status);

enum class Endpoint {
  kDigest,
  kItems,
  kItem,
  kSearch,
  kFeeds,
  kStatus,
  kMetrics,
  kEvents,
  kPoll,
  kReload,
  kMark,
};

enum class Place {
  kLoop,    // on the event loop: cheap, no archive
  kReader,  // reads the archive: on the reader thread
  kWriter,  // writes the archive: on the archive writer's thread
  kStream,  // the Server-Sent Events stream
};

struct Route {
  Endpoint endpoint = Endpoint::kStatus;
  Place place = Place::kLoop;
  bool changes_state = false;  // only for peers the AuthPolicy allows
  std::int64_t item_id = 0;    // /v1/items/{id}...
};

struct Resolved {
  std::optional<Route> route;
  Response error;  // 404 or 405 (with Allow) when there is no route
};

Resolved Resolve(std::string_view method, std::string_view path);

// Splits "path?query" into request.path and request.query; kInvalid for a malformed
// percent-escape.
Status ParseTarget(std::string_view target, Request& request);

// The last value of query key `key`, nullopt when absent; All(): every value, in order.
std::optional<std::string> Param(const Request& request, std::string_view key);
std::vector<std::string> All(const Request& request, std::string_view key);

// GET /v1/items, /v1/items/{id}, /v1/search, /v1/feeds, /v1/digest. `now`: Unix seconds.
Response HandleRead(const Request& request, const Route& route, storage::Archive& archive,
                    std::int64_t now);
Response HandleDigest(const Request& request, storage::Archive& archive, std::int64_t now);

// POST /v1/items/{id}/mark: the body, checked before it goes to the writer.
struct Mark {
  std::string topic;
  bool relevant = false;
};
Result<Mark> ParseMark(std::string_view body);
Response HandleMark(const Route& route, const Mark& mark, storage::Archive& archive,
                    std::int64_t now);

// What GET /v1/status and /metrics show of the running daemon, sampled on the event loop.
// One scheduled digest ([[digest]]), as /v1/status shows it.
struct DigestState {
  std::string name;
  std::optional<std::int64_t> next_run;  // Unix seconds
  std::optional<std::int64_t> last_run;  // the slot of the last recorded run
  bool running = false;
  std::string last_error;  // the last run's failure, "" when it went well (or none ran)
};

struct DaemonState {
  std::int64_t pid = 0;
  std::int64_t started = 0;  // Unix seconds
  std::int64_t now = 0;
  std::string config_source;  // "" for the built-in defaults
  std::string archive;
  std::size_t feeds = 0, feeds_failing = 0, feeds_disabled = 0;
  std::size_t polls_in_flight = 0, parse_queue = 0, write_queue = 0;
  std::optional<std::int64_t> next_poll;
  std::size_t control_connections = 0, event_subscribers = 0;
  std::vector<DigestState> digests;
};

Response StatusResponse(const DaemonState& state);
Response MetricsResponse(const DaemonState& state);

}  // namespace tidings::daemon::api
