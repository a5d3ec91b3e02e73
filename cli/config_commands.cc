// tidings check-config [FILE]: every problem in a config file and its conf.d fragments, one
// "file:line:col: message" per line, so that editors can jump to them; then, for a valid file,
// what its topics refer to (model and example files, example items).
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/archive_options.h"
#include "cli/commands.h"
#include "config/config.h"
#include "daemon/topic_set.h"
#include "storage/archive.h"

namespace tidings::cli {
namespace {

struct CheckConfigArgs {
  std::string file;
};

std::string Plural(std::size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// One line about a valid config: what the daemon would run with.
void PrintSummary(const config::Config& config) {
  const auto enabled = std::count_if(config.feeds.begin(), config.feeds.end(),
                                     [](const config::FeedConfig& feed) { return feed.enabled; });
  std::string fragments;
  if (!config.fragments.empty()) {
    fragments = fmt::format(" and {}", Plural(config.fragments.size(), "fragment", "fragments"));
  }
  fmt::print("{}{}: ok, {} ({} enabled), archive {}\n", config.source, fragments,
             Plural(config.feeds.size(), "feed", "feeds"), enabled, config.database_path);
}

// What the config file cannot show by itself: a topic whose model or example file is missing or
// damaged, or whose example items are not in the archive. Each problem is placed at its
// [[topic]] entry ("file:line:1: topic T: ..."). Example items are checked only when the
// archive exists.
std::vector<std::string> TopicProblems(const config::Config& config) {
  Result<std::unique_ptr<storage::Archive>> opened = OpenIfExists(config.database_path);
  std::unique_ptr<storage::Archive> archive = opened.ok() ? std::move(*opened) : nullptr;
  std::vector<std::string> problems;
  for (const config::TopicConfig& topic : daemon::EffectiveTopics(config)) {
    if (!topic.enabled) continue;
    Result<match::TopicDefinition> built = daemon::BuildTopic(topic, archive.get());
    if (built.ok() || (archive == nullptr && built.status().code() == StatusCode::kUnsupported)) {
      continue;
    }
    const std::string where = topic.defined_in.empty()
                                  ? std::string("built-in topic")
                                  : fmt::format("{}:{}:1", topic.defined_in, topic.line);
    problems.push_back(fmt::format("{}: {}", where, built.status().message()));
  }
  return problems;
}

int RunCheckConfig(const CheckConfigArgs& args) {
  std::optional<std::string> file =
      args.file.empty() ? config::FindConfigFile() : std::optional(args.file);
  if (!file) {
    fmt::print(
        "no config file found ($TIDINGS_CONFIG, $CONFIGURATION_DIRECTORY/tidings.toml, "
        "~/.config/tidings/tidings.toml, /etc/tidings/tidings.toml, ./config/tidings.toml): "
        "the built-in defaults apply, with no feeds\n");
    return 0;
  }
  const config::Checked checked = config::Check(*file);
  std::vector<std::string> problems;
  for (const config::Problem& problem : checked.problems) problems.push_back(problem.ToString());
  if (problems.empty()) problems = TopicProblems(checked.config);
  if (problems.empty()) {
    PrintSummary(checked.config);
    return 0;
  }
  for (const std::string& problem : problems) fmt::print("{}\n", problem);
  std::fflush(stdout);
  fmt::print(stderr, "tidings: {} in {}\n", Plural(problems.size(), "problem", "problems"), *file);
  return 1;
}

}  // namespace

void AddConfigCommands(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<CheckConfigArgs>();
  CLI::App* check = app.add_subcommand(
      "check-config", "Check a config file and its conf.d fragments; print every problem");
  check->add_option("file,--config", args->file,
                    "The config file, also given as the first argument (default: the one tidings "
                    "would use, see docs/config.md)");
  check->callback([&run, args] { run = [args] { return RunCheckConfig(*args); }; });
}

}  // namespace tidings::cli
