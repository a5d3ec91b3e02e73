#include "daemon/article_robots.h"

#include <fmt/format.h>

#include "daemon/article_page.h"

namespace tidings::daemon {
namespace {

constexpr std::size_t kMaxSites = 10000;

}  // namespace

void RobotsCache::Check(const std::string& url, bool allow_private, Done done) {
  std::optional<fetch::RobotsTarget> target = fetch::RobotsTargetOf(url);
  if (!target) return done(Answer{});
  const std::int64_t now = clock_();
  auto found = sites_.find(target->origin);
  if (found != sites_.end() && !found->second.fetching && found->second.expires > now) {
    return done(AnswerFor(found->second, target->path));
  }
  if (found == sites_.end()) {
    Forget();
    found = sites_.emplace(target->origin, Site{}).first;
  }
  Site& site = found->second;
  site.waiting.emplace_back(target->path, std::move(done));
  if (site.fetching) return;
  site.fetching = true;
  fetch::FetchRequest request;
  request.url = target->RobotsUrl();
  request.allow_private_networks = allow_private;
  fetcher_.Fetch(std::move(request), [this, origin = target->origin](fetch::FetchResult result) {
    Fetched(origin, result);
  });
}

void RobotsCache::Fetched(const std::string& origin, const fetch::FetchResult& result) {
  auto found = sites_.find(origin);
  if (found == sites_.end()) return;
  Site& site = found->second;
  site.fetching = false;
  const std::int64_t now = clock_();
  const int code = result.http_status;
  if (result.status.ok() && code >= 200 && code <= 299) {
    site.available = true;
    site.rules = fetch::RobotsRules::Parse(result.body, kRobotsAgent);
    site.expires = now + kKeepSeconds;
  } else if (result.status.ok() && code >= 400 && code <= 499 && code != 429) {
    site.available = true;
    site.rules = fetch::RobotsRules::AllowAll();
    site.expires = now + kKeepSeconds;
  } else {
    site.available = false;
    site.error = result.status.ok()
                     ? fmt::format("robots.txt: HTTP {} from {}", code, result.final_url)
                     : "robots.txt: " + result.status.message();
    site.expires = now + kRetrySeconds;
  }
  std::vector<std::pair<std::string, Done>> waiting = std::move(site.waiting);
  site.waiting.clear();
  for (auto& [path, done] : waiting) done(AnswerFor(site, path));
}

RobotsCache::Answer RobotsCache::AnswerFor(const Site& site, const std::string& path) {
  if (!site.available) return Answer{Verdict::kUnavailable, site.error};
  return Answer{site.rules.Allowed(path) ? Verdict::kAllowed : Verdict::kDisallowed, ""};
}

void RobotsCache::Forget() {
  if (sites_.size() < kMaxSites) return;
  const std::int64_t now = clock_();
  std::erase_if(sites_, [now](const auto& entry) {
    return !entry.second.fetching && entry.second.expires <= now;
  });
}

}  // namespace tidings::daemon
