// tidings poll [--all] [--config FILE]: one poll round in this process (for cron, scripts and
// benchmarks), then a summary. Refuses to run while a daemon holds the same archive.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "daemon/daemon.h"
#include "daemon/log.h"

namespace tidings::cli {
namespace {

struct PollArgs {
  std::string config;
  bool all = false;
  bool quiet = false;
};

int RunPoll(const PollArgs& args) {
  daemon::Log log = daemon::Log::ForEnvironment(daemon::LogLevel::kWarning);
  auto instance = daemon::Daemon::Create(args.config, log);
  if (!instance.ok()) {
    fmt::print(stderr, "tidings: {}\n", instance.status().message());
    return 1;
  }
  if (args.quiet) log.set_level(daemon::LogLevel::kError);
  daemon::PollSummary summary = (*instance)->PollOnce(args.all);
  fmt::print("polled {} feeds: {} fetched, {} not modified, {} failed; {} new items, {} changed\n",
             summary.polled, summary.fetched, summary.not_modified, summary.failed, summary.added,
             summary.changed);
  return summary.failed > 0 && summary.failed == summary.polled ? 1 : 0;
}

}  // namespace

void AddPollCommand(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<PollArgs>();
  CLI::App* poll = app.add_subcommand("poll", "Poll the due feeds once, in this process, and exit");
  poll->add_option("--config", args->config, "The config file (default: as tidingsd finds it)");
  poll->add_flag("--all", args->all, "Poll every enabled feed, due or not");
  poll->add_flag("--quiet", args->quiet, "Only errors on stderr (default: warnings too)");
  poll->callback([&run, args] { run = [args] { return RunPoll(*args); }; });
}

}  // namespace tidings::cli
