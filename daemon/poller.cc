#include "daemon/poller.h"

#include <fmt/format.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/events.h"
#include "daemon/metrics.h"
#include "daemon/timing_json.h"
#include "feed/feed.h"
#include "fetch/retry_after.h"
#include "storage/ingest.h"

namespace tidings::daemon {

struct Poller::Job {
  explicit Job(boost::asio::io_context& io) : work(io.get_executor()) {}
  // Keeps io_context::run() from returning while the job is away on a worker thread.
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  std::shared_ptr<PolledFeed> feed;
  Done done;
  ScheduleConfig schedule;
  std::uint64_t seed = 0;
  fetch::FetchResult fetch;
  std::optional<feed::Feed> parsed;
  std::shared_ptr<const TopicSet> topics;  // as they were when the poll started
  std::vector<std::string> texts;          // storage::ItemText() of each parsed item
  std::vector<std::vector<storage::TopicScoreRow>> scores;  // per parsed item
  std::string error;  // why the poll failed; empty when it did not
  PollOutcome outcome;
  // Filled on the writer's thread, read on the io_context after it posts back.
  Status stored;
  storage::IngestReport report;
  std::optional<Decision> decision;
};

namespace {

std::vector<std::int64_t> ItemTimes(const feed::Feed& parsed) {
  std::vector<std::int64_t> times;
  for (const feed::Item& item : parsed.items) {
    if (auto time = item.published ? item.published : item.updated) times.push_back(*time);
  }
  return times;
}

PollOutcome MakeOutcome(const Poller::Clock& clock, const fetch::FetchResult& fetch,
                        const std::optional<feed::Feed>& parsed, bool failed) {
  PollOutcome outcome;
  outcome.now = clock();
  outcome.success = !failed;
  outcome.not_modified = fetch.not_modified;
  outcome.http_status = fetch.http_status;
  outcome.retry_after_seconds = fetch.retry_after_seconds;
  if (fetch.cache_control) outcome.max_age_seconds = MaxAgeSeconds(*fetch.cache_control);
  if (fetch.expires) {
    if (auto in = fetch::ParseRetryAfter(*fetch.expires, outcome.now)) {
      outcome.expires = outcome.now + *in;
    }
  }
  if (parsed) {
    outcome.item_times = ItemTimes(*parsed);
    outcome.ttl_minutes = parsed->ttl_minutes;
  }
  return outcome;
}

// Writes the scheduler's decision into the state that commits with the items.
void ApplyDecision(const Decision& decision, storage::PollState& poll) {
  poll.next_poll = decision.next_poll;
  poll.consecutive_errors = decision.timing.consecutive_errors;
  poll.backoff_seconds = static_cast<int>(decision.timing.backoff_seconds);
  poll.interval_seconds = decision.timing.interval_seconds;
  poll.failing_since = decision.timing.failing_since;
  poll.schedule = TimingToJson(decision.timing);
  if (decision.disabled) poll.disabled_reason = poll.error.value_or("gone");
}

std::string Describe(const fetch::FetchResult& fetch) {
  return fetch.http_status ? fmt::format("HTTP {}", fetch.http_status) : "no response";
}

void LogPoll(Log& log, const PolledFeed& feed, const PollReport& report, const Decision& decision,
             std::int64_t now) {
  const std::string& url = feed.config.url;
  if (decision.disabled) {
    log.Warning("{}: {}: polling stopped; remove the feed from the config", url, report.error);
  } else if (report.failed && decision.failing && decision.timing.failing_since) {
    log.Warning("{}: {} (failing for {}); {}", url, report.error,
                FormatDuration(now - *decision.timing.failing_since), decision.reason);
  } else if (report.failed) {
    log.Warning("{}: {}; {}", url, report.error, decision.reason);
  } else if (report.fetched) {
    log.Info("{}: {} new, {} changed; {}", url, report.added, report.changed, decision.reason);
  } else {
    log.Debug("{}: not modified; {}", url, decision.reason);
  }
}

// --- metrics (GET /metrics) ---

// What kind of failure a poll had, as tidings_fetch_errors_total{kind=...} counts it.
std::string_view ErrorKind(const fetch::FetchResult& fetch) {
  if (!fetch.status.ok()) {
    const std::string& message = fetch.status.message();
    switch (fetch.status.code()) {
      case StatusCode::kTooLarge:
        return "too_large";
      case StatusCode::kCancelled:
        return "cancelled";
      case StatusCode::kInvalid:
        return "refused";
      default:
        return message.find("timed out") != std::string::npos ||
                       message.find("Timeout") != std::string::npos
                   ? "timeout"
                   : "network";
    }
  }
  if (fetch.http_status >= 500) return "http_5xx";
  if (fetch.http_status >= 400) return "http_4xx";
  if (fetch.http_status != 0 && (fetch.http_status < 200 || fetch.http_status > 299)) {
    return "http_other";
  }
  return "parse";
}

void CountPoll(const fetch::FetchResult& fetch, const PollReport& report, std::int64_t now) {
  Metrics& metrics = Metrics::Global();
  if (report.failed) {
    metrics.CountPoll(PollResult::kFailed);
    return metrics.CountFetchError(ErrorKind(fetch));
  }
  metrics.CountPoll(report.not_modified ? PollResult::kNotModified : PollResult::kFetched);
  metrics.SetLastSuccessfulPoll(now);
  metrics.CountItems(report.added, report.changed);
}

}  // namespace

Poller::Poller(PollerContext context, ScheduleConfig schedule, Clock clock)
    : context_(context),
      schedule_(schedule),
      clock_(std::move(clock)),
      seeds_(static_cast<std::uint64_t>(clock_())) {}

// Tells /v1/events listeners about the items this ingest added or changed that match a topic.
void Poller::PublishMatches(const Job& job) {
  if (!job.parsed) return;
  for (const storage::WrittenItem& written : job.report.written) {
    if (written.index >= job.scores.size()) continue;
    const feed::Item& item = job.parsed->items[written.index];
    for (const storage::TopicScoreRow& score : job.scores[written.index]) {
      if (!score.matched) continue;
      Metrics::Global().CountMatch(score.topic);
      MatchEvent event;
      event.item_id = written.id;
      event.topic = score.topic;
      event.score = score.score;
      event.title = item.title.value_or("");
      event.link = item.link.value_or("");
      event.feed_url = job.feed->config.url;
      event.time = item.published.value_or(job.outcome.now);
      EventBus::Global().Publish(std::move(event));
    }
  }
}

void Poller::Poll(std::shared_ptr<PolledFeed> feed, Done done) {
  auto job = std::make_shared<Job>(context_.io);
  job->feed = feed;
  job->done = std::move(done);
  job->schedule = schedule_;
  if (feed->config.interval) job->schedule.fixed_interval = feed->config.interval->count();
  job->seed = static_cast<std::uint64_t>(seeds_.Uniform() * 9007199254740992.0);
  job->topics = topics_;
  feed->in_flight = true;

  fetch::FetchRequest request;
  request.url = feed->fetch_url;
  request.etag = feed->etag;
  request.last_modified = feed->last_modified;
  request.headers = feed->config.headers;
  request.headers.insert(request.headers.end(), feed->secret_headers.begin(),
                         feed->secret_headers.end());
  request.allow_private_networks = feed->config.allow_private_networks.value_or(false);
  context_.fetcher.Fetch(std::move(request), [this, job](fetch::FetchResult result) {
    Fetched(job, std::move(result));
  });
}

void Poller::Fetched(std::shared_ptr<Job> job, fetch::FetchResult result) {
  job->fetch = std::move(result);
  const fetch::FetchResult& fetch = job->fetch;
  if (!fetch.status.ok()) {
    // The fetcher's messages start with the URL; the log line already does.
    std::string_view message = fetch.status.message();
    std::string prefix = job->feed->fetch_url + ": ";
    if (message.starts_with(prefix)) message.remove_prefix(prefix.size());
    job->error = std::string(message);
  } else if (!fetch.not_modified && (fetch.http_status < 200 || fetch.http_status > 299)) {
    job->error = fmt::format("{} from {}", Describe(fetch), fetch.final_url);
  }
  if (job->error.empty() && !fetch.not_modified) return Parse(job);
  Store(job);
}

void Poller::Parse(std::shared_ptr<Job> job) {
  SubmitWithRetry([this, job] {
    return context_.parsers.TrySubmit([this, job] {
      feed::ParseOptions options;
      options.url = job->fetch.final_url;
      options.content_type = job->fetch.content_type.value_or("");
      Result<feed::Feed> parsed = feed::Parse(std::move(job->fetch.body), options);
      if (parsed.ok()) {
        job->parsed = std::move(*parsed);
        // Plain text and scores are made here, on the worker pool, so the one writer thread only
        // stores them.
        job->texts.reserve(job->parsed->items.size());
        for (const feed::Item& item : job->parsed->items)
          job->texts.push_back(storage::ItemText(item));
        if (job->topics) job->scores = job->topics->ScoreFeed(*job->parsed, job->texts);
      } else {
        job->error = fmt::format("{} ({})", parsed.status().message(), job->fetch.final_url);
      }
      boost::asio::post(context_.io, [this, job] { Store(job); });
    });
  });
}

void Poller::Store(std::shared_ptr<Job> job) {
  bool failed = !job->error.empty();
  job->outcome = MakeOutcome(clock_, job->fetch, job->parsed, failed);
  auto doc = std::make_shared<storage::FeedDocument>();
  doc->feed_url = job->feed->config.url;
  storage::PollState& poll = doc->poll;
  poll.polled_at = job->outcome.now;
  poll.http_status = job->fetch.http_status;
  if (failed) poll.error = job->error;
  bool fresh = !failed && !job->fetch.not_modified;
  poll.etag = fresh ? job->fetch.etag : job->feed->etag;
  poll.last_modified = fresh ? job->fetch.last_modified : job->feed->last_modified;
  if (job->fetch.permanent_url) poll.fetch_url = job->fetch.permanent_url;
  if (job->parsed) doc->feed = &*job->parsed;
  if (!job->scores.empty()) doc->topic_scores = &job->scores;
  if (job->parsed) doc->item_texts = &job->texts;
  FeedTiming timing = job->feed->timing;
  doc->decide = [job, timing](const storage::IngestReport& report, storage::PollState& state) {
    job->outcome.new_items = report.added;
    SeededRandom random(job->seed);
    job->decision = Next(timing, job->outcome, job->schedule, random);
    ApplyDecision(*job->decision, state);
  };
  SubmitWithRetry([this, job, doc] {
    return context_.writer.Submit([this, job, doc](storage::Archive& archive) {
      Result<storage::IngestReport> report = storage::Ingest(archive, *doc);
      if (report.ok()) {
        job->report = *report;
        PublishMatches(*job);
      } else {
        job->stored = report.status();
      }
      boost::asio::post(context_.io, [this, job] { Finish(job); });
    });
  });
}

void Poller::Finish(std::shared_ptr<Job> job) {
  job->work.reset();
  PolledFeed& feed = *job->feed;
  feed.in_flight = false;
  PollReport report;
  report.url = feed.config.url;
  if (!job->stored.ok() || !job->decision) {
    // Nothing was written; try again soon (a full disk may have been cleared by then).
    feed.next_poll = job->outcome.now + std::max<std::int64_t>(job->schedule.min_interval, 60);
    report.failed = true;
    report.error = job->stored.message();
    report.next_poll = feed.next_poll;
    context_.log.Error("{}: cannot store the poll: {}; retrying in {}", feed.config.url,
                       job->stored.message(), FormatDuration(feed.next_poll - job->outcome.now));
    Metrics::Global().CountPoll(PollResult::kFailed);
    Metrics::Global().CountFetchError("storage");
    return job->done(report);
  }
  const Decision& decision = *job->decision;
  feed.timing = decision.timing;
  feed.disabled = decision.disabled;
  feed.next_poll = decision.next_poll.value_or(0);
  if (job->error.empty() && !job->fetch.not_modified) {
    feed.etag = job->fetch.etag;
    feed.last_modified = job->fetch.last_modified;
  }
  feed.last_error = job->error.empty() ? std::nullopt : std::optional(job->error);
  if (job->fetch.permanent_url && *job->fetch.permanent_url != feed.fetch_url) {
    context_.log.Notice("{}: moved permanently to {}; polling the new address (update the config)",
                        feed.config.url, *job->fetch.permanent_url);
    feed.fetch_url = *job->fetch.permanent_url;
  }
  report.fetched = job->parsed.has_value();
  report.not_modified = job->fetch.not_modified;
  report.failed = !job->error.empty();
  report.error = job->error;
  report.added = job->report.added;
  report.changed = job->report.changed;
  report.next_poll = decision.next_poll;
  LogPoll(context_.log, feed, report, decision, job->outcome.now);
  CountPoll(job->fetch, report, job->outcome.now);
  job->done(report);
}

void Poller::SubmitWithRetry(std::function<bool()> submit) {
  if (submit()) return;
  // The queue is full: the daemon throttles new polls on it, so this is rare and short.
  auto timer =
      std::make_shared<boost::asio::steady_timer>(context_.io, std::chrono::milliseconds(20));
  timer->async_wait([this, timer, submit = std::move(submit)](const boost::system::error_code& ec) {
    if (ec == boost::asio::error::operation_aborted) return;
    SubmitWithRetry(submit);
  });
}

}  // namespace tidings::daemon
