// The fetcher against servers that fail: each failure is a value naming the URL and the cause.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "fetch/fetcher.h"
#include "tests/support/fetch_runner.h"
#include "tests/support/http_test_server.h"

using tidings::StatusCode;
using tidings::fetch::FetchOptions;
using tidings::fetch::FetchResult;
using tidings::testing::Contains;
using tidings::testing::FetchOne;
using tidings::testing::Get;
using tidings::testing::HttpResponse;
using tidings::testing::HttpTestServer;
using tidings::testing::LoopbackOptions;
using namespace std::chrono_literals;

namespace {

FetchOptions ShortTimeouts() {
  FetchOptions options = LoopbackOptions();
  options.total_timeout = 400ms;
  return options;
}

std::chrono::steady_clock::duration Elapsed(std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start;
}

}  // namespace

TEST_CASE("a server that stalls mid-body times out", "[fetch][failure]") {
  HttpTestServer server;
  HttpResponse stalled;
  stalled.body = std::string(10000, 'x');
  stalled.stall_after = 100;
  server.Route("/feed", stalled);
  auto start = std::chrono::steady_clock::now();
  FetchResult r = FetchOne(Get(server.Url("/feed")), ShortTimeouts());
  CHECK(r.status.code() == StatusCode::kIO);
  CHECK(Contains(r.status.message(), server.Url("/feed")));
  CHECK(Contains(r.status.message(), "timeout"));
  CHECK(r.body.empty());
  CHECK(Elapsed(start) < 3s);
}

TEST_CASE("a server that never answers times out", "[fetch][failure]") {
  HttpTestServer server;
  HttpResponse slow;
  slow.delay = 5s;
  server.Route("/feed", slow);
  FetchResult r = FetchOne(Get(server.Url("/feed")), ShortTimeouts());
  CHECK(r.status.code() == StatusCode::kIO);
  CHECK(Contains(r.status.message(), "timeout"));
  CHECK(r.http_status == 0);
}

TEST_CASE("a body cut short of its Content-Length is an error", "[fetch][failure]") {
  HttpTestServer server;
  HttpResponse truncated;
  truncated.body = std::string(10000, 'x');
  truncated.truncate_after = 1000;
  server.Route("/feed", truncated);
  FetchResult r = FetchOne(Get(server.Url("/feed")));
  CHECK(r.status.code() == StatusCode::kIO);
  CHECK(Contains(r.status.message(), "truncated"));
  CHECK(r.body.empty());
}

TEST_CASE("a redirect loop ends after 5 hops", "[fetch][failure][redirect]") {
  HttpTestServer server;
  HttpResponse loop;
  loop.status = 302;
  loop.headers = {{"Location", "/loop"}};
  server.Route("/loop", loop);
  FetchResult r = FetchOne(Get(server.Url("/loop")));
  CHECK(r.status.code() == StatusCode::kIO);
  CHECK(Contains(r.status.message(), "too many redirects"));
  CHECK(server.RequestCount("/loop") == 6);
}

TEST_CASE("a refused connection is an error naming the URL", "[fetch][failure]") {
  // A port that was just free: nothing listens there now.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor probe(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  std::string url = "http://127.0.0.1:" + std::to_string(probe.local_endpoint().port()) + "/feed";
  probe.close();
  FetchResult r = FetchOne(Get(url));
  CHECK(r.status.code() == StatusCode::kIO);
  CHECK(Contains(r.status.message(), url));
  CHECK(Contains(r.status.message(), "connect"));
}

TEST_CASE("an unresolvable host is a DNS error", "[fetch][failure]") {
  FetchResult r = FetchOne(Get("http://no-such-host.invalid/feed"));
  CHECK(r.status.code() == StatusCode::kIO);
  CHECK(Contains(r.status.message(), "http://no-such-host.invalid/feed"));
  CHECK(Contains(r.status.message(), "DNS"));
}

TEST_CASE("a redirect to another scheme is refused", "[fetch][failure][redirect]") {
  HttpTestServer server;
  HttpResponse to_file;
  to_file.status = 301;
  to_file.headers = {{"Location", "file:///etc/passwd"}};
  server.Route("/feed", to_file);
  FetchResult r = FetchOne(Get(server.Url("/feed")));
  CHECK(r.status.code() == StatusCode::kInvalid);
  CHECK(Contains(r.status.message(), "http and https"));
  CHECK(r.body.empty());
}

TEST_CASE("URLs that cannot be fetched fail without a connection", "[fetch][failure]") {
  for (const char* url : {"ftp://example.org/feed", "file:///etc/passwd", "/relative/feed",
                          "http://", "not a url", "gopher://example.org/"}) {
    INFO(url);
    FetchResult r = FetchOne(Get(url));
    CHECK(r.status.code() == StatusCode::kInvalid);
    CHECK(Contains(r.status.message(), url));
  }
}

TEST_CASE("a request header with a line break is refused", "[fetch][failure]") {
  HttpTestServer server;
  tidings::fetch::FetchRequest request = Get(server.Url("/feed"));
  request.headers = {{"X-Token", "a\r\nHost: evil.example"}};
  FetchResult r = FetchOne(request);
  CHECK(r.status.code() == StatusCode::kInvalid);
  CHECK(server.Requests().empty());
  request.headers = {{"Bad Name", "x"}};
  CHECK(FetchOne(request).status.code() == StatusCode::kInvalid);
  request.etag = std::string("\"v1\"\nX-Evil: 1");
  request.headers.clear();
  CHECK(FetchOne(request).status.code() == StatusCode::kInvalid);
}
