// The running daemon: starting due polls within the back-pressure limits, and its timers
// (next poll, systemd status and watchdog, hourly pruning).
#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <csignal>
#include <map>
#include <thread>

#include "daemon/loop.h"
#include "daemon/timing_json.h"
#include "fetch/transfer.h"
#include "storage/feeds.h"
#include "storage/retention.h"

namespace tidings::daemon {
namespace {

constexpr std::size_t kParseQueue = 32;
constexpr std::size_t kWriteQueue = 64;
constexpr std::chrono::seconds kMaxSleep{60};  // re-check the table at least this often
constexpr std::chrono::seconds kStatusEvery{30};
constexpr std::chrono::seconds kWatchdogCheck{30};  // without a systemd watchdog: stalls are logged
constexpr std::chrono::minutes kPruneEvery{60};
constexpr std::chrono::minutes kArticlesEvery{10};  // a round for due retries, between ingests
constexpr int kPruneBatchesPerTask = 4;             // then let ingest in before the next ones

std::map<std::string, storage::FeedInfo> StoredFeeds(storage::Archive& reader, Log& log) {
  std::map<std::string, storage::FeedInfo> by_url;
  Result<std::vector<storage::FeedInfo>> feeds = storage::ListFeeds(reader);
  if (!feeds.ok()) {
    log.Error("reading feed state: {}; starting their schedules afresh", feeds.status().message());
    return by_url;
  }
  for (storage::FeedInfo& feed : *feeds) by_url.emplace(feed.url, std::move(feed));
  return by_url;
}

// How long the scheduler may go without progress before the watchdog pings stop (watchdog.h).
// The due check runs at least every kMaxSleep; a poll is bounded by the fetch timeout, plus its
// parse and its turn in the writer's queue.
WatchdogLimits WatchdogLimitsFrom(const config::Config& config) {
  WatchdogLimits limits;
  limits.due_check_gap = 3 * kMaxSleep;
  limits.poll_gap = 2 * config.fetch.timeout + std::chrono::seconds(120);
  return limits;
}

std::size_t ParserThreads() {
  unsigned cores = std::thread::hardware_concurrency();
  return cores > 2 ? cores - 1 : 1;
}

}  // namespace

Daemon::Loop::Loop(config::Config config, Log& log, InstanceLock lock,
                   std::unique_ptr<storage::Archive> reader,
                   std::unique_ptr<storage::Archive> writer)
    : config_(std::move(config)),
      log_(log),
      lock_(std::move(lock)),
      reader_(std::move(reader)),
      random_(static_cast<std::uint64_t>(UnixNow()) ^ static_cast<std::uint64_t>(getpid())),
      fetcher_(io_, FetchOptionsFrom(config_)),
      parsers_(ParserThreads(), kParseQueue),
      writer_(std::move(writer), kWriteQueue),
      poller_({io_, fetcher_, parsers_, writer_, log_}, ScheduleFrom(config_), UnixNow),
      articles_({io_, fetcher_, parsers_, writer_, log_}, UnixNow),
      signals_(io_),
      poll_timer_(io_),
      status_timer_(io_),
      watchdog_timer_(io_),
      prune_timer_(io_),
      digest_timer_(io_),
      digester_(1, 16),
      watchdog_(WatchdogLimitsFrom(config_), std::chrono::steady_clock::now()) {
  LoadFeeds();
  articles_.set_config(config_);
  LoadTopics();
}

void Daemon::Loop::LoadTopics() {
  std::vector<Status> skipped;
  Result<std::shared_ptr<const TopicSet>> topics = TopicSet::Load(config_, reader_.get(), &skipped);
  for (const Status& problem : skipped) {
    log_.Error("{}; items are not scored for that topic", problem.message());
  }
  if (topics.ok()) {
    log_.Info("topics: {}", (*topics)->topics().size());
    articles_.set_topics(*topics);
    poller_.set_topics(std::move(*topics));
  }
}

void Daemon::Loop::LoadFeeds() {
  TableChanges changes = feeds_.Apply(config_, StoredFeeds(*reader_, log_), ScheduleFrom(config_),
                                      UnixNow(), random_, log_);
  log_.Info("feeds: {} added, {} changed, {} removed, {} kept", changes.added, changes.changed,
            changes.removed, changes.kept);
}

bool Daemon::Loop::HasCapacity() const {
  // Back-pressure: fetch no more than the parsers and the writer can take in.
  auto limit = static_cast<int>(config_.fetch.concurrency) * 2;
  return in_flight_ < limit && !parsers_.full() && writer_.busy() < kWriteQueue / 2;
}

void Daemon::Loop::StartDuePolls() {
  if (stopping_) return;
  for (const std::shared_ptr<PolledFeed>& feed : feeds_.Due(UnixNow(), false)) {
    if (!HasCapacity()) break;
    ++in_flight_;
    watchdog_.PollStarted(std::chrono::steady_clock::now());
    poller_.Poll(feed, [this](const PollReport& report) { PollDone(report); });
  }
  watchdog_.DueCheckDone(std::chrono::steady_clock::now());
  ArmPollTimer();
}

void Daemon::Loop::ArmPollTimer() {
  std::optional<std::int64_t> next = feeds_.NextDue();
  std::chrono::seconds wait = kMaxSleep;
  if (next)
    wait = std::min(kMaxSleep, std::chrono::seconds(std::max<std::int64_t>(*next - UnixNow(), 1)));
  poll_timer_.expires_after(wait);
  poll_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) StartDuePolls();
  });
}

