#include "daemon/article_fetcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/article_page.h"

namespace tidings::daemon {
namespace {

constexpr int kRoundLimit = 200;  // candidates per round: a round's list stays small

bool IsFailure(const std::string& outcome) {
  return outcome != "article" && outcome != "noarchive" && outcome != "robots_denied";
}

}  // namespace

struct ArticleFetcher::AsioState {
  explicit AsioState(boost::asio::io_context& context) : timer(context), io(context) {}
  boost::asio::steady_timer timer;  // the next periodic round
  boost::asio::io_context& io;
  // Held while a round runs, so io_context::run() waits for it (`tidings poll`).
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
};

struct ArticleFetcher::Job {
  explicit Job(boost::asio::io_context& io) : work(io.get_executor()) {}
  // Keeps io_context::run() going while the job is on a worker or the writer (`tidings poll`).
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  storage::ArticleCandidate candidate;
  Policy policy;
  fetch::FetchResult fetch;
  storage::ArticleRecord record;
  std::vector<storage::TopicScoreRow> scores;  // of the extracted text; empty: not re-scored
  Status stored;
  int attempt() const { return candidate.attempts + 1; }
};

ArticleFetcher::ArticleFetcher(ArticleContext context, Clock clock, Extractor extractor)
    : context_(context),
      clock_(std::move(clock)),
      extractor_(std::move(extractor)),
      robots_(context.fetcher, clock_),
      asio_(std::make_unique<AsioState>(context.io)) {}

ArticleFetcher::~ArticleFetcher() = default;

void ArticleFetcher::set_config(const config::Config& config) {
  policies_.clear();
  for (const config::FeedConfig& feed : config.feeds) {
    Policy policy;
    policy.full_text = feed.full_text.value_or(config.articles.full_text);
    policy.respect_robots = feed.respect_robots.value_or(config.articles.respect_robots);
    policy.allow_private = feed.allow_private_networks.value_or(false);
    policies_[feed.url] = policy;
  }
  max_in_flight_ = std::max<std::size_t>(1, static_cast<std::size_t>(config.fetch.concurrency) / 2);
}

void ArticleFetcher::Start(std::chrono::seconds every) {
  every_ = every;
  Kick();
  ArmTimer();
}

void ArticleFetcher::ArmTimer() {
  asio_->timer.expires_after(every_);
  asio_->timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    Kick();
    ArmTimer();
  });
}

void ArticleFetcher::Kick() {
  if (stopping_) return;
  if (round_running_) {
    again_ = true;
    return;
  }
  StartRound();
}

void ArticleFetcher::Drain(std::function<void(const ArticleSummary&)> done) {
  drained_.push_back(std::move(done));
  if (!round_running_) StartRound();
}

void ArticleFetcher::Stop() {
  stopping_ = true;
  asio_->timer.cancel();
  asio_->work.reset();
  queued_.clear();
}

void ArticleFetcher::StartRound() {
  round_running_ = true;
  asio_->work.emplace(asio_->io.get_executor());
  round_size_ = round_stored_ = 0;
  std::map<std::string, Policy> policies = policies_;
  const std::int64_t now = clock_();
  SubmitWithRetry([this, policies, now] {
    return context_.writer.Submit(
        [this, &io = context_.io, policies, now](storage::Archive& archive) {
          std::map<std::int64_t, Policy> by_id;
          storage::CandidateQuery query;
          query.now = now;
          query.limit = kRoundLimit;
          auto ids = storage::ListFeedIds(archive);
          if (ids.ok()) {
            for (const auto& [url, id] : *ids) {
              auto policy = policies.find(url);
              if (policy == policies.end()) continue;
              by_id[id] = policy->second;
              if (policy->second.full_text == config::FullText::kAll) query.all_feeds.push_back(id);
              if (policy->second.full_text == config::FullText::kMatched) {
                query.matched_feeds.push_back(id);
              }
            }
          }
          auto listed = ids.ok() ? storage::ListArticleCandidates(archive, query)
                                 : Result<std::vector<storage::ArticleCandidate>>(ids.status());
          boost::asio::post(io, [this, listed = std::move(listed), by_id]() mutable {
            Listed(std::move(listed), std::move(by_id));
          });
        });
  });
}

void ArticleFetcher::Listed(Result<std::vector<storage::ArticleCandidate>> candidates,
                            std::map<std::int64_t, Policy> by_id) {
  if (!candidates.ok()) {
    context_.log.Error("articles: {}", candidates.status().message());
    return RoundDone();
  }
  round_size_ = static_cast<int>(candidates->size());
  // Taken from the back: the archive's order (retries, then newest items) is kept.
  for (auto c = candidates->rbegin(); c != candidates->rend(); ++c) {
    auto job = std::make_shared<Job>(context_.io);
    job->candidate = std::move(*c);
    job->policy = by_id[job->candidate.feed_id];
    queued_.push_back(std::move(job));
  }
  StartJobs();
}

void ArticleFetcher::StartJobs() {
  while (!stopping_ && !queued_.empty() && static_cast<std::size_t>(in_flight_) < max_in_flight_) {
    std::shared_ptr<Job> job = std::move(queued_.back());
    queued_.pop_back();
    ++in_flight_;
    CheckRobots(job);
  }
  if (in_flight_ == 0 && (queued_.empty() || stopping_)) RoundDone();
}

