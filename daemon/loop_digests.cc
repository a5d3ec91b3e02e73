// The loop's side of scheduled digests ([[digest]]): when to run them (daemon/digest_plan.h) and
// handing each run to the digest thread (daemon/digest_job.h). Runs on the io_context's thread.
#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "daemon/digest_job.h"
#include "daemon/loop.h"

namespace tidings::daemon {
namespace {

// The wall clock can jump (suspend, NTP, a DST change), so the plan is checked at least this
// often rather than trusting one long sleep.
constexpr std::chrono::seconds kMaxDigestSleep{60};

}  // namespace

void Daemon::Loop::PlanDigests() {
  const std::string state = config_.state_directory;
  for (const config::DigestConfig& digest : config_.digests) {
    if (!digest_outcomes_.contains(digest.name)) {
      digest_outcomes_[digest.name].last_run = LastDigestRun(state, digest.name);
    }
  }
  digests_.Set(
      config_.digests, [&state](const std::string& name) { return LastDigestRun(state, name); },
      UnixNow());
  if (digests_.size() > 0) {
    std::optional<std::int64_t> next = digests_.NextRun();
    log_.Info(
        "scheduled digests: {}; next {}", digests_.size(),
        next ? "in " + FormatDuration(std::max<std::int64_t>(*next - UnixNow(), 0)) : "never");
  }
  digest_timer_.cancel();
  RunDueDigests();
}

void Daemon::Loop::ArmDigestTimer() {
  std::optional<std::int64_t> next = digests_.NextRun();
  if (!next || stopping_) return;
  auto wait =
      std::chrono::seconds(std::clamp<std::int64_t>(*next - UnixNow(), 1, kMaxDigestSleep.count()));
  digest_timer_.expires_after(wait);
  digest_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) RunDueDigests();
  });
}

void Daemon::Loop::RunDueDigests() {
  if (stopping_) return;
  for (DigestPlan::Due& due : digests_.TakeDue(UnixNow())) StartDigest(std::move(due));
  ArmDigestTimer();
}

void Daemon::Loop::StartDigest(DigestPlan::Due due) {
  const std::string name = due.digest.name;
  if (std::find(digests_running_.begin(), digests_running_.end(), name) != digests_running_.end()) {
    log_.Warning("digest {}: the previous run is still going; skipping this one", name);
    return;
  }
  const std::string database = config_.database_path;
  const std::string state = config_.state_directory;
  auto job = [this, due = std::move(due), database, state] {
    Result<DigestRun> run = IOError("the archive could not be opened");
    auto archive = storage::Archive::Open(database, storage::OpenMode::kReadOnly);
    if (archive.ok()) {
      run = RunScheduledDigest(due.digest, **archive, state, due.slot, UnixNow());
    } else {
      run = archive.status();
    }
    boost::asio::post(io_, [this, name = due.digest.name, run = std::move(run)] {
      std::erase(digests_running_, name);
      DigestOutcome& outcome = digest_outcomes_[name];
      if (!run.ok()) {
        outcome.error = run.status().message();
        log_.Error("digest {}: {}; it runs again at its next time", name, run.status().message());
        return;
      }
      outcome.last_run = run->slot;
      outcome.error.clear();
      log_.Info("digest {}: {} stories from {} items, {} file(s) in {}", name, run->entries,
                run->items, run->files.size(), DigestFolder(config_.state_directory, name));
      if (!run->command_error.empty()) {
        outcome.error = run->command_error;
        log_.Error("digest {}: {}", name, run->command_error);
      } else if (run->command && !run->command->Succeeded()) {
        outcome.error = "the command " + run->command->Describe();
        log_.Error("digest {}: the command {}: {}", name, run->command->Describe(),
                   run->command->output);
      } else if (run->command) {
        log_.Info("digest {}: piped to its command", name);
      }
    });
  };
  if (digester_.TrySubmit(std::move(job))) {
    digests_running_.push_back(name);
  } else {
    log_.Error("digest {}: too many digests waiting; skipping this run", name);
  }
}

std::vector<api::DigestState> Daemon::Loop::DigestStates() const {
  std::vector<api::DigestState> states;
  for (const std::string& name : digests_.Names()) {
    api::DigestState state;
    state.name = name;
    state.next_run = digests_.NextRun(name);
    if (auto outcome = digest_outcomes_.find(name); outcome != digest_outcomes_.end()) {
      state.last_run = outcome->second.last_run;
      state.last_error = outcome->second.error;
    }
    state.running =
        std::find(digests_running_.begin(), digests_running_.end(), name) != digests_running_.end();
    states.push_back(std::move(state));
  }
  return states;
}

}  // namespace tidings::daemon
