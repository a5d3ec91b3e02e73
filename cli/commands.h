// The subcommands of the `tidings` CLI. Each registers itself on the CLI11 app and, when chosen,
// runs and returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace tidings::cli {

// Registers `tidings parse`; `run` is set to its action when the user picks it.
void AddParseCommand(CLI::App& app, std::function<int()>& run);

}  // namespace tidings::cli
