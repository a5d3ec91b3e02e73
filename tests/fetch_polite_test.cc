// Politeness against a real server: per-host limits and spacing, Retry-After pauses, and
// cancellation.
#include <time.h>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "fetch/fetcher.h"
#include "tests/support/fetch_runner.h"
#include "tests/support/http_test_server.h"

using tidings::StatusCode;
using tidings::fetch::Fetcher;
using tidings::fetch::FetchOptions;
using tidings::fetch::FetchRequest;
using tidings::fetch::FetchResult;
using tidings::testing::FetchAll;
using tidings::testing::Get;
using tidings::testing::HttpResponse;
using tidings::testing::HttpTestServer;
using tidings::testing::LoopbackOptions;
using tidings::testing::RunUntil;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

HttpResponse Slow(std::chrono::milliseconds delay) {
  HttpResponse response;
  response.delay = delay;
  response.body = "ok";
  return response;
}

HttpResponse RetryLater(int status, std::string retry_after) {
  HttpResponse response;
  response.status = status;
  response.headers = {{"Retry-After", std::move(retry_after)}};
  return response;
}

// `seconds` from now as an HTTP-date (IMF-fixdate).
std::string HttpDateIn(int seconds) {
  time_t when = time(nullptr) + seconds;
  tm parts{};
  gmtime_r(&when, &parts);
  char text[64];
  strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return text;
}

// One fetcher on one io_context, for tests that watch the queue between fetches.
struct Session {
  explicit Session(FetchOptions options) : fetcher(io, std::move(options)) {}
  // Queues a fetch; its result lands in the returned slot.
  std::shared_ptr<std::optional<FetchResult>> Start(FetchRequest request) {
    auto slot = std::make_shared<std::optional<FetchResult>>();
    fetcher.Fetch(std::move(request), [slot](FetchResult r) { *slot = std::move(r); });
    return slot;
  }
  void Wait(const std::shared_ptr<std::optional<FetchResult>>& slot) {
    RunUntil(io, [&] { return slot->has_value(); });
    REQUIRE(slot->has_value());
  }
  boost::asio::io_context io;
  Fetcher fetcher;
};

}  // namespace

TEST_CASE("20 fetches to one host never exceed its connection limit", "[fetch][polite]") {
  HttpTestServer server;
  server.Route("/slow", Slow(30ms));
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 20; ++i) requests.push_back(Get(server.Url("/slow")));
  std::vector<FetchResult> results = FetchAll(requests);  // per_host_connections: 2
  for (const FetchResult& r : results) CHECK(r.http_status == 200);
  CHECK(server.max_concurrent_requests() == 2);
  CHECK(server.max_concurrent_connections() <= 2);
}

TEST_CASE("the global limit holds across hosts", "[fetch][polite]") {
  HttpTestServer server;
  server.Route("/slow", Slow(30ms));
  FetchOptions options = LoopbackOptions();
  options.max_concurrency = 3;
  std::vector<FetchRequest> requests;
  std::string port = std::to_string(server.port());
  for (int i = 0; i < 10; ++i) {
    requests.push_back(Get("http://127.0.0.1:" + port + "/slow"));
    requests.push_back(Get("http://localhost:" + port + "/slow"));  // another host name
  }
  std::vector<FetchResult> results = FetchAll(requests, options);
  for (const FetchResult& r : results) CHECK(r.http_status == 200);
  CHECK(server.max_concurrent_requests() == 3);
}

TEST_CASE("request starts to one host are spaced out", "[fetch][polite]") {
  HttpTestServer server;
  server.Route("/feed", Slow(0ms));
  FetchOptions options = LoopbackOptions();
  options.per_host_spacing = 150ms;
  auto start = SteadyClock::now();
  std::vector<FetchResult> results = FetchAll(
      {Get(server.Url("/feed")), Get(server.Url("/feed")), Get(server.Url("/feed"))}, options);
  for (const FetchResult& r : results) CHECK(r.http_status == 200);
  CHECK(SteadyClock::now() - start >= 300ms);
}

TEST_CASE("a 429 with Retry-After in seconds pauses the whole host", "[fetch][polite]") {
  HttpTestServer server;
  server.Route("/limited", RetryLater(429, "120"));
  server.Route("/feed", Slow(0ms));
  Session session(LoopbackOptions());
  auto limited = session.Start(Get(server.Url("/limited")));
  session.Wait(limited);
  const FetchResult& r = **limited;
  CHECK(r.status.ok());
  CHECK(r.http_status == 429);
  CHECK(r.retry_after == "120");
  CHECK(r.retry_after_seconds == 120);
  std::optional<SteadyClock::time_point> paused = session.fetcher.HostPausedUntil("127.0.0.1");
  REQUIRE(paused);
  CHECK(*paused - SteadyClock::now() > 115s);
  CHECK(*paused - SteadyClock::now() <= 120s);

  // A fetch queued for the paused host waits; it does not reach the server.
  auto queued = session.Start(Get(server.Url("/feed")));
  session.io.restart();
  session.io.run_for(200ms);
  CHECK_FALSE(queued->has_value());
  CHECK(session.fetcher.in_flight() == 1);
  CHECK(server.RequestCount("/feed") == 0);
  session.fetcher.CancelAll();
  session.Wait(queued);
  CHECK((*queued)->status.code() == StatusCode::kCancelled);
  CHECK(server.RequestCount("/feed") == 0);
}

