// tidings: the command-line client of the tidings archive and daemon.
#include <CLI/CLI.hpp>

#include <functional>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"tidings: monitor news feeds, archive what matters, query the archive"};
  app.require_subcommand(1);
  std::function<int()> run;
  tidings::cli::AddParseCommand(app, run);
  tidings::cli::AddListCommands(app, run);
  tidings::cli::AddItemCommands(app, run);
  tidings::cli::AddFeedCommands(app, run);
  tidings::cli::AddUserCommands(app, run);
  tidings::cli::AddDbCommands(app, run);
  tidings::cli::AddPollCommand(app, run);
  tidings::cli::AddConfigCommands(app, run);
  tidings::cli::AddTopicCommands(app, run);
  tidings::cli::AddExtractCommand(app, run);
  tidings::cli::AddDaemonCommands(app, run);
  CLI11_PARSE(app, argc, argv);
  return run ? run() : 0;
}
