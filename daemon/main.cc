// tidingsd: polls the configured feeds into the archive until stopped (see daemon/daemon.h).
#include <CLI/CLI.hpp>

#include <string_view>

#include "base/allocator.h"
#include "daemon/daemon.h"
#include "daemon/log.h"

int main(int argc, char** argv) {
  CLI::App app{"tidingsd: the tidings daemon (polls feeds into the archive; see tidings --help)"};
  std::string config_path;
  app.add_option(
      "--config", config_path,
      "The config file (default: $TIDINGS_CONFIG, $CONFIGURATION_DIRECTORY/tidings.toml, "
      "~/.config/tidings/tidings.toml, /etc/tidings/tidings.toml, ./config/tidings.toml)");
  CLI11_PARSE(app, argc, argv);

  tidings::daemon::Log log = tidings::daemon::Log::ForEnvironment(tidings::daemon::LogLevel::kInfo);
  if (std::string_view allocator = tidings::AllocatorName(); allocator.starts_with("libc (")) {
    log.Warning("memory allocator: {}: check the link order (base/allocator.h)", allocator);
  }
  auto daemon = tidings::daemon::Daemon::Create(config_path, log);
  if (!daemon.ok()) {
    log.Error("{}", daemon.status().message());
    return 1;
  }
  return (*daemon)->Run();
}
