// The control socket's pure parts: routing, query strings, request bodies, who may change state,
// the event bus behind /v1/events and the Prometheus exposition of /metrics.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/api.h"
#include "daemon/control_auth.h"
#include "daemon/events.h"
#include "daemon/metrics.h"

namespace tidings::daemon {
namespace {

using api::Endpoint;
using api::Place;

TEST_CASE("routes: endpoints, where they run, and who may call them", "[daemon][api]") {
  api::Resolved status = api::Resolve("GET", "/v1/status");
  REQUIRE(status.route);
  CHECK(status.route->endpoint == Endpoint::kStatus);
  CHECK(status.route->place == Place::kLoop);
  CHECK_FALSE(status.route->changes_state);

  // Archive reads never run on the event loop.
  for (const char* path : {"/v1/digest", "/v1/items", "/v1/items/42", "/v1/search", "/v1/feeds"}) {
    api::Resolved read = api::Resolve("GET", path);
    REQUIRE(read.route);
    CHECK(read.route->place == Place::kReader);
    CHECK_FALSE(read.route->changes_state);
  }
  CHECK(api::Resolve("GET", "/v1/items/42").route->item_id == 42);
  CHECK(api::Resolve("GET", "/v1/events").route->place == Place::kStream);

  api::Resolved mark = api::Resolve("POST", "/v1/items/7/mark");
  REQUIRE(mark.route);
  CHECK(mark.route->endpoint == Endpoint::kMark);
  CHECK(mark.route->place == Place::kWriter);
  CHECK(mark.route->item_id == 7);
  for (const char* path : {"/v1/poll", "/v1/reload", "/v1/items/7/mark"}) {
    CHECK(api::Resolve("POST", path).route->changes_state);
  }
}

TEST_CASE("routes: unknown paths are 404, wrong methods 405 with Allow", "[daemon][api]") {
  for (const char* path :
       {"/", "/v1", "/v1/items/", "/v1/items/0", "/v1/items/-1", "/v1/items/12abc",
        "/v1/items/1/unmark", "/v1/status/", "/metrics2", "/v1/items/99999999999999999999"}) {
    api::Resolved resolved = api::Resolve("GET", path);
    CHECK_FALSE(resolved.route);
    CHECK(resolved.error.status == 404);
    CHECK(nlohmann::json::parse(resolved.error.body).contains("error"));
  }
  api::Resolved wrong = api::Resolve("GET", "/v1/reload");
  CHECK_FALSE(wrong.route);
  CHECK(wrong.error.status == 405);
  REQUIRE(wrong.error.headers.size() == 1);
  CHECK(wrong.error.headers[0] == std::pair<std::string, std::string>("Allow", "POST"));
  CHECK(api::Resolve("POST", "/v1/status").error.status == 405);
  CHECK(api::Resolve("GET", "/v1/items/3/mark").error.status == 405);
}

TEST_CASE("query strings are decoded, keys may repeat, bad escapes are refused", "[daemon][api]") {
  api::Request request;
  REQUIRE(api::ParseTarget("/v1/digest?topic=space&topic=sci-tech&q=%22a+b%22%20c&&empty=", request)
              .ok());
  CHECK(request.path == "/v1/digest");
  CHECK(api::All(request, "topic") == std::vector<std::string>{"space", "sci-tech"});
  CHECK(api::Param(request, "q") == "\"a b\" c");
  CHECK(api::Param(request, "empty") == "");
  CHECK_FALSE(api::Param(request, "missing"));

  CHECK(api::ParseTarget("/v1/search?q=%zz", request).code() == StatusCode::kInvalid);
  CHECK(api::ParseTarget("/v1/search?q=%4", request).code() == StatusCode::kInvalid);
  REQUIRE(api::ParseTarget("/v1/status", request).ok());
  CHECK(request.query.empty());
}

TEST_CASE("a mark body needs a topic and a boolean", "[daemon][api]") {
  Result<api::Mark> mark = api::ParseMark(R"({"topic": "space", "relevant": true})");
  REQUIRE(mark.ok());
  CHECK(mark->topic == "space");
  CHECK(mark->relevant);
  CHECK_FALSE(api::ParseMark(R"({"topic": "space"})").ok());
  CHECK_FALSE(api::ParseMark(R"({"topic": "", "relevant": true})").ok());
  CHECK_FALSE(api::ParseMark(R"({"topic": 3, "relevant": true})").ok());
  CHECK_FALSE(api::ParseMark(R"({"topic": "space", "relevant": "yes"})").ok());
  CHECK_FALSE(api::ParseMark("[1, 2]").ok());
  CHECK_FALSE(api::ParseMark("{\"topic\": \"sp").ok());
  CHECK_FALSE(api::ParseMark("").ok());
}

TEST_CASE("errors map to statuses with a JSON body", "[daemon][api]") {
  CHECK(api::FromStatus(NotFoundError("x")).status == 404);
  CHECK(api::FromStatus(InvalidError("x")).status == 400);
  api::Response busy = api::FromStatus(Status(StatusCode::kBusy, "locked"));
  CHECK(busy.status == 503);
  CHECK(busy.headers[0].first == "Retry-After");
  CHECK(api::FromStatus(IOError("disk")).status == 500);
  // Invalid UTF-8 from a feed cannot break the JSON.
  api::Response odd = api::Error(400, std::string("bad \xff byte"));
  CHECK(nlohmann::json::parse(odd.body)["error"] == "bad \xef\xbf\xbd byte");
}

TEST_CASE("state changes: root, the daemon's user and the control group only", "[daemon][auth]") {
  constexpr uid_t kDaemon = 990;
  constexpr gid_t kGroup = 995;
  // Users 1000 (in the group as a supplementary group) and 1001 (not).
  auto groups = [](uid_t uid, gid_t gid) {
    return uid == 1000 ? std::vector<gid_t>{gid, 27, kGroup} : std::vector<gid_t>{gid};
  };
  AuthPolicy policy(kDaemon, kGroup, groups);
  CHECK(policy.MayChangeState({1, 0, 0}));          // root
  CHECK(policy.MayChangeState({1, kDaemon, 990}));  // the daemon's own user
  CHECK(policy.MayChangeState({1, 1000, 1000}));    // a supplementary member
  CHECK(policy.MayChangeState({1, 1002, kGroup}));  // the primary group
  CHECK_FALSE(policy.MayChangeState({1, 1001, 1001}));
  CHECK_FALSE(policy.MayChangeState({1, 65534, 65534}));

  AuthPolicy no_group(kDaemon, std::nullopt, groups);
  CHECK(no_group.MayChangeState({1, 0, 0}));
  CHECK(no_group.MayChangeState({1, kDaemon, 1}));
  CHECK_FALSE(no_group.MayChangeState({1, 1000, 1000}));
  CHECK_FALSE(no_group.MayChangeState({1, 1002, kGroup}));
}

TEST_CASE("the control group is looked up by name", "[daemon][auth]") {
  Result<AuthPolicy> root = AuthPolicy::ForDaemon("root");
  REQUIRE(root.ok());
  CHECK(root->control_gid() == gid_t{0});
  CHECK(AuthPolicy::ForDaemon("").ok());
  CHECK_FALSE(AuthPolicy::ForDaemon("").value().control_gid());
  Result<AuthPolicy> missing = AuthPolicy::ForDaemon("no-such-group-tidings");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  // The group database: root's groups include root.
  std::vector<gid_t> groups = GroupsFromDatabase(0, 0);
  CHECK(std::find(groups.begin(), groups.end(), gid_t{0}) != groups.end());
}

MatchEvent Event(std::int64_t item) {
  MatchEvent event;
  event.item_id = item;
  event.topic = "space";
  event.title = "Item " + std::to_string(item);
  return event;
}

TEST_CASE("the event bus numbers events and resumes after an id", "[daemon][events]") {
  EventBus bus(4);
  CHECK(bus.last_id() == 0);
  CHECK(bus.Since(0, 10).events.empty());
  int woken = 0;
  int token = bus.Subscribe([&] { ++woken; });
  CHECK(bus.Publish(Event(10)) == 1);
  CHECK(bus.Publish(Event(11)) == 2);
  CHECK(bus.Publish(Event(12)) == 3);
  CHECK(woken == 3);
  EventBus::Batch later = bus.Since(1, 10);
  REQUIRE(later.events.size() == 2);
  CHECK(later.events[0].id == 2);
  CHECK(later.events[0].item_id == 11);
  CHECK_FALSE(later.gap);
  CHECK(bus.Since(1, 1).events.size() == 1);  // at most `max`
  CHECK(bus.Since(3, 10).events.empty());
  CHECK(bus.Since(300, 10).events.empty());  // a future id (another daemon's): nothing

  // The ring keeps the last 4: a client further behind gets what is left and `gap`.
  for (int i = 13; i < 20; ++i) bus.Publish(Event(i));
  EventBus::Batch behind = bus.Since(2, 100);
  CHECK(behind.gap);
  REQUIRE(behind.events.size() == 4);
  CHECK(behind.events.front().id == 7);
  CHECK(behind.events.back().id == 10);
  CHECK_FALSE(bus.Since(6, 100).gap);

  bus.Unsubscribe(token);
  bus.Publish(Event(20));
  CHECK(woken == 10);
  CHECK(bus.subscribers() == 0);
}

TEST_CASE("an event is one SSE message with one line of JSON", "[daemon][events]") {
  MatchEvent event = Event(5);
  event.id = 9;
  event.title = "Two\nlines and \xff";
  event.time = 86400;
  std::string message = SseMessage(event);
  CHECK(message.starts_with("id: 9\nevent: match\ndata: {"));
  CHECK(message.ends_with("}\n\n"));
  CHECK(std::count(message.begin(), message.end(), '\n') == 4);
  nlohmann::json data = nlohmann::json::parse(message.substr(message.find('{')));
  CHECK(data["item_id"] == 5);
  CHECK(data["time"] == "1970-01-02T00:00:00Z");
}

TEST_CASE("metrics are Prometheus text with HELP and TYPE", "[daemon][metrics]") {
  Metrics metrics;
  metrics.CountPoll(PollResult::kFetched);
  metrics.CountPoll(PollResult::kFetched);
  metrics.CountPoll(PollResult::kFailed);
  metrics.CountFetchError("http_5xx");
  metrics.CountItems(7, 1);
  metrics.CountMatch("space");
  metrics.CountMatch("we\"ird\\topic\n");
  metrics.CountExtraction("extracted");
  metrics.SetLastSuccessfulPoll(1700000000);
  metrics.SetLastSuccessfulPoll(1600000000);  // never goes back
  MetricGauges gauges;
  gauges.write_queue = 3;
  std::string text = metrics.Render(gauges);
  auto has = [&](std::string_view line) { return text.find(line) != std::string::npos; };
  CHECK(has("# HELP tidings_polls_total "));
  CHECK(has("# TYPE tidings_polls_total counter\n"));
  CHECK(has("tidings_polls_total{result=\"fetched\"} 2\n"));
  CHECK(has("tidings_polls_total{result=\"failed\"} 1\n"));
  CHECK(has("tidings_fetch_errors_total{kind=\"http_5xx\"} 1\n"));
  CHECK(has("tidings_items_ingested_total 7\n"));
  CHECK(has("tidings_topic_matches_total{topic=\"space\"} 1\n"));
  CHECK(has("tidings_topic_matches_total{topic=\"we\\\"ird\\\\topic\\n\"} 1\n"));
  CHECK(has("tidings_extractions_total{outcome=\"extracted\"} 1\n"));
  CHECK(has("tidings_last_successful_poll_timestamp_seconds 1700000000\n"));
  CHECK(has("# TYPE tidings_write_queue_depth gauge\ntidings_write_queue_depth 3\n"));
  // Every sample line belongs to a metric announced by a TYPE line.
  std::size_t types = 0, samples = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    std::string_view line(text.data() + at, end - at);
    if (line.starts_with("# TYPE ")) ++types;
    if (!line.starts_with("#")) ++samples;
    at = end + 1;
  }
  CHECK(types >= 14);
  CHECK(samples >= types);
}

}  // namespace
}  // namespace tidings::daemon
