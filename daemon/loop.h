// Internal to daemon/: everything the running daemon owns, and its event-loop logic. Members are
// declared in the order they must be built; they are destroyed in reverse, so the fetcher goes
// before the io_context and the worker threads stop before the archive closes.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "config/config.h"
#include "daemon/archive_writer.h"
#include "daemon/daemon.h"
#include "daemon/feed_table.h"
#include "daemon/instance_lock.h"
#include "daemon/log.h"
#include "daemon/poller.h"
#include "daemon/schedule.h"
#include "daemon/systemd_notify.h"
#include "daemon/worker_pool.h"
#include "fetch/fetcher.h"
#include "storage/archive.h"

namespace tidings::daemon {

ScheduleConfig ScheduleFrom(const config::Config& config);
std::int64_t UnixNow();

class Daemon::Loop {
 public:
  Loop(config::Config config, Log& log, InstanceLock lock, std::unique_ptr<storage::Archive> reader,
       std::unique_ptr<storage::Archive> writer);

  int Run();
  PollSummary PollOnce(bool all);

 private:
  void StartDuePolls();
  void ArmPollTimer();
  void PollDone(const PollReport& report);
  void WaitSignals();
  void Reload();
  void Stop();
  void StartTimers();
  void PingWatchdog();
  void UpdateStatus();
  void Prune();
  bool HasCapacity() const;
  void LoadFeeds();
  void StartPending();  // PollOnce: start queued polls while there is capacity

  config::Config config_;
  Log& log_;
  InstanceLock lock_;
  std::unique_ptr<storage::Archive> reader_;  // io thread: feed state on start and reload
  SystemdNotify notify_;
  SeededRandom random_;
  boost::asio::io_context io_;
  fetch::Fetcher fetcher_;
  WorkerPool parsers_;
  ArchiveWriter writer_;
  Poller poller_;
  FeedTable feeds_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer poll_timer_;
  boost::asio::steady_timer status_timer_;
  boost::asio::steady_timer watchdog_timer_;
  boost::asio::steady_timer prune_timer_;
  bool stopping_ = false;
  bool once_ = false;  // PollOnce: stop when the last poll ends
  int in_flight_ = 0;
  std::vector<std::shared_ptr<PolledFeed>> pending_;  // PollOnce: not started yet
  PollSummary summary_;
};

}  // namespace tidings::daemon
