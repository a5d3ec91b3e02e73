// The SSRF guard at work: connections to private addresses are refused unless allowed, on every
// redirect hop, while a proxy on loopback keeps working.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <optional>
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

namespace {

FetchOptions Guarded() {
  FetchOptions options = LoopbackOptions();
  options.allow_private_networks = false;
  return options;
}

// `server` plays a public host: "public.example:PORT" resolves to it, and the guard treats its
// endpoint (and no other on loopback) as public.
FetchOptions WithPublicServer(const HttpTestServer& server) {
  FetchOptions options = Guarded();
  std::string port = std::to_string(server.port());
  options.resolve = {"public.example:" + port + ":127.0.0.1"};
  options.endpoints_treated_as_public = {"127.0.0.1:" + port};
  return options;
}

std::string PublicUrl(const HttpTestServer& server, const std::string& path) {
  return "http://public.example:" + std::to_string(server.port()) + path;
}

// Sets an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

HttpResponse Ok() {
  HttpResponse response;
  response.body = "<feed/>";
  return response;
}

HttpResponse RedirectTo(std::string location) {
  HttpResponse response;
  response.status = 302;
  response.headers = {{"Location", std::move(location)}};
  return response;
}

}  // namespace

TEST_CASE("loopback is refused without the flag, naming the address", "[fetch][ssrf]") {
  HttpTestServer server;
  server.Route("/feed", Ok());
  FetchResult r = FetchOne(Get(server.Url("/feed")), Guarded());
  CHECK(r.status.code() == StatusCode::kInvalid);
  CHECK(Contains(r.status.message(), server.Url("/feed")));
  CHECK(Contains(r.status.message(), "SSRF"));
  CHECK(Contains(r.status.message(), "127.0.0.1 is a loopback address"));
  CHECK(server.Requests().empty());
}

TEST_CASE("other spellings of loopback are refused too", "[fetch][ssrf]") {
  HttpTestServer server;
  server.Route("/feed", Ok());
  std::string port = std::to_string(server.port());
  // Hex and short IPv4 forms, a name, IPv6 loopback: the check is on the resolved address.
  for (const char* host : {"0x7f.1", "2130706433", "localhost", "[::1]", "[::ffff:127.0.0.1]"}) {
    INFO(host);
    FetchResult r = FetchOne(Get(std::string("http://") + host + ":" + port + "/feed"), Guarded());
    CHECK(r.status.code() == StatusCode::kInvalid);
    CHECK(Contains(r.status.message(), "SSRF"));
  }
  CHECK(server.Requests().empty());
}

TEST_CASE("private networks are allowed globally or per request", "[fetch][ssrf]") {
  HttpTestServer server;
  server.Route("/feed", Ok());
  FetchRequest request = Get(server.Url("/feed"));
  request.allow_private_networks = true;
  CHECK(FetchOne(request, Guarded()).http_status == 200);
  FetchOptions global = Guarded();
  global.allow_private_networks = true;
  CHECK(FetchOne(Get(server.Url("/feed")), global).http_status == 200);
}

TEST_CASE("a public URL that redirects to loopback is refused at the hop", "[fetch][ssrf]") {
  HttpTestServer public_server;
  HttpTestServer private_server;
  private_server.Route("/admin", Ok());
  public_server.Route("/feed", Ok());
  public_server.Route("/moved", RedirectTo(private_server.Url("/admin")));
  FetchOptions options = WithPublicServer(public_server);

  // The seam works: the public-looking host answers.
  CHECK(FetchOne(Get(PublicUrl(public_server, "/feed")), options).http_status == 200);

  FetchResult r = FetchOne(Get(PublicUrl(public_server, "/moved")), options);
  CHECK(r.status.code() == StatusCode::kInvalid);
  CHECK(Contains(r.status.message(), "redirect to " + private_server.Url("/admin")));
  CHECK(Contains(r.status.message(), "127.0.0.1 is a loopback address"));
  CHECK(public_server.RequestCount("/moved") == 1);
  CHECK(private_server.Requests().empty());
}

