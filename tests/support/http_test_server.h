// HttpTestServer: a real HTTP/1.1 server on 127.0.0.1 for tests, with scripted answers.
//
//   HttpTestServer server;                       // listening on an ephemeral port, own thread
//   HttpResponse feed;
//   feed.body = "<rss/>";
//   feed.headers = {{"ETag", "\"v1\""}};
//   server.Route("/feed", feed);
//   fetch(server.Url("/feed"));                  // "http://127.0.0.1:PORT/feed"
//   CHECK(server.Requests()[0].Header("if-none-match") == "\"v1\"");
//
// A response can be delayed, gzip-encoded, stalled or cut short, so tests can show how a client
// behaves against slow and broken servers. Unknown paths get 404. A request in absolute form
// ("GET http://host/feed", as a client sends to a proxy) is routed by its path, so the server
// can also play a forward proxy.
//
// Threads: the server runs on its own thread; every method may be called from any thread.
// Handlers run on the server's thread. The destructor stops the server and closes every
// connection, stalled ones included.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tidings::testing {

struct HttpRequest {
  std::string method;
  std::string target;  // as sent: "/feed?x=1", or "http://host/feed" through a proxy
  std::string path;    // the target's path, without the query
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case

  // The value of the first header named `lower_case_name`, if any.
  std::optional<std::string> Header(std::string_view lower_case_name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool gzip = false;                   // send the body gzip-encoded, with Content-Encoding: gzip
  std::chrono::milliseconds delay{0};  // wait this long before sending anything
  // Send this many body bytes, then nothing more (the connection stays open until the server
  // stops). Content-Length still announces the whole body.
  std::optional<std::size_t> stall_after;
  // Send this many body bytes, then close the connection. Content-Length announces the whole body.
  std::optional<std::size_t> truncate_after;
  bool close = false;  // "Connection: close", and close after the response
};

class HttpTestServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  HttpTestServer();
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  std::uint16_t port() const;
  // "http://127.0.0.1:PORT" + path.
  std::string Url(std::string_view path) const;

  // Answers requests for `path` with `response` (replacing an earlier route).
  void Route(const std::string& path, HttpResponse response);
  // Answers requests for `path` with whatever `handler` returns for the request.
  void Route(const std::string& path, Handler handler);

  // Every request received so far, in order.
  std::vector<HttpRequest> Requests() const;
  std::size_t RequestCount(std::string_view path) const;
  std::size_t connections_accepted() const;
  // The most connections open at once, and the most requests being answered at once.
  std::size_t max_concurrent_connections() const;
  std::size_t max_concurrent_requests() const;

  // `data` gzip-encoded (zlib, best compression).
  static std::string Gzip(std::string_view data);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tidings::testing
