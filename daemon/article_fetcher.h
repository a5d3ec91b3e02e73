// The daemon's article fetching: for items whose feed's policy asks for it ([articles] full_text:
// "all" items, or those that "matched" a topic), fetch the page the item links to, extract its
// main text and archive it (items.full_text, searchable; the sanitized HTML and metadata in
// `articles`; the raw page, compressed, in `pages`).
//
//   ArticleFetcher articles({io, fetcher, parsers, writer, log}, UnixNow);
//   articles.set_config(config);
//   articles.Start();        // a round now and then for due retries
//   articles.Kick();         // after an ingest: new items may be waiting
//   articles.Drain(done);    // `tidings poll`: rounds until nothing is due, then `done`
//
// A round asks the archive for candidates (storage::ListArticleCandidates), then for each: checks
// the site's robots.txt (cached per site, unless the feed sets respect_robots = false), fetches
// the page through the daemon's one Fetcher (same per-host limits as feed polls; redirects
// followed; [fetch] size and time caps), honours noarchive (X-Robots-Tag or meta robots: the
// outcome "noarchive" is recorded and nothing of the page is stored), extracts it on the worker
// pool and records the outcome in one transaction. Consent walls, paywalls, bot challenges, 5xx
// answers and network errors are retried later with a growing delay (1 h, 4 h, 16 h, 64 h); the
// feed's article_failures counts failures since its last success. At most half of the fetcher's
// concurrency goes to articles, so feed polls are never starved. Lives on the io_context's
// thread, like the Poller.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/config.h"
#include "daemon/archive_writer.h"
#include "daemon/article_robots.h"
#include "daemon/log.h"
#include "daemon/topic_set.h"
#include "daemon/worker_pool.h"
#include "extract/extract.h"
#include "fetch/fetcher.h"
#include "storage/articles.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace tidings::daemon {

struct ArticleContext {
  boost::asio::io_context& io;
  fetch::Fetcher& fetcher;
  WorkerPool& workers;  // extraction runs here
  ArchiveWriter& writer;
  Log& log;
};

// What the rounds since the start (or since Drain was called) did.
struct ArticleSummary {
  int tried = 0;
  int archived = 0;  // outcome "article"
  int failed = 0;    // anything but article, noarchive and robots_denied
};

class ArticleFetcher {
 public:
  using Clock = std::function<std::int64_t()>;  // Unix seconds
  using Extractor =
      std::function<Result<extract::Article>(std::string_view, const extract::ExtractOptions&)>;

  // `extractor` is extract::Extract unless a test passes its own.
  ArticleFetcher(ArticleContext context, Clock clock, Extractor extractor = extract::Extract);
  ~ArticleFetcher();
  ArticleFetcher(const ArticleFetcher&) = delete;
  ArticleFetcher& operator=(const ArticleFetcher&) = delete;

  // Takes each feed's policy from `config` (on start and on reload).
  void set_config(const config::Config& config);
  // The topics an archived article's full text is re-scored against (null: none): the article,
  // not the feed's summary, then decides whether the item matches.
  void set_topics(std::shared_ptr<const TopicSet> topics) { topics_ = std::move(topics); }

  // Runs a round every `every` (for due retries) from now on, and one right away.
  void Start(std::chrono::seconds every);
  // Starts a round now, or one more right after the running one.
  void Kick();
  // Runs rounds until one finds nothing left to do, then calls `done` once.
  void Drain(std::function<void(const ArticleSummary&)> done);
  // No new rounds or fetches; what is in flight ends with the fetcher's cancellation.
  void Stop();

  bool busy() const { return round_running_; }
  const ArticleSummary& summary() const { return summary_; }

 private:
  struct Job;
  struct Policy {
    config::FullText full_text = config::FullText::kMatched;
    bool respect_robots = true;
    bool allow_private = false;
  };
  void StartRound();
  void Listed(Result<std::vector<storage::ArticleCandidate>> candidates,
              std::map<std::int64_t, Policy> by_id);
  void StartJobs();
  void CheckRobots(std::shared_ptr<Job> job);
  void Fetch(std::shared_ptr<Job> job);
  void Fetched(std::shared_ptr<Job> job, fetch::FetchResult result);
  void Extract(std::shared_ptr<Job> job);
  void Store(std::shared_ptr<Job> job);
  void JobDone(std::shared_ptr<Job> job, bool stored);
  void RoundDone();
  void ArmTimer();
  void SubmitWithRetry(std::function<bool()> submit);

  ArticleContext context_;
  std::shared_ptr<const TopicSet> topics_;
  Clock clock_;
  Extractor extractor_;
  RobotsCache robots_;
  std::map<std::string, Policy> policies_;  // by feed URL
  std::size_t max_in_flight_ = 1;
  std::chrono::seconds every_{0};
  struct AsioState;
  std::unique_ptr<AsioState> asio_;
  std::vector<std::shared_ptr<Job>> queued_;  // this round's candidates not started yet
  int in_flight_ = 0;
  int round_size_ = 0;    // candidates of the running round
  int round_stored_ = 0;  // of them, recorded in the archive
  bool round_running_ = false;
  bool again_ = false;  // Kick() during a round
  bool stopping_ = false;
  std::vector<std::function<void(const ArticleSummary&)>> drained_;
  ArticleSummary summary_;
};

}  // namespace tidings::daemon
