// Internal to daemon/: each site's robots.txt for the article fetcher, fetched through the shared
// Fetcher (so its politeness limits count it) and cached per origin.
//
//   robots.Check(url, allow_private, [](const RobotsCache::Answer& a) { ... });
//
// A 2xx answer is parsed (fetch/robots.h) and kept for a day. Any 4xx means there is no
// robots.txt: everything is allowed, also for a day (RFC 9309 2.3.1.3). A 5xx, a 429 or no answer
// at all means the site cannot say now: its pages are not fetched (kUnavailable) and the file is
// asked for again after an hour. Concurrent checks for one site share a single fetch. Lives on the
// io_context's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fetch/fetcher.h"
#include "fetch/robots.h"

namespace tidings::daemon {

class RobotsCache {
 public:
  enum class Verdict { kAllowed, kDisallowed, kUnavailable };
  struct Answer {
    Verdict verdict = Verdict::kAllowed;
    std::string error;  // kUnavailable: why ("robots.txt: HTTP 503 from ...")
  };
  using Done = std::function<void(const Answer&)>;
  using Clock = std::function<std::int64_t()>;  // Unix seconds

  static constexpr std::int64_t kKeepSeconds = 86400;
  static constexpr std::int64_t kRetrySeconds = 3600;

  RobotsCache(fetch::Fetcher& fetcher, Clock clock) : fetcher_(fetcher), clock_(std::move(clock)) {}

  // Answers for `url` through `done`: at once when the site's rules are cached (from inside
  // Check), else once its robots.txt has been fetched. A URL that is not http(s) is allowed
  // (the fetch itself will refuse it).
  void Check(const std::string& url, bool allow_private, Done done);

  std::size_t size() const { return sites_.size(); }

 private:
  struct Site {
    bool fetching = false;
    bool available = false;
    std::int64_t expires = 0;
    fetch::RobotsRules rules;
    std::string error;
    std::vector<std::pair<std::string, Done>> waiting;  // path, callback
  };
  void Fetched(const std::string& origin, const fetch::FetchResult& result);
  static Answer AnswerFor(const Site& site, const std::string& path);
  void Forget();  // drops expired sites when the table grows large

  fetch::Fetcher& fetcher_;
  Clock clock_;
  std::unordered_map<std::string, Site> sites_;  // by origin
};

}  // namespace tidings::daemon
