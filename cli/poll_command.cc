// tidings poll [FEED] [--all] [--config FILE]: when tidingsd runs, asks it to poll now (every
// feed, or the ones FEED names) over the control socket; otherwise one poll round in this process
// (for cron, scripts and benchmarks), then a summary.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "config/config.h"
#include "daemon/control_client.h"
#include "daemon/daemon.h"
#include "daemon/log.h"

namespace tidings::cli {
namespace {

struct PollArgs {
  std::string config;
  std::string feed;  // "" = every feed
  bool all = false;
  bool quiet = false;
};

// The daemon's socket, if the config names one that answers; nullopt: poll in this process.
std::optional<std::string> RunningDaemon(const PollArgs& args) {
  std::optional<std::string> file =
      args.config.empty() ? config::FindConfigFile() : std::optional(args.config);
  Result<config::Config> config = file ? config::Load(*file) : config::Defaults();
  if (!config.ok()) return std::nullopt;  // the in-process poll reports the config's problems
  return config->control_socket;
}

// 0/1 when the daemon took (or refused) the request; nullopt when it is not running.
std::optional<int> AskDaemon(const PollArgs& args) {
  std::optional<std::string> socket = RunningDaemon(args);
  if (!socket) return std::nullopt;
  std::string target = "/v1/poll";
  if (!args.feed.empty()) target += "?feed=" + daemon::QueryEscape(args.feed);
  Result<daemon::ControlReply> reply = daemon::CallDaemon(*socket, "POST", target);
  if (!reply.ok() && daemon::IsNotRunning(reply.status())) return std::nullopt;
  if (!reply.ok()) {
    fmt::print(stderr, "tidings: {}\n", reply.status().message());
    return 1;
  }
  nlohmann::json json = nlohmann::json::parse(reply->body, nullptr, false);
  if (reply->status != 202 || !json.is_object()) {
    std::string why = json.is_object() ? json.value("error", reply->body) : reply->body;
    fmt::print(stderr, "tidings: the daemon says: {} (HTTP {})\n", why, reply->status);
    return 1;
  }
  std::size_t count = json.contains("feeds") ? json["feeds"].size() : 0;
  if (!args.quiet) fmt::print("tidingsd is polling {} feed(s) now\n", count);
  return 0;
}

int RunPoll(const PollArgs& args) {
  if (std::optional<int> asked = AskDaemon(args)) return *asked;
  if (!args.feed.empty()) {
    fmt::print(stderr,
               "tidings: tidingsd is not running; polling one feed needs it (`tidings poll` "
               "without FEED polls the due feeds here)\n");
    return 1;
  }
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
  CLI::App* poll = app.add_subcommand(
      "poll", "Poll now: through tidingsd when it runs, else the due feeds here, once");
  poll->add_option("FEED", args->feed,
                   "Only this feed (its URL, or text in its URL or title); needs the daemon");
  poll->add_option("--config", args->config, "The config file (default: as tidingsd finds it)");
  poll->add_flag("--all", args->all, "Poll every enabled feed, due or not");
  poll->add_flag("--quiet", args->quiet, "Only errors on stderr (default: warnings too)");
  poll->callback([&run, args] { run = [args] { return RunPoll(*args); }; });
}

}  // namespace tidings::cli
