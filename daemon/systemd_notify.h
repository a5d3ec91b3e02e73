// The systemd notification protocol (sd_notify): readiness, status, watchdog, reload, stop.
//
// Does nothing when $NOTIFY_SOCKET is unset (not started by systemd), so the daemon calls it
// unconditionally. Messages (systemd 252):
//   Ready()           READY=1 once config, archive and listeners are ready
//   Status(text)      STATUS=<one line> shown by `systemctl status`
//   Reloading()       RELOADING=1 + MONOTONIC_USEC=<now>, then Ready() when the new config is live
//   Stopping()        STOPPING=1 at the start of a graceful stop
//   WatchdogPing()    WATCHDOG=1, sent from the event loop's own timer so a wedged loop stops it;
//                     nothing when systemd set no watchdog (WATCHDOG_USEC)
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace tidings::daemon {

class SystemdNotify {
 public:
  SystemdNotify();

  bool enabled() const { return enabled_; }
  // Half the watchdog timeout systemd asked for (WATCHDOG_USEC), when the watchdog is on.
  std::optional<std::chrono::microseconds> watchdog_interval() const { return watchdog_; }

  void Ready();
  void Status(std::string_view text);
  void Reloading();
  void Stopping();
  void WatchdogPing();

 private:
  void Send(std::string_view message);

  bool enabled_ = false;
  std::optional<std::chrono::microseconds> watchdog_;
};

}  // namespace tidings::daemon
