// HostGate: per-host politeness rules, as pure bookkeeping (no timers, no I/O).
//
// The fetcher asks TryStart(host) before starting a transfer and calls Finish(host) when it
// ends. A start is allowed when the host has fewer than `max_connections` transfers running,
// `spacing` has passed since its last start, and the host is not paused (PauseHost, after a 429
// or 503 with Retry-After). When a start is refused for time, NextStart(host) says when to ask
// again; when it is refused for connections, the next Finish(host) is the moment.
//
// Time comes from a Clock, so tests drive it by hand instead of sleeping.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tidings::fetch {

class HostGate {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Clock = std::function<TimePoint()>;

  // `max_connections` of 0 is taken as 1.
  HostGate(std::size_t max_connections, std::chrono::milliseconds spacing, Clock clock);

  // True when a transfer to `host` may start now; it is then counted as running.
  bool TryStart(std::string_view host);

  // A transfer TryStart let through has ended.
  void Finish(std::string_view host);

  // No start to `host` before `until`. A shorter pause never shortens a longer one.
  void PauseHost(std::string_view host, TimePoint until);

  // The end of `host`'s pause, or nullopt when it is not paused now.
  std::optional<TimePoint> PausedUntil(std::string_view host) const;

  // The earliest time the spacing and any pause let a transfer to `host` start (a time in the
  // past when they let it start now), whatever its running transfers.
  TimePoint NextStart(std::string_view host) const;

  // Transfers to `host` running now.
  std::size_t Running(std::string_view host) const;

  std::size_t max_connections() const { return max_connections_; }

  // Forgets hosts with nothing running whose spacing and pause are over (they behave the same as
  // unknown hosts), so the table does not grow with every host ever fetched.
  void Prune();

 private:
  struct HostState {
    std::size_t running = 0;
    std::optional<TimePoint> last_start;
    std::optional<TimePoint> paused_until;
  };
  const HostState* Find(std::string_view host) const;

  std::size_t max_connections_;
  std::chrono::milliseconds spacing_;
  Clock clock_;
  std::unordered_map<std::string, HostState> hosts_;
};

}  // namespace tidings::fetch
