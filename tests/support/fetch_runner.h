// Helpers for fetcher tests: run fetches to completion on a private io_context, bounded in time.
#pragma once

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fetch/fetcher.h"

namespace tidings::testing {

// Fast, bounded settings for servers on loopback: private networks allowed, no spacing, and no
// proxy even when the environment names one.
inline fetch::FetchOptions LoopbackOptions() {
  using namespace std::chrono_literals;
  fetch::FetchOptions options;
  options.proxy = "";
  options.allow_private_networks = true;
  options.per_host_spacing = 0ms;
  options.connect_timeout = 2s;
  options.total_timeout = 5s;
  return options;
}

inline fetch::FetchRequest Get(std::string url) {
  fetch::FetchRequest request;
  request.url = std::move(url);
  return request;
}

// Runs `io` until `done()` is true or 10 s have passed. An io_context that ran out of work stops
// (idle keep-alive connections are not watched), so it is restarted when needed.
template <typename Predicate>
void RunUntil(boost::asio::io_context& io, Predicate done) {
  using namespace std::chrono_literals;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    if (io.stopped()) io.restart();
    io.run_one_for(100ms);
  }
}

// Fetches every request with one Fetcher, all queued at once; the results in request order.
inline std::vector<fetch::FetchResult> FetchAll(
    std::vector<fetch::FetchRequest> requests,
    const fetch::FetchOptions& options = LoopbackOptions()) {
  boost::asio::io_context io;
  std::vector<std::optional<fetch::FetchResult>> results(requests.size());
  std::size_t finished = 0;
  {
    fetch::Fetcher fetcher(io, options);
    for (std::size_t i = 0; i < requests.size(); ++i) {
      fetcher.Fetch(std::move(requests[i]), [&results, &finished, i](fetch::FetchResult result) {
        results[i] = std::move(result);
        ++finished;
      });
    }
    RunUntil(io, [&] { return finished == results.size(); });
  }
  io.poll();  // lets handlers of the destroyed fetcher run out
  std::vector<fetch::FetchResult> out;
  for (auto& result : results) {
    REQUIRE(result);
    out.push_back(std::move(*result));
  }
  return out;
}

inline fetch::FetchResult FetchOne(fetch::FetchRequest request,
                                   const fetch::FetchOptions& options = LoopbackOptions()) {
  std::vector<fetch::FetchRequest> requests;
  requests.push_back(std::move(request));
  return FetchAll(std::move(requests), options).front();
}

inline bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace tidings::testing
