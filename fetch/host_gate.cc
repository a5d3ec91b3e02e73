#include "fetch/host_gate.h"

#include <algorithm>
#include <utility>

namespace tidings::fetch {

HostGate::HostGate(std::size_t max_connections, std::chrono::milliseconds spacing, Clock clock)
    : max_connections_(std::max<std::size_t>(max_connections, 1)),
      spacing_(spacing),
      clock_(std::move(clock)) {}

const HostGate::HostState* HostGate::Find(std::string_view host) const {
  auto it = hosts_.find(std::string(host));
  return it == hosts_.end() ? nullptr : &it->second;
}

bool HostGate::TryStart(std::string_view host) {
  TimePoint now = clock_();
  HostState& state = hosts_[std::string(host)];
  if (state.running >= max_connections_) return false;
  if (state.paused_until && now < *state.paused_until) return false;
  if (state.last_start && now < *state.last_start + spacing_) return false;
  ++state.running;
  state.last_start = now;
  return true;
}

void HostGate::Finish(std::string_view host) {
  auto it = hosts_.find(std::string(host));
  if (it != hosts_.end() && it->second.running > 0) --it->second.running;
}

void HostGate::PauseHost(std::string_view host, TimePoint until) {
  HostState& state = hosts_[std::string(host)];
  if (!state.paused_until || *state.paused_until < until) state.paused_until = until;
}

std::optional<HostGate::TimePoint> HostGate::PausedUntil(std::string_view host) const {
  const HostState* state = Find(host);
  if (state == nullptr || !state->paused_until || *state->paused_until <= clock_()) {
    return std::nullopt;
  }
  return state->paused_until;
}

HostGate::TimePoint HostGate::NextStart(std::string_view host) const {
  TimePoint next = TimePoint::min();
  const HostState* state = Find(host);
  if (state == nullptr) return next;
  if (state->last_start) next = *state->last_start + spacing_;
  if (state->paused_until) next = std::max(next, *state->paused_until);
  return next;
}

std::size_t HostGate::Running(std::string_view host) const {
  const HostState* state = Find(host);
  return state == nullptr ? 0 : state->running;
}

void HostGate::Prune() {
  TimePoint now = clock_();
  std::erase_if(hosts_, [&](const auto& entry) {
    const HostState& state = entry.second;
    return state.running == 0 && (!state.last_start || *state.last_start + spacing_ <= now) &&
           (!state.paused_until || *state.paused_until <= now);
  });
}

}  // namespace tidings::fetch
