// tidings: the program users run. It does one thing itself, `tidings extract` of a local page (a
// file or standard input), and hands every other command to the full CLI, tidings-cli, with
// execv: the full CLI links libcurl, SQLite, systemd and their 40-odd libraries, whose loading
// costs more than extracting a page (docs/cli.md "Start-up time"). Both run the same extraction
// and output code (cli/extract_output.h), so the output does not depend on which one ran.
//
// Anything the launcher does not fully understand (a URL, --config, --help, an unknown or
// malformed option) goes to tidings-cli, whose parser gives the usual messages.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/url.h"
#include "cli/extract_output.h"
#include "cli/report.h"

#ifndef TIDINGS_CLI_FROM_BINDIR
#define TIDINGS_CLI_FROM_BINDIR "../libexec/tidings"
#endif

namespace {

using tidings::cli::ExtractArgs;

// The value of option `name` at argv[i] ("--url X" or "--url=X"); advances i past it.
std::optional<std::string> OptionValue(std::string_view name, int argc, char** argv, int& i) {
  std::string_view arg = argv[i];
  if (arg == name && i + 1 < argc) return argv[++i];
  if (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=') {
    return std::string(arg.substr(name.size() + 1));
  }
  return std::nullopt;
}

// `tidings extract [--url BASE] [--format text|html|json] FILE|-`, or nullopt for anything else.
std::optional<ExtractArgs> LocalExtract(int argc, char** argv) {
  if (argc < 3 || std::string_view(argv[1]) != "extract") return std::nullopt;
  ExtractArgs args;
  bool have_input = false;
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (std::optional<std::string> url = OptionValue("--url", argc, argv, i)) {
      args.url = *url;
    } else if (std::optional<std::string> format = OptionValue("--format", argc, argv, i)) {
      if (*format != "text" && *format != "html" && *format != "json") return std::nullopt;
      args.format = *format;
    } else if ((arg == "-" || !arg.starts_with('-')) && !have_input) {
      args.input = arg;
      have_input = true;
    } else {
      return std::nullopt;
    }
  }
  if (!have_input || tidings::IsHttpUrl(args.input)) return std::nullopt;
  return args;
}

// tidings-cli beside this program (the build tree), else in the libexec folder it is installed
// in, relative to this program's folder.
std::optional<std::string> FullCli() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  for (const std::filesystem::path& candidate :
       {self.parent_path() / "tidings-cli",
        self.parent_path() / TIDINGS_CLI_FROM_BINDIR / "tidings-cli"}) {
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  if (std::optional<ExtractArgs> args = LocalExtract(argc, argv)) {
    tidings::Result<std::string> body = tidings::cli::ReadLocalPage(args->input);
    if (!body.ok()) return tidings::cli::Fail(body.status());
    return tidings::cli::PrintExtracted(*args, *body, args->url, std::nullopt);
  }
  std::optional<std::string> cli = FullCli();
  if (!cli) {
    return tidings::cli::Fail(tidings::IOError(
        "cannot find tidings-cli, the program that runs this command: it belongs beside tidings "
        "or in " TIDINGS_CLI_FROM_BINDIR " next to tidings' folder; reinstall tidings"));
  }
  execv(cli->c_str(), argv);  // argv[0] stays "tidings", for usage and messages
  return tidings::cli::Fail(
      tidings::IOError("cannot run " + *cli + ": " + std::string(std::strerror(errno))));
}
