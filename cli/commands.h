// The subcommands of the `tidings` CLI. Each registers itself on the CLI11 app and, when chosen,
// runs and returns the process exit code: 0 success, 1 failure (archive missing or damaged, item
// not found ...), 2 invalid input (a malformed query or time, a document that is not a feed).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace tidings::cli {

// Each registers its commands; `run` is set to the chosen one's action.
void AddParseCommand(CLI::App& app, std::function<int()>& run);    // parse
void AddListCommands(CLI::App& app, std::function<int()>& run);    // search, items
void AddItemCommands(CLI::App& app, std::function<int()>& run);    // show, export
void AddFeedCommands(CLI::App& app, std::function<int()>& run);    // feeds, stats
void AddUserCommands(CLI::App& app, std::function<int()>& run);    // star, unstar, label, note
void AddDbCommands(CLI::App& app, std::function<int()>& run);      // db check|prune|import
void AddPollCommand(CLI::App& app, std::function<int()>& run);     // poll
void AddConfigCommands(CLI::App& app, std::function<int()>& run);  // check-config
void AddTopicCommands(CLI::App& app, std::function<int()>& run);   // match, topics, why, mark
void AddExtractCommand(CLI::App& app, std::function<int()>& run);  // extract
void AddDaemonCommands(CLI::App& app, std::function<int()>& run);  // digest, status, reload
// why, mark, and `topics test` under the `topics` command (cli/topic_commands.cc calls it).
void AddTopicFeedbackCommands(CLI::App& app, CLI::App* topics, std::function<int()>& run);
// topics list, under the `topics` command (cli/topic_commands.cc calls it).
void AddTopicListCommand(CLI::App* topics, std::function<int()>& run);
// feeds export | import, under the `feeds` command (cli/feed_commands.cc calls it).
void AddOpmlCommands(CLI::App* feeds, std::function<int()>& run);
// feeds add | check, under the `feeds` command.
void AddFetchingFeedCommands(CLI::App* feeds, std::function<int()>& run);

}  // namespace tidings::cli