TEST_CASE("a proxy on loopback still works", "[fetch][ssrf][proxy]") {
  HttpTestServer proxy;  // answers absolute-form requests as a forward proxy would
  proxy.Route("/feed", Ok());
  FetchOptions options = Guarded();
  options.proxy = proxy.Url("");
  FetchResult r = FetchOne(Get("http://feeds.example/feed"), options);
  REQUIRE(r.status.ok());
  CHECK(r.http_status == 200);
  REQUIRE(proxy.Requests().size() == 1);
  CHECK(proxy.Requests()[0].target == "http://feeds.example/feed");
}

TEST_CASE("a proxy on loopback from the environment still works", "[fetch][ssrf][proxy]") {
  HttpTestServer proxy;
  proxy.Route("/feed", Ok());
  ScopedEnv http_proxy("http_proxy", proxy.Url(""));
  ScopedEnv no_proxy("no_proxy", "");
  FetchOptions options = Guarded();
  options.proxy.reset();  // curl reads the environment; so does the guard
  FetchResult r = FetchOne(Get("http://feeds.example/feed"), options);
  CHECK(r.http_status == 200);
  CHECK(proxy.RequestCount("/feed") == 1);
}

TEST_CASE("through a proxy, a private address literal in the URL is refused",
          "[fetch][ssrf][proxy]") {
  HttpTestServer proxy;
  proxy.Route("/latest/meta-data", Ok());
  FetchOptions options = Guarded();
  options.proxy = proxy.Url("");
  FetchResult r = FetchOne(Get("http://169.254.169.254/latest/meta-data"), options);
  CHECK(r.status.code() == StatusCode::kInvalid);
  CHECK(Contains(r.status.message(), "169.254.169.254 is a link-local"));
  CHECK(proxy.Requests().empty());
}

TEST_CASE("through a proxy, a redirect to a private address literal is refused",
          "[fetch][ssrf][proxy]") {
  HttpTestServer proxy;
  HttpTestServer other;
  other.Route("/feed", Ok());
  proxy.Route("/feed", RedirectTo(other.Url("/feed")));
  FetchOptions options = Guarded();
  options.proxy = proxy.Url("");
  // Through the proxy the hop to 127.0.0.1:OTHER is a literal private address: refused.
  FetchResult r = FetchOne(Get("http://feeds.example/feed"), options);
  CHECK(r.status.code() == StatusCode::kInvalid);
  CHECK(Contains(r.status.message(), "redirect to"));
  CHECK(proxy.RequestCount("/feed") == 1);
}

TEST_CASE("a kept-alive connection of an allowed fetch is not reused to get around the guard",
          "[fetch][ssrf]") {
  HttpTestServer server;
  server.Route("/feed", Ok());
  FetchOptions options = Guarded();
  options.per_host_connections = 1;  // one after the other, on one connection if allowed
  FetchRequest allowed = Get(server.Url("/feed"));
  allowed.allow_private_networks = true;
  std::vector<FetchResult> r = FetchAll({allowed, Get(server.Url("/feed"))}, options);
  CHECK(r[0].http_status == 200);
  CHECK(r[1].status.code() == StatusCode::kInvalid);
  CHECK(Contains(r[1].status.message(), "127.0.0.1 is a loopback address"));
  CHECK(server.RequestCount("/feed") == 1);
  CHECK(server.connections_accepted() == 1);  // curl offered the open connection: refused there
}

TEST_CASE("credentials go to the feed's host as HTTP Basic", "[fetch][ssrf]") {
  HttpTestServer server;
  server.Route("/feed", Ok());
  FetchRequest request = Get(server.Url("/feed"));
  request.credentials = "reader:s3cret";
  REQUIRE(FetchOne(request).http_status == 200);
  REQUIRE(server.Requests().size() == 1);
  CHECK(server.Requests()[0].Header("authorization") == "Basic cmVhZGVyOnMzY3JldA==");
}
