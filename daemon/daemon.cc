#include "daemon/daemon.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "daemon/loop.h"

namespace tidings::daemon {
namespace {

Result<config::Config> LoadConfig(const std::string& path) {
  std::optional<std::string> file = path.empty() ? config::FindConfigFile() : std::optional(path);
  if (!file) return config::Defaults();
  config::Checked checked = config::Check(*file);
  if (checked.problems.empty()) return std::move(checked.config);
  std::string message = fmt::format("{} has {} problem(s):", *file, checked.problems.size());
  for (const config::Problem& problem : checked.problems) message += "\n  " + problem.ToString();
  return InvalidError(message);
}

// The folder of the archive must exist before SQLite can create the file in it.
Status MakeParentFolder(const std::string& path) {
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return Status::Ok();
  std::filesystem::create_directories(parent, ec);
  if (ec)
    return IOError(fmt::format("{}: cannot create the folder: {}", parent.string(), ec.message()));
  return Status::Ok();
}

}  // namespace

std::int64_t UnixNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

ScheduleConfig ScheduleFrom(const config::Config& config) {
  ScheduleConfig schedule;
  schedule.default_interval = config.schedule.default_interval.count();
  schedule.min_interval = config.schedule.min_interval.count();
  schedule.max_interval = config.schedule.max_interval.count();
  // New and overdue feeds start within this spread: a few seconds for a few feeds, up to a
  // minute for a thousand, so a start is prompt without being a stampede.
  schedule.first_poll_spread =
      std::clamp<std::int64_t>(static_cast<std::int64_t>(config.feeds.size()) / 20, 2, 60);
  return schedule;
}

fetch::FetchOptions FetchOptionsFrom(const config::Config& config) {
  const config::FetchSettings& f = config.fetch;
  fetch::FetchOptions options;
  if (!f.user_agent.empty()) options.user_agent = f.user_agent;
  if (f.proxy == "none") {
    options.proxy = "";
  } else if (!f.proxy.empty()) {
    options.proxy = f.proxy;
  }
  options.max_concurrency = static_cast<std::size_t>(f.concurrency);
  options.per_host_connections = static_cast<std::size_t>(f.per_host_connections);
  options.per_host_spacing = f.per_host_spacing;
  options.connect_timeout = f.connect_timeout;
  options.total_timeout = f.timeout;
  options.max_body_bytes = static_cast<std::size_t>(f.max_response_bytes);
  options.allow_private_networks = f.allow_private_networks;
  return options;
}

Result<std::unique_ptr<Daemon>> Daemon::Create(const std::string& config_path, Log& log) {
  Result<config::Config> config = LoadConfig(config_path);
  if (!config.ok()) return config.status();
  if (auto level = ParseLogLevel(config->log_level)) log.set_level(*level);
  const std::string& db = config->database_path;
  if (Status made = MakeParentFolder(db); !made.ok()) return made;
  Result<InstanceLock> lock = InstanceLock::Acquire(db);
  if (!lock.ok()) return lock.status();
  auto writer = storage::Archive::Open(db, storage::OpenMode::kReadWrite);
  if (!writer.ok()) return writer.status();
  auto reader = storage::Archive::Open(db, storage::OpenMode::kReadOnly);
  if (!reader.ok()) return reader.status();
  log.Info("config {}, archive {}, {} feeds",
           config->source.empty() ? "(defaults)" : config->source, db, config->feeds.size());
  auto loop = std::make_unique<Loop>(std::move(*config), log, std::move(*lock), std::move(*reader),
                                     std::move(*writer));
  return std::unique_ptr<Daemon>(new Daemon(std::move(loop)));
}

Daemon::Daemon(std::unique_ptr<Loop> loop) : loop_(std::move(loop)) {}
Daemon::~Daemon() = default;

int Daemon::Run() { return loop_->Run(); }
PollSummary Daemon::PollOnce(bool all) { return loop_->PollOnce(all); }

}  // namespace tidings::daemon
