// The loop's side of the control socket: starting it, and what its endpoints ask of the running
// daemon (a state snapshot, polls on demand). Everything here runs on the io_context's thread.
#include <fmt/format.h>
#include <unistd.h>

#include "base/ascii.h"
#include "daemon/loop.h"

namespace tidings::daemon {
namespace {

// A feed named by its config URL, its current fetch URL, or text in its URL or title.
bool Names(const PolledFeed& feed, const std::string& wanted) {
  if (feed.config.url == wanted || feed.fetch_url == wanted) return true;
  std::string needle = AsciiLower(wanted);
  return AsciiLower(feed.config.url).find(needle) != std::string::npos ||
         AsciiLower(feed.config.title).find(needle) != std::string::npos;
}

}  // namespace

Status Daemon::Loop::StartControl() {
  started_ = UnixNow();
  Result<AuthPolicy> policy = AuthPolicy::ForDaemon(config_.control_group);
  if (!policy.ok()) return policy.status();
  ControlOptions options;
  options.socket_path = config_.control_socket;
  options.archive_path = config_.database_path;
  options.policy = std::move(*policy);
  options.events = &EventBus::Global();
  ControlHooks hooks;
  hooks.state = [this] { return State(); };
  hooks.poll = [this](const std::string& feed) { return PollNow(feed); };
  hooks.reload = [this] { return Reload(); };
  hooks.write = [this](std::function<void(storage::Archive&)> task) {
    return writer_.Submit(std::move(task));
  };
  hooks.topics_changed = [this] {
    log_.Info("a topic label was recorded: reloading the topics");
    LoadTopics();
  };
  Result<std::unique_ptr<ControlServer>> server =
      ControlServer::Start(io_, std::move(options), std::move(hooks), log_);
  if (!server.ok()) return server.status();
  control_ = std::move(*server);
  return Status::Ok();
}

api::DaemonState Daemon::Loop::State() const {
  api::DaemonState state;
  state.pid = getpid();
  state.started = started_;
  state.now = UnixNow();
  state.config_source = config_.source;
  state.archive = config_.database_path;
  state.feeds = feeds_.size();
  state.feeds_failing = static_cast<std::size_t>(feeds_.failing());
  state.feeds_disabled = static_cast<std::size_t>(feeds_.disabled());
  state.polls_in_flight = static_cast<std::size_t>(in_flight_);
  state.parse_queue = parsers_.busy();
  state.write_queue = writer_.busy();
  state.next_poll = feeds_.NextDue();
  state.digests = DigestStates();
  if (control_) {
    state.control_connections = control_->connections();
    state.event_subscribers = control_->event_subscribers();
  }
  return state;
}

// Makes the feeds due now and lets the normal scheduler start them, so that a request to poll a
// thousand feeds still goes through the back-pressure limits.
Result<std::vector<std::string>> Daemon::Loop::PollNow(const std::string& feed) {
  if (stopping_) return Status(StatusCode::kBusy, "tidingsd is stopping");
  std::int64_t now = UnixNow();
  std::vector<std::string> queued;
  for (const std::shared_ptr<PolledFeed>& entry : feeds_.Due(now, true)) {
    if (!feed.empty() && !Names(*entry, feed)) continue;
    entry->next_poll = now;
    queued.push_back(entry->config.url);
  }
  if (!feed.empty() && queued.empty()) {
    return NotFoundError(
        fmt::format("no enabled feed matches \"{}\" (or it is being polled right now)", feed));
  }
  poll_timer_.cancel();
  StartDuePolls();
  return queued;
}

}  // namespace tidings::daemon
