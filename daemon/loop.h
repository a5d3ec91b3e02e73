// Internal to daemon/: everything the running daemon owns, and its event-loop logic. Members are
// declared in the order they must be built; they are destroyed in reverse, so the fetcher goes
// before the io_context and the worker threads stop before the archive closes.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>

#include "config/config.h"
#include "daemon/archive_writer.h"
#include "daemon/article_fetcher.h"
#include "daemon/control_server.h"
#include "daemon/daemon.h"
#include "daemon/digest_plan.h"
#include "daemon/feed_table.h"
#include "daemon/instance_lock.h"
#include "daemon/log.h"
#include "daemon/poller.h"
#include "daemon/schedule.h"
#include "daemon/systemd_notify.h"
#include "daemon/watchdog.h"
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
  Status Reload();  // not ok: the running config is kept
  void Stop();
  void StartTimers();
  void PingWatchdog();
  bool WaitingOnPausedHost() const;
  void UpdateStatus();
  void Prune();
  bool HasCapacity() const;
  void LoadFeeds();
  void LoadTopics();
  // Scheduled digests (loop_digests.cc): planned at start and reload, run on their own thread.
  void PlanDigests();
  void ArmDigestTimer();
  void RunDueDigests();
  void StartDigest(DigestPlan::Due due);
  std::vector<api::DigestState> DigestStates() const;
  void StartPending();  // PollOnce: start queued polls while there is capacity
  // The control socket (loop_control.cc): its start, and what its endpoints ask of the loop.
  Status StartControl();
  api::DaemonState State() const;
  Result<std::vector<std::string>> PollNow(const std::string& feed);

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
  ArticleFetcher articles_;  // full text of new items, after their ingest
  FeedTable feeds_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer poll_timer_;
  boost::asio::steady_timer status_timer_;
  boost::asio::steady_timer watchdog_timer_;
  boost::asio::steady_timer prune_timer_;
  boost::asio::steady_timer digest_timer_;
  DigestPlan digests_;
  std::vector<std::string> digests_running_;  // names; a slow run is never started twice
  struct DigestOutcome {
    std::optional<std::int64_t> last_run;  // the slot of the last recorded run
    std::string error;                     // the last run's failure, "" when it went well
  };
  std::map<std::string, DigestOutcome> digest_outcomes_;  // by name, for /v1/status
  WorkerPool digester_;   // scheduled digests: archive reads, files, mail
  Watchdog watchdog_;     // whether the scheduler makes progress (daemon/watchdog.h)
  bool stalled_ = false;  // the last watchdog check found no progress
  bool stopping_ = false;
  bool once_ = false;  // PollOnce: stop when the last poll ends
  int in_flight_ = 0;
  std::vector<std::shared_ptr<PolledFeed>> pending_;  // PollOnce: not started yet
  PollSummary summary_;
  std::int64_t started_ = 0;
  // Last: closed before the timers, the writer and the io_context it uses go.
  std::unique_ptr<ControlServer> control_;
};

}  // namespace tidings::daemon
