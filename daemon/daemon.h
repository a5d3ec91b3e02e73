// tidingsd's core: the event loop that polls the configured feeds into the archive, for as long as
// it runs (Run) or for one round (PollOnce, behind `tidings poll`).
//
//   Result<std::unique_ptr<Daemon>> d = Daemon::Create(config_path, log);
//   if (!d.ok()) { log.Error("{}", d.status().message()); return 1; }
//   return (*d)->Run();
//
// Create() does everything that can fail before the loop starts: it loads and validates the
// config, takes the archive's instance lock (one daemon per archive), and opens (and migrates)
// the archive. Run() then tells systemd READY=1, polls until SIGTERM or SIGINT, reloads the
// config on SIGHUP (an invalid new config is reported and the running one kept), pings the
// watchdog from the loop's own timer, and on stop cancels transfers, lets the open transaction
// finish and returns 0.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "config/config.h"
#include "daemon/log.h"
#include "fetch/fetcher.h"

namespace tidings::daemon {

struct PollSummary {
  int polled = 0, fetched = 0, not_modified = 0, failed = 0, added = 0, changed = 0;
};

// The fetcher settings a config asks for (also used by the CLI's one-off fetches).
fetch::FetchOptions FetchOptionsFrom(const config::Config& config);

class Daemon {
 public:
  // `config_path`: the file to use, or "" to look it up (config::FindConfigFile, else defaults).
  // `log` must outlive the Daemon.
  static Result<std::unique_ptr<Daemon>> Create(const std::string& config_path, Log& log);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Runs until stopped by a signal. Returns the process exit code (0 after a graceful stop).
  int Run();

  // Polls the due feeds (every enabled feed with `all`) once, waits for them, and returns what
  // happened. No signals, no systemd, no timers beyond the polls.
  PollSummary PollOnce(bool all);

 private:
  class Loop;
  explicit Daemon(std::unique_ptr<Loop> loop);
  std::unique_ptr<Loop> loop_;
};

}  // namespace tidings::daemon
