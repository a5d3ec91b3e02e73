// The daemon's lifecycle: start, signals, reload, stop, and the one-round mode of `tidings poll`.
#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <csignal>

#include "daemon/loop.h"

namespace tidings::daemon {

int Daemon::Loop::Run() {
  signals_.add(SIGTERM);
  signals_.add(SIGINT);
  signals_.add(SIGHUP);
  WaitSignals();
  if (Status control = StartControl(); !control.ok()) {
    log_.Error("{}", control.message());
    return 1;
  }
  StartDuePolls();
  notify_.Ready();
  StartTimers();  // the first STATUS= right after READY=1
  log_.Notice("tidingsd ready: {} feeds", feeds_.size());
  io_.run();
  log_.Notice("tidingsd stopped");
  return 0;
}

void Daemon::Loop::WaitSignals() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP) {
      (void)Reload();  // its problems are logged
      WaitSignals();
    } else {
      log_.Notice("{} received: stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      Stop();
    }
  });
}

Status Daemon::Loop::Reload() {
  notify_.Reloading();
  Status result;
  std::string path = config_.source;
  config::Checked checked;
  if (!path.empty()) checked = config::Check(path);
  if (path.empty()) {
    log_.Warning("reload: running on built-in defaults (no config file): nothing to reload");
  } else if (!checked.problems.empty()) {
    log_.Error("reload: {} has {} problem(s); keeping the running config", path,
               checked.problems.size());
    std::string problems;
    for (const config::Problem& problem : checked.problems) {
      log_.Error("  {}", problem.ToString());
      problems += "\n" + problem.ToString();
    }
    result = InvalidError(fmt::format("{} has {} problem(s); the running config is kept:{}", path,
                                      checked.problems.size(), problems));
  } else {
    if (checked.config.database_path != config_.database_path) {
      log_.Warning("reload: the database path changed; it takes effect at the next start");
      checked.config.database_path = config_.database_path;
    }
    if (!(checked.config.fetch == config_.fetch)) {
      log_.Warning("reload: [fetch] settings take effect at the next start");
    }
    config_ = std::move(checked.config);
    if (auto level = ParseLogLevel(config_.log_level)) log_.set_level(*level);
    poller_.set_schedule(ScheduleFrom(config_));
    log_.Notice("reloading {}", path);
    LoadFeeds();
    articles_.set_config(config_);
    LoadTopics();
    PlanDigests();
    poll_timer_.cancel();
    StartDuePolls();
    if (control_) {
      Result<AuthPolicy> policy = AuthPolicy::ForDaemon(config_.control_group);
      if (policy.ok()) {
        control_->set_policy(std::move(*policy));
      } else {
        log_.Error("reload: {}; keeping the control socket's permissions",
                   policy.status().message());
      }
    }
  }
  notify_.Ready();
  return result;
}

void Daemon::Loop::Stop() {
  if (stopping_) return;
  stopping_ = true;
  notify_.Stopping();
  signals_.cancel();
  poll_timer_.cancel();
  status_timer_.cancel();
  watchdog_timer_.cancel();
  prune_timer_.cancel();
  digest_timer_.cancel();
  if (control_) control_->Stop();
  articles_.Stop();
  fetcher_.CancelAll();
  parsers_.Shutdown();
  writer_.Shutdown();    // waits for the transaction in progress: it commits or rolls back whole
  digester_.Shutdown();  // a digest being written finishes (its files are replaced whole)
  io_.stop();
}

PollSummary Daemon::Loop::PollOnce(bool all) {
  once_ = true;
  pending_ = feeds_.Due(UnixNow(), all);
  std::reverse(pending_.begin(), pending_.end());  // taken from the back: earliest first
  StartPending();
  if (in_flight_ > 0) io_.run();
  writer_.Shutdown();
  return summary_;
}

void Daemon::Loop::StartPending() {
  while (!pending_.empty() && HasCapacity()) {
    std::shared_ptr<PolledFeed> feed = std::move(pending_.back());
    pending_.pop_back();
    ++in_flight_;
    poller_.Poll(feed, [this](const PollReport& report) { PollDone(report); });
  }
}

}  // namespace tidings::daemon