void ArticleFetcher::CheckRobots(std::shared_ptr<Job> job) {
  if (!job->policy.respect_robots) return Fetch(job);
  robots_.Check(job->candidate.link, job->policy.allow_private,
                [this, job](const RobotsCache::Answer& answer) {
                  if (answer.verdict == RobotsCache::Verdict::kAllowed) return Fetch(job);
                  storage::ArticleRecord& record = job->record;
                  if (answer.verdict == RobotsCache::Verdict::kDisallowed) {
                    record.outcome = "robots_denied";
                    record.error = "robots.txt disallows " + job->candidate.link;
                  } else {
                    record.outcome = "fetch_error";
                    record.error = answer.error;
                    record.next_attempt = RetryTime(clock_(), job->attempt());
                  }
                  Store(job);
                });
}

void ArticleFetcher::Fetch(std::shared_ptr<Job> job) {
  fetch::FetchRequest request;
  request.url = job->candidate.link;
  request.headers = {{"Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}};
  request.allow_private_networks = job->policy.allow_private;
  context_.fetcher.Fetch(std::move(request), [this, job](fetch::FetchResult result) {
    Fetched(job, std::move(result));
  });
}

void ArticleFetcher::Fetched(std::shared_ptr<Job> job, fetch::FetchResult result) {
  if (stopping_ || result.status.code() == StatusCode::kCancelled) return JobDone(job, false);
  const std::int64_t now = clock_();
  if (std::optional<storage::ArticleRecord> failed = FetchOutcome(result, now, job->attempt())) {
    job->record = std::move(*failed);
  } else if (result.x_robots_tag && HeaderSaysNoArchive(*result.x_robots_tag)) {
    job->record.outcome = "noarchive";
    job->record.error = "X-Robots-Tag: " + *result.x_robots_tag;
    job->record.final_url = result.final_url;
  } else if (!IsPageType(result.content_type)) {
    job->record.outcome = "no_content";
    job->record.error = "not a web page: " + result.content_type.value_or("");
    job->record.final_url = result.final_url;
  } else {
    job->fetch = std::move(result);
    return Extract(job);
  }
  Store(job);
}

void ArticleFetcher::Extract(std::shared_ptr<Job> job) {
  // The task owns copies of what it uses: it may still run while the daemon shuts down.
  SubmitWithRetry([this, job, extractor = extractor_, clock = clock_, topics = topics_] {
    return context_.workers.TrySubmit([this, &io = context_.io, job, extractor, clock, topics] {
      fetch::FetchResult& page = job->fetch;
      if (MetaSaysNoArchive(page.body)) {
        job->record.outcome = "noarchive";
        job->record.error = "meta robots noarchive";
        job->record.final_url = page.final_url;
      } else {
        extract::ExtractOptions options;
        options.url = page.final_url;
        options.content_type = page.content_type;
        Result<extract::Article> article = extractor(page.body, options);
        job->record = ExtractOutcome(article, page, clock(), job->attempt());
        if (job->record.page) job->record.page->body = std::move(page.body);
        if (topics && article.ok() && job->record.full_text) {
          job->scores = topics->Score(article->metadata.title.value_or(""), *job->record.full_text);
        }
      }
      page.body.clear();
      boost::asio::post(io, [this, job] { Store(job); });
    });
  });
}

void ArticleFetcher::Store(std::shared_ptr<Job> job) {
  job->record.item_id = job->candidate.item_id;
  SubmitWithRetry([this, job] {
    return context_.writer.Submit(
        [this, &io = context_.io, clock = clock_, job](storage::Archive& archive) {
          job->stored = storage::RecordArticle(archive, job->record, clock());
          if (job->stored.ok() && !job->scores.empty()) {
            job->stored =
                storage::StoreTopicScores(archive, job->candidate.item_id, job->scores, clock());
          }
          boost::asio::post(io, [this, job] { JobDone(job, true); });
        });
  });
}

void ArticleFetcher::JobDone(std::shared_ptr<Job> job, bool stored) {
  --in_flight_;
  job->work.reset();
  if (stored) {
    const storage::ArticleRecord& record = job->record;
    const std::string& link = job->candidate.link;
    ++summary_.tried;
    if (!job->stored.ok()) {
      context_.log.Error("{}: cannot record the article: {}", link, job->stored.message());
    } else if (record.outcome == "article") {
      ++round_stored_;
      ++summary_.archived;
      context_.log.Debug("{}: article archived ({} bytes of text)", link,
                         record.full_text ? record.full_text->size() : 0);
    } else {
      ++round_stored_;
      if (IsFailure(record.outcome)) ++summary_.failed;
      context_.log.Info("{}: {}{}{}", link, record.outcome, record.error ? ": " : "",
                        record.error.value_or(""));
    }
  }
  StartJobs();
}

void ArticleFetcher::RoundDone() {
  round_running_ = false;
  asio_->work.reset();
  // A full round may have left more behind; while draining, go on until a round finds nothing.
  const bool progress = round_stored_ > 0;
  const bool more = again_ || (progress && (round_size_ >= kRoundLimit || !drained_.empty()));
  again_ = false;
  if (more && !stopping_) {
    round_running_ = true;  // taken now, so a Kick() before the post only asks again
    boost::asio::post(context_.io, [this] { StartRound(); });
    return;
  }
  std::vector<std::function<void(const ArticleSummary&)>> drained = std::move(drained_);
  drained_.clear();
  for (auto& done : drained) done(summary_);
}

void ArticleFetcher::SubmitWithRetry(std::function<bool()> submit) {
  if (submit()) return;
  // A full queue: wait a moment rather than drop the work (feed polls throttle on it too).
  auto timer =
      std::make_shared<boost::asio::steady_timer>(context_.io, std::chrono::milliseconds(20));
  timer->async_wait([this, timer, submit = std::move(submit)](const boost::system::error_code& ec) {
    if (ec == boost::asio::error::operation_aborted || stopping_) return;
    SubmitWithRetry(submit);
  });
}

}  // namespace tidings::daemon
