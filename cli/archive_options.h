// What every archive command of the CLI shares: where the archive is (--db, else the config
// file's [storage] database, else the default path) and how to open it.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "base/result.h"
#include "cli/report.h"
#include "config/config.h"
#include "storage/archive.h"

namespace tidings::cli {

struct ArchiveOptions {
  std::string db;      // --db
  std::string config;  // --config
  bool json = false;   // --json, for commands that offer it
};

// Adds --db and --config to `command`.
void AddArchiveOptions(CLI::App* command, ArchiveOptions& options);

// The config the options select: --config, else the file tidingsd would use, else the defaults.
Result<config::Config> LoadConfigFor(const ArchiveOptions& options);

// The archive path the options select. Fails only for a broken config file (file:line:col).
Result<std::string> ArchivePath(const ArchiveOptions& options);

// The archive at `path` opened read-only, or null when there is none yet (for commands that work
// without one but use it when it is there). A file that cannot be opened is an error.
Result<std::unique_ptr<storage::Archive>> OpenIfExists(const std::string& path);

// Opens the archive; on failure prints one line "tidings: <why>" to stderr and returns nullptr.
std::unique_ptr<storage::Archive> OpenOrReport(const ArchiveOptions& options,
                                               storage::OpenMode mode);

// Unix seconds now.
std::int64_t Now();

}  // namespace tidings::cli
