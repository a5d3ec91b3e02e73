// The tidings configuration file (TOML), shared by the daemon and the CLI.
//
//   Result<config::Config> c = config::Load("/etc/tidings/tidings.toml");
//   if (!c.ok()) { fmt::print(stderr, "{}\n", c.status().message()); }  // "file:line:col: ..."
//
// Pure: reads one file, touches nothing else. Every error names the file, line and column of the
// offending value and says what was expected. Unknown keys are errors too (a typo must not be
// silently ignored). docs/config.md documents every key; config/tidings.toml is the default file.
//
// This sections (later issues add feeds, fetching, topics, the socket):
//   [storage]
//   database = "archive.db"   # relative paths are relative to the config file's folder;
//                             # "~/" is the user's home; default: see DefaultDatabasePath()
//   [retention]               # 0 = keep forever
//   unmatched_days = 30
//   matched_days = 0
//   raw_page_days = 14
//   tombstone_days = 365
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "storage/retention.h"

namespace tidings::config {

struct Config {
  std::string source;         // the file it came from, "" for built-in defaults
  std::string database_path;  // absolute after Load(); DefaultDatabasePath() when not set
  storage::RetentionPolicy retention;
};

// Reads and validates `path`. kNotFound when the file does not exist, kInvalid with
// "path:line:col: message" for anything wrong inside it, kIO when it cannot be read.
Result<Config> Load(const std::string& path);

// Parses config text; `source_name` is used in messages and its folder resolves relative paths.
Result<Config> Parse(std::string_view text, const std::string& source_name);

// The built-in defaults (what an empty file gives).
Config Defaults();

// The config file to use when none is given: $TIDINGS_CONFIG if set, else
// $XDG_CONFIG_HOME/tidings/tidings.toml (or ~/.config/...) if it exists, else
// /etc/tidings/tidings.toml if it exists, else nullopt (use Defaults()).
std::optional<std::string> FindConfigFile();

// $STATE_DIRECTORY/archive.db (set by systemd's StateDirectory=), else
// $XDG_STATE_HOME/tidings/archive.db, else ~/.local/state/tidings/archive.db.
std::string DefaultDatabasePath();

}  // namespace tidings::config
