// The fetcher against a real HTTP server on 127.0.0.1: responses, conditional GETs, redirects,
// politeness, and broken or hostile servers.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "fetch/fetcher.h"
#include "tests/support/fetch_runner.h"
#include "tests/support/http_test_server.h"

using tidings::StatusCode;
using tidings::fetch::FetchOptions;
using tidings::fetch::FetchRequest;
using tidings::fetch::FetchResult;
using tidings::testing::Contains;
using tidings::testing::FetchAll;
using tidings::testing::FetchOne;
using tidings::testing::Get;
using tidings::testing::HttpResponse;
using tidings::testing::HttpTestServer;
using tidings::testing::LoopbackOptions;
using namespace std::chrono_literals;

namespace {

HttpResponse Redirect(int status, const std::string& location) {
  HttpResponse response;
  response.status = status;
  response.headers = {{"Location", location}};
  return response;
}

HttpResponse Body(std::string body) {
  HttpResponse response;
  response.body = std::move(body);
  return response;
}

HttpResponse WithStatus(int status, std::string body = "") {
  HttpResponse response = Body(std::move(body));
  response.status = status;
  return response;
}

HttpResponse Gzipped(std::string body) {
  HttpResponse response = Body(std::move(body));
  response.gzip = true;
  return response;
}

}  // namespace

