// One poll of one feed, start to finish: fetch (event loop) -> parse (worker pool) -> ingest and
// decide the next poll (archive writer, one transaction) -> update the feed (event loop).
//
//   Poller poller({io, fetcher, parsers, writer, log}, schedule_config);
//   poller.Poll(feed, [](const PollReport& r) { ... });   // `done` runs on the io_context
//
// The feed's new state (validators, next poll, errors, the scheduler's learned rhythm) commits
// in the same transaction as its items, so a crash between the two cannot happen. A 304 costs no
// parsing. A failed poll (network, HTTP error, not a feed) records the error and backs off; it
// never removes the feed. Everything except the parse and the ingest runs on the io_context's
// thread, which must also be where Poll() is called.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "daemon/archive_writer.h"
#include "daemon/log.h"
#include "daemon/schedule.h"
#include "daemon/topic_set.h"
#include "daemon/worker_pool.h"
#include "fetch/fetcher.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace tidings::daemon {

// A feed as the daemon polls it: its config entry and what it has learned. Owned by the daemon's
// feed table; a Poll() in flight holds a shared_ptr, so a feed removed by a reload finishes its
// poll safely.
struct PolledFeed {
  config::FeedConfig config;
  std::string fetch_url;  // config.url, or where a permanent redirect moved it
  std::vector<std::pair<std::string, std::string>> secret_headers;  // from credentials_file
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  FeedTiming timing;
  std::int64_t next_poll = 0;
  bool disabled = false;
  bool in_flight = false;
  std::optional<std::string> last_error;
};

struct PollReport {
  std::string url;
  bool fetched = false;       // a new document was parsed and ingested
  bool not_modified = false;  // 304
  bool failed = false;
  int added = 0;
  int changed = 0;
  std::string error;                      // when failed
  std::optional<std::int64_t> next_poll;  // nullopt: disabled
};

struct PollerContext {
  boost::asio::io_context& io;
  fetch::Fetcher& fetcher;
  WorkerPool& parsers;
  ArchiveWriter& writer;
  Log& log;
};

class Poller {
 public:
  using Done = std::function<void(const PollReport&)>;
  using Clock = std::function<std::int64_t()>;  // Unix seconds; a seam for tests

  Poller(PollerContext context, ScheduleConfig schedule, Clock clock);

  void set_schedule(const ScheduleConfig& schedule) { schedule_ = schedule; }
  // The topics polls started from now on score their items against (null: none).
  void set_topics(std::shared_ptr<const TopicSet> topics) { topics_ = std::move(topics); }

  // Polls `feed` once. Marks it in flight until `done` runs (on the io_context, exactly once).
  void Poll(std::shared_ptr<PolledFeed> feed, Done done);

 private:
  struct Job;
  void Fetched(std::shared_ptr<Job> job, fetch::FetchResult result);
  void Parse(std::shared_ptr<Job> job);
  void Store(std::shared_ptr<Job> job);
  void Finish(std::shared_ptr<Job> job);
  void PublishMatches(const Job& job);
  // Queues `task` on `pool`-like `submit`, retrying from a timer while the queue is full.
  void SubmitWithRetry(std::function<bool()> submit);

  PollerContext context_;
  ScheduleConfig schedule_;
  std::shared_ptr<const TopicSet> topics_;
  Clock clock_;
  SeededRandom seeds_;
};

}  // namespace tidings::daemon
