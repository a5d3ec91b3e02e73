#include "daemon/feed_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/ascii.h"
#include "base/file.h"
#include "daemon/timing_json.h"

namespace tidings::daemon {
namespace {

std::shared_ptr<PolledFeed> NewFeed(const config::FeedConfig& entry,
                                    const storage::FeedInfo* stored, const ScheduleConfig& schedule,
                                    std::int64_t now, Random& random) {
  auto feed = std::make_shared<PolledFeed>();
  feed->config = entry;
  feed->fetch_url = entry.url;
  std::optional<std::int64_t> next_poll;
  if (stored) {
    if (stored->fetch_url) feed->fetch_url = *stored->fetch_url;
    feed->etag = stored->etag;
    feed->last_modified = stored->last_modified;
    if (stored->schedule) feed->timing = TimingFromJson(*stored->schedule);
    feed->disabled = stored->disabled_reason.has_value();
    feed->last_error = stored->last_error;
    next_poll = stored->next_poll;
  }
  feed->next_poll = InitialPollTime(next_poll, now, schedule, random);
  return feed;
}

void LoadSecrets(PolledFeed& feed, Log& log) {
  feed.secret_headers.clear();
  if (feed.config.credentials_file.empty()) return;
  auto headers = ReadCredentials(feed.config.credentials_file);
  if (!headers.ok()) {
    log.Error("{}: {}; polling without credentials", feed.config.url, headers.status().message());
    return;
  }
  feed.secret_headers = std::move(*headers);
}

}  // namespace

TableChanges FeedTable::Apply(const config::Config& config,
                              const std::map<std::string, storage::FeedInfo>& stored,
                              const ScheduleConfig& schedule, std::int64_t now, Random& random,
                              Log& log) {
  TableChanges changes;
  std::map<std::string, std::shared_ptr<PolledFeed>> next;
  for (const config::FeedConfig& entry : config.feeds) {
    if (!entry.enabled) continue;
    auto existing = feeds_.find(entry.url);
    if (existing != feeds_.end()) {
      std::shared_ptr<PolledFeed> feed = existing->second;
      if (feed->config == entry) {
        ++changes.kept;
      } else {
        ++changes.changed;
        feed->config = entry;
      }
      LoadSecrets(*feed, log);
      next[entry.url] = feed;
      continue;
    }
    auto found = stored.find(entry.url);
    auto feed =
        NewFeed(entry, found == stored.end() ? nullptr : &found->second, schedule, now, random);
    LoadSecrets(*feed, log);
    if (feed->disabled) {
      log.Warning("{}: disabled earlier ({}); not polled", entry.url,
                  found->second.disabled_reason.value_or("gone"));
    }
    next[entry.url] = feed;
    ++changes.added;
  }
  changes.removed = static_cast<int>(feeds_.size()) - changes.kept - changes.changed;
  feeds_ = std::move(next);
  return changes;
}

std::vector<std::shared_ptr<PolledFeed>> FeedTable::Due(std::int64_t now, bool all) const {
  std::vector<std::shared_ptr<PolledFeed>> due;
  for (const auto& [url, feed] : feeds_) {
    if (feed->in_flight || feed->disabled) continue;
    if (all || feed->next_poll <= now) due.push_back(feed);
  }
  std::sort(due.begin(), due.end(),
            [](const auto& a, const auto& b) { return a->next_poll < b->next_poll; });
  return due;
}

std::optional<std::int64_t> FeedTable::NextDue() const {
  std::optional<std::int64_t> next;
  for (const auto& [url, feed] : feeds_) {
    if (feed->in_flight || feed->disabled) continue;
    if (!next || feed->next_poll < *next) next = feed->next_poll;
  }
  return next;
}

int FeedTable::failing() const {
  return static_cast<int>(std::count_if(feeds_.begin(), feeds_.end(), [](const auto& entry) {
    return entry.second->last_error.has_value() && !entry.second->disabled;
  }));
}

int FeedTable::disabled() const {
  return static_cast<int>(std::count_if(feeds_.begin(), feeds_.end(),
                                        [](const auto& entry) { return entry.second->disabled; }));
}

Result<std::vector<std::pair<std::string, std::string>>> ReadCredentials(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t start = 0;
  for (int line = 1; start < text->size(); ++line) {
    std::size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    std::string_view content = TrimAsciiSpace(std::string_view(*text).substr(start, end - start));
    start = end + 1;
    if (content.empty() || content.front() == '#') continue;
    std::size_t colon = content.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return InvalidError(fmt::format("{}:{}: expected \"Header-Name: value\"", path, line));
    }
    headers.emplace_back(std::string(TrimAsciiSpace(content.substr(0, colon))),
                         std::string(TrimAsciiSpace(content.substr(colon + 1))));
  }
  return headers;
}

}  // namespace tidings::daemon