TEST_CASE("a 200 brings the body and the caching headers", "[fetch][http]") {
  HttpTestServer server;
  HttpResponse feed = Body("<rss version=\"2.0\"/>");
  feed.headers = {{"Content-Type", "application/rss+xml"},
                  {"ETag", "\"v1\""},
                  {"Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"},
                  {"Cache-Control", "max-age=600"},
                  {"Expires", "Sun, 06 Nov 1994 09:49:37 GMT"}};
  server.Route("/feed", feed);
  FetchResult r = FetchOne(Get(server.Url("/feed")));
  REQUIRE(r.status.ok());
  CHECK(r.http_status == 200);
  CHECK(r.body == "<rss version=\"2.0\"/>");
  CHECK(r.content_type == "application/rss+xml");
  CHECK(r.etag == "\"v1\"");
  CHECK(r.last_modified == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(r.cache_control == "max-age=600");
  CHECK(r.expires == "Sun, 06 Nov 1994 09:49:37 GMT");
  CHECK(r.final_url == server.Url("/feed"));
  CHECK_FALSE(r.permanent_url);
  CHECK_FALSE(r.not_modified);
  CHECK_FALSE(r.retry_after);
  REQUIRE(server.Requests().size() == 1);
  CHECK(server.Requests()[0].Header("user-agent").value_or("").starts_with("tidings/"));
  CHECK(Contains(server.Requests()[0].Header("accept-encoding").value_or(""), "gzip"));
  CHECK_FALSE(server.Requests()[0].Header("if-none-match"));
}

TEST_CASE("a conditional GET by ETag gets a 304", "[fetch][http]") {
  HttpTestServer server;
  server.Route("/feed", [](const tidings::testing::HttpRequest& request) {
    HttpResponse response = Body("<feed/>");
    if (request.Header("if-none-match") == "\"v1\"") response = WithStatus(304);
    response.headers.emplace_back("ETag", "\"v1\"");
    return response;
  });
  FetchRequest request = Get(server.Url("/feed"));
  request.etag = "\"v1\"";
  FetchResult r = FetchOne(request);
  REQUIRE(r.status.ok());
  CHECK(r.http_status == 304);
  CHECK(r.not_modified);
  CHECK(r.body.empty());
  CHECK(r.etag == "\"v1\"");
  REQUIRE(server.Requests().size() == 1);
  CHECK(server.Requests()[0].Header("if-none-match") == "\"v1\"");
  CHECK_FALSE(server.Requests()[0].Header("if-modified-since"));
}

TEST_CASE("a conditional GET by Last-Modified gets a 304", "[fetch][http]") {
  const std::string date = "Sun, 06 Nov 1994 08:49:37 GMT";
  HttpTestServer server;
  server.Route("/feed", [date](const tidings::testing::HttpRequest& request) {
    if (request.Header("if-modified-since") == date) return WithStatus(304);
    return Body("<feed/>");
  });
  FetchRequest request = Get(server.Url("/feed"));
  request.last_modified = date;
  FetchResult r = FetchOne(request);
  REQUIRE(r.status.ok());
  CHECK(r.not_modified);
  REQUIRE(server.Requests().size() == 1);
  CHECK(server.Requests()[0].Header("if-modified-since") == date);
  CHECK_FALSE(server.Requests()[0].Header("if-none-match"));
}

TEST_CASE("only a chain of 301/308 redirects says the feed moved", "[fetch][http][redirect]") {
  HttpTestServer server;
  server.Route("/new", Body("<feed/>"));
  server.Route("/moved", Redirect(301, server.Url("/moved-again")));
  server.Route("/moved-again", Redirect(308, "/new"));  // relative Location
  server.Route("/found", Redirect(302, server.Url("/new")));
  server.Route("/temporary", Redirect(307, server.Url("/new")));
  server.Route("/mixed", Redirect(301, server.Url("/found")));
  server.Route("/moved-to-missing", Redirect(301, server.Url("/missing")));
  std::vector<FetchResult> r =
      FetchAll({Get(server.Url("/moved")), Get(server.Url("/found")), Get(server.Url("/temporary")),
                Get(server.Url("/mixed")), Get(server.Url("/moved-to-missing"))});
  for (const FetchResult& result : r) REQUIRE(result.status.ok());
  CHECK(r[0].permanent_url == server.Url("/new"));
  CHECK(r[0].redirects == 2);
  CHECK(r[0].body == "<feed/>");
  CHECK(r[1].final_url == server.Url("/new"));
  CHECK(r[1].http_status == 200);
  CHECK_FALSE(r[1].permanent_url);
  CHECK_FALSE(r[2].permanent_url);
  CHECK_FALSE(r[3].permanent_url);  // 301 then 302: not moved for good
  CHECK(r[4].http_status == 404);   // a permanent move to an error is not a new home
  CHECK_FALSE(r[4].permanent_url);
}

TEST_CASE("error statuses are responses, with their bodies", "[fetch][http]") {
  HttpTestServer server;
  server.Route("/gone", WithStatus(410, "gone for good"));
  server.Route("/broken", WithStatus(500, "oops"));
  std::vector<FetchResult> r =
      FetchAll({Get(server.Url("/missing")), Get(server.Url("/gone")), Get(server.Url("/broken"))});
  CHECK(r[0].status.ok());
  CHECK(r[0].http_status == 404);
  CHECK(r[1].status.ok());
  CHECK(r[1].http_status == 410);
  CHECK(r[1].body == "gone for good");
  CHECK(r[2].status.ok());
  CHECK(r[2].http_status == 500);
  CHECK(r[2].body == "oops");
}

TEST_CASE("gzip bodies are decoded", "[fetch][http]") {
  HttpTestServer server;
  std::string text(100000, 'x');
  server.Route("/feed", Gzipped(text));
  FetchResult r = FetchOne(Get(server.Url("/feed")));
  REQUIRE(r.status.ok());
  CHECK(r.body == text);
}

TEST_CASE("large bodies arrive whole, plain and gzip-encoded", "[fetch][http]") {
  HttpTestServer server;
  std::string text;
  for (int i = 0; text.size() < (8 << 20); ++i) text += "<item>" + std::to_string(i) + "</item>\n";
  server.Route("/plain", Body(text));
  server.Route("/gzip", Gzipped(text));
  std::vector<FetchResult> r = FetchAll({Get(server.Url("/plain")), Get(server.Url("/gzip"))});
  CHECK(r[0].status.ok());
  CHECK(r[0].body == text);
  CHECK(r[1].status.ok());
  CHECK(r[1].body == text);
}

TEST_CASE("a body over the cap is refused", "[fetch][http][limits]") {
  HttpTestServer server;
  server.Route("/big", Body(std::string(300000, 'x')));
  FetchOptions options = LoopbackOptions();
  options.max_body_bytes = 100000;
  FetchResult r = FetchOne(Get(server.Url("/big")), options);
  CHECK(r.status.code() == StatusCode::kTooLarge);
  CHECK(Contains(r.status.message(), server.Url("/big")));
  CHECK(r.body.empty());
}

TEST_CASE("a gzip bomb stops at the cap on decompressed bytes, quickly", "[fetch][http][limits]") {
  HttpTestServer server;
  // 16 MB of zeros; about 16 KB on the wire, far under the cap.
  server.Route("/bomb", Gzipped(std::string(16 << 20, '\0')));
  FetchOptions options = LoopbackOptions();
  options.max_body_bytes = 1 << 20;
  auto start = std::chrono::steady_clock::now();
  FetchResult r = FetchOne(Get(server.Url("/bomb")), options);
  CHECK(r.status.code() == StatusCode::kTooLarge);
  CHECK(Contains(r.status.message(), "decompressed"));
  CHECK(std::chrono::steady_clock::now() - start < 3s);
}
