// The fetcher: asynchronous HTTP(S) GETs of feeds and pages, polite to every host.
//
//   boost::asio::io_context io;
//   fetch::Fetcher fetcher(io, fetch::FetchOptions{});
//   fetch::FetchRequest request;
//   request.url = "https://example.org/feed.xml";
//   request.etag = stored_etag;  // conditional GET: a 304 comes back as not_modified
//   fetcher.Fetch(std::move(request), [](fetch::FetchResult r) { ... });
//   io.run();
//
// libcurl's multi interface runs on the io_context's thread (fetch/curl_multi.h); the event loop
// never blocks on the network. Every fetch waits in a queue until the global concurrency limit,
// its host's connection limit and its host's start spacing let it go (fetch/host_gate.h). A
// 429 or 503 answer with Retry-After pauses its whole host: queued fetches to it wait too.
//
// Redirects are followed (at most 5, http and https only); FetchResult::permanent_url says when
// the chain was all 301/308. The body is decompressed (every coding the curl build offers) and
// capped at max_body_bytes counted after decompression, so a compression bomb stops early.
//
// SSRF guard (fetch/ssrf.h): the resolved address of every connection, redirect hops included,
// must be public unless allow_private_networks is set (globally or on the request). A proxy
// (configured, or from http_proxy/https_proxy/all_proxy) may be on a private address: the
// connection to its address and port is allowed. Behind a proxy the proxy resolves names, so
// only URLs whose host is a literal IP address can be checked here.
//
// Threads: a Fetcher and its io_context's thread belong together. Construct, call and destroy it
// on the thread that runs the io_context (before io.run(), or from a handler). Nothing is locked.
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

#include "fetch/response.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace tidings::fetch {

struct FetchOptions {
  std::string user_agent = "tidings/0.1 (+https://github.com/tidings)";
  // nullopt: curl honours http_proxy, https_proxy, all_proxy and no_proxy from the environment.
  // "": no proxy at all. Otherwise a proxy URL ("http://127.0.0.1:3128", "socks5h://host:1080").
  std::optional<std::string> proxy;
  std::size_t max_concurrency = 16;      // transfers running at once, all hosts together
  std::size_t per_host_connections = 2;  // transfers running at once to one host name
  std::chrono::milliseconds per_host_spacing{1000};  // between two request starts to one host
  std::chrono::milliseconds connect_timeout{10000};  // DNS and TCP/TLS connect, per hop
  std::chrono::milliseconds total_timeout{60000};    // whole transfer, redirects included
  // The transfer fails when slower than low_speed_bytes_per_second for low_speed_time.
  std::int64_t low_speed_bytes_per_second = 1024;
  std::chrono::seconds low_speed_time{30};
  std::size_t max_body_bytes = std::size_t{16} << 20;  // decompressed bytes
  // Longest pause of a host a Retry-After can cause (a larger value is clamped).
  std::chrono::seconds max_host_pause{std::chrono::hours{6}};
  bool allow_private_networks = false;  // for every request (FetchRequest has its own flag)

  // Test seams; leave empty in production.
  // CURLOPT_RESOLVE entries "host:port:address": names resolved without DNS.
  std::vector<std::string> resolve;
  // "address:port" endpoints ("127.0.0.1:8080", "[::1]:8080") the SSRF guard lets through as if
  // they were public, so a test can play a public server on loopback.
  std::vector<std::string> endpoints_treated_as_public;
};

struct FetchRequest {
  std::string url;                           // absolute http or https URL
  std::optional<std::string> etag;           // sent as If-None-Match
  std::optional<std::string> last_modified;  // sent as If-Modified-Since
  // Extra request headers. A name or value holding CR, LF or NUL fails the fetch with kInvalid.
  std::vector<std::pair<std::string, std::string>> headers;
  // "user:password" for HTTP authentication, already read from its file by the caller. curl
  // sends it only to the host of `url`, not to other hosts a redirect leads to.
  std::optional<std::string> credentials;
  bool allow_private_networks = false;  // this request may reach private addresses
};

class Fetcher {
 public:
  using Done = std::function<void(FetchResult)>;

  // `io` must outlive the Fetcher. Reads the proxy settings (and resolves a proxy host name,
  // once) so that the SSRF guard lets connections to the proxy through.
  Fetcher(boost::asio::io_context& io, FetchOptions options);
  // Cancels what is still in flight, as CancelAll does. Destroy the Fetcher before `io`.
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Queues a GET of `request.url`. `done` is posted on the io_context exactly once, never called
  // from inside Fetch: with the response, with an error, or with kCancelled.
  void Fetch(FetchRequest request, Done done);

  // Stops every queued and running fetch; each `done` is posted with kCancelled. The Fetcher
  // stays usable.
  void CancelAll();

  // Fetches accepted whose `done` has not been posted yet (queued or running).
  std::size_t in_flight() const;

  // When fetches to `host` (the URL's host in lower case, "[::1]" for IPv6) may start again
  // after a Retry-After; nullopt when the host is not paused.
  std::optional<std::chrono::steady_clock::time_point> HostPausedUntil(std::string_view host) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tidings::fetch