void Daemon::Loop::PollDone(const PollReport& report) {
  --in_flight_;
  watchdog_.PollFinished(std::chrono::steady_clock::now());
  ++summary_.polled;
  summary_.added += report.added;
  summary_.changed += report.changed;
  if (report.failed) {
    ++summary_.failed;
  } else if (report.not_modified) {
    ++summary_.not_modified;
  } else if (report.fetched) {
    ++summary_.fetched;
  }
  if (once_) {
    StartPending();
    // `tidings poll` archives the new items' articles too, then ends.
    if (in_flight_ == 0) articles_.Drain([this](const ArticleSummary&) { io_.stop(); });
    return;
  }
  if (report.added > 0) articles_.Kick();
  StartDuePolls();
}

void Daemon::Loop::UpdateStatus() {
  std::optional<std::int64_t> next = feeds_.NextDue();
  notify_.Status(fmt::format(
      "{} feeds, {} failing, {} disabled; {} new items since start; next poll {}", feeds_.size(),
      feeds_.failing(), feeds_.disabled(), summary_.added,
      next ? "in " + FormatDuration(std::max<std::int64_t>(*next - UnixNow(), 0)) : "none"));
  status_timer_.expires_after(kStatusEvery);
  status_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) UpdateStatus();
  });
}

void Daemon::Loop::Prune() {
  storage::RetentionPolicy policy = config_.retention;
  std::int64_t now = UnixNow();
  writer_.Submit([this, policy, now](storage::Archive& archive) {
    Result<storage::PruneReport> report =
        storage::Prune(archive, policy, now, 500, kPruneBatchesPerTask);
    boost::asio::post(io_, [this, report] {
      if (!report.ok()) {
        log_.Error("pruning: {}", report.status().message());
      } else if (report->items_deleted || report->pages_deleted || report->bytes_freed) {
        log_.Info("pruned {} items and {} raw pages; {:.1f} MB freed", report->items_deleted,
                  report->pages_deleted, static_cast<double>(report->bytes_freed) / 1e6);
      }
      bool more = report.ok() && !report->finished;
      prune_timer_.expires_after(more ? std::chrono::seconds(1) : kPruneEvery);
      prune_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && !stopping_) Prune();
      });
    });
  });
}

// Pinged from this loop's own timer, and only while the scheduler makes progress: if the loop
// wedges or the poll pipeline sticks, the pings stop and systemd restarts us. Without a systemd
// watchdog the same check still runs, to log a stall.
void Daemon::Loop::PingWatchdog() {
  auto now = std::chrono::steady_clock::now();
  if (watchdog_.Stall(now) && WaitingOnPausedHost()) watchdog_.Excuse(now);
  if (std::optional<std::string> stall = watchdog_.Stall(now)) {
    if (!stalled_) {
      log_.Error("watchdog: {}; not telling systemd we are alive", *stall);
      notify_.Status("stalled: " + *stall);
    }
    stalled_ = true;
  } else {
    if (stalled_) log_.Notice("watchdog: the scheduler makes progress again");
    stalled_ = false;
    notify_.WatchdogPing();
  }
  watchdog_timer_.expires_after(notify_.watchdog_interval().value_or(kWatchdogCheck));
  watchdog_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) PingWatchdog();
  });
}

// Fetches queued for a host that a Retry-After paused wait on purpose, for up to hours: that is
// not a stall. Asked only when the watchdog suspects one.
bool Daemon::Loop::WaitingOnPausedHost() const {
  for (const config::FeedConfig& feed : config_.feeds) {
    Result<fetch::FetchUrl> url = fetch::ParseFetchUrl(feed.url);
    if (url.ok() && fetcher_.HostPausedUntil(url->host)) return true;
  }
  return false;
}

void Daemon::Loop::StartTimers() {
  UpdateStatus();
  articles_.Start(kArticlesEvery);
  PingWatchdog();
  PlanDigests();
  prune_timer_.expires_after(std::chrono::seconds(30));  // let the first polls go first
  prune_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Prune();
  });
}

}  // namespace tidings::daemon