TEST_CASE("a 503 with Retry-After as an HTTP-date pauses the host", "[fetch][polite]") {
  HttpTestServer server;
  server.Route("/busy", RetryLater(503, HttpDateIn(90)));
  Session session(LoopbackOptions());
  auto busy = session.Start(Get(server.Url("/busy")));
  session.Wait(busy);
  CHECK((*busy)->http_status == 503);
  REQUIRE((*busy)->retry_after_seconds);
  CHECK(*(*busy)->retry_after_seconds >= 88);
  CHECK(*(*busy)->retry_after_seconds <= 90);
  std::optional<SteadyClock::time_point> paused = session.fetcher.HostPausedUntil("127.0.0.1");
  REQUIRE(paused);
  CHECK(*paused - SteadyClock::now() > 85s);
}

TEST_CASE("a queued fetch starts when the pause is over", "[fetch][polite]") {
  HttpTestServer server;
  server.Route("/limited", RetryLater(429, "1"));
  server.Route("/feed", Slow(0ms));
  Session session(LoopbackOptions());
  auto limited = session.Start(Get(server.Url("/limited")));
  session.Wait(limited);
  auto paused_at = SteadyClock::now();
  auto queued = session.Start(Get(server.Url("/feed")));
  session.Wait(queued);
  CHECK((*queued)->http_status == 200);
  CHECK(SteadyClock::now() - paused_at >= 900ms);
}

TEST_CASE("a huge Retry-After is clamped, and no Retry-After means no pause", "[fetch][polite]") {
  HttpTestServer server;
  server.Route("/forever", RetryLater(429, "999999999"));
  server.Route("/plain", RetryLater(429, "soon"));
  FetchOptions options = LoopbackOptions();
  options.max_host_pause = 60s;
  Session session(options);
  auto plain = session.Start(Get(server.Url("/plain")));
  session.Wait(plain);
  CHECK_FALSE((*plain)->retry_after_seconds);
  CHECK_FALSE(session.fetcher.HostPausedUntil("127.0.0.1"));
  auto forever = session.Start(Get(server.Url("/forever")));
  session.Wait(forever);
  std::optional<SteadyClock::time_point> paused = session.fetcher.HostPausedUntil("127.0.0.1");
  REQUIRE(paused);
  CHECK(*paused - SteadyClock::now() <= 60s);
}

TEST_CASE("CancelAll stops running fetches and the fetcher stays usable", "[fetch][polite]") {
  HttpTestServer server;
  server.Route("/slow", Slow(5s));
  server.Route("/feed", Slow(0ms));
  Session session(LoopbackOptions());
  auto slow = session.Start(Get(server.Url("/slow")));
  RunUntil(session.io, [&] { return server.RequestCount("/slow") == 1; });
  auto start = SteadyClock::now();
  session.fetcher.CancelAll();
  CHECK(session.fetcher.in_flight() == 0);
  session.Wait(slow);
  CHECK((*slow)->status.code() == StatusCode::kCancelled);
  CHECK(SteadyClock::now() - start < 1s);
  auto after = session.Start(Get(server.Url("/feed")));
  session.Wait(after);
  CHECK((*after)->http_status == 200);
}

TEST_CASE("done is posted, never called inside Fetch, also when the fetcher dies",
          "[fetch][polite]") {
  HttpTestServer server;
  server.Route("/slow", Slow(5s));
  boost::asio::io_context io;
  int invalid_calls = 0;
  std::optional<FetchResult> running;
  {
    Fetcher fetcher(io, LoopbackOptions());
    fetcher.Fetch(Get("not a url"), [&](FetchResult) { ++invalid_calls; });
    CHECK(invalid_calls == 0);
    fetcher.Fetch(Get(server.Url("/slow")), [&](FetchResult r) { running = std::move(r); });
    RunUntil(io, [&] { return server.RequestCount("/slow") == 1; });
    CHECK(invalid_calls == 1);
  }
  CHECK_FALSE(running);
  io.poll();
  REQUIRE(running);
  CHECK(running->status.code() == StatusCode::kCancelled);
  CHECK(invalid_calls == 1);
}
