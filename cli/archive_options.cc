#include "cli/archive_options.h"

#include <fmt/format.h>

#include <ctime>
#include <filesystem>

#include "config/config.h"

namespace tidings::cli {

void AddArchiveOptions(CLI::App* command, ArchiveOptions& options) {
  command->add_option("--db", options.db, "The archive file (default: from the config file)");
  command->add_option("--config", options.config,
                      "The config file (default: $TIDINGS_CONFIG, $CONFIGURATION_DIRECTORY/"
                      "tidings.toml, ~/.config/tidings/tidings.toml, /etc/tidings/tidings.toml, "
                      "./config/tidings.toml)");
}

Result<config::Config> LoadConfigFor(const ArchiveOptions& options) {
  std::optional<std::string> file =
      options.config.empty() ? config::FindConfigFile() : std::optional(options.config);
  if (!file) return config::Defaults();
  return config::Load(*file);
}

Result<std::string> ArchivePath(const ArchiveOptions& options) {
  if (!options.db.empty()) return options.db;
  Result<config::Config> loaded = LoadConfigFor(options);
  if (!loaded.ok()) return loaded.status();
  return loaded->database_path;
}

Result<std::unique_ptr<storage::Archive>> OpenIfExists(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::unique_ptr<storage::Archive>();
  return storage::Archive::Open(path, storage::OpenMode::kReadOnly);
}

std::unique_ptr<storage::Archive> OpenOrReport(const ArchiveOptions& options,
                                               storage::OpenMode mode) {
  Result<std::string> path = ArchivePath(options);
  if (!path.ok()) {
    Fail(path.status());
    return nullptr;
  }
  Result<std::unique_ptr<storage::Archive>> archive = storage::Archive::Open(*path, mode);
  if (!archive.ok()) {
    Fail(archive.status());
    return nullptr;
  }
  return std::move(*archive);
}

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace tidings::cli
