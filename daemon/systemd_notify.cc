#include "daemon/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include <fmt/format.h>

namespace tidings::daemon {
namespace {

std::uint64_t MonotonicMicroseconds() {
  std::timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000u +
         static_cast<std::uint64_t>(now.tv_nsec) / 1000u;
}

}  // namespace

SystemdNotify::SystemdNotify() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  enabled_ = socket != nullptr && *socket != '\0';
  std::uint64_t usec = 0;
  if (enabled_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_ = std::chrono::microseconds(usec / 2);
  }
}

void SystemdNotify::Send(std::string_view message) {
  if (!enabled_) return;
  std::string text(message);
  sd_notify(0, text.c_str());  // best effort: nothing useful to do if systemd went away
}

void SystemdNotify::Ready() { Send("READY=1"); }

void SystemdNotify::Status(std::string_view text) {
  std::string line(text.substr(0, text.find('\n')));
  Send("STATUS=" + line);
}

void SystemdNotify::Reloading() {
  Send(fmt::format("RELOADING=1\nMONOTONIC_USEC={}", MonotonicMicroseconds()));
}

void SystemdNotify::Stopping() { Send("STOPPING=1"); }

void SystemdNotify::WatchdogPing() {
  if (watchdog_) Send("WATCHDOG=1");
}

}  // namespace tidings::daemon
