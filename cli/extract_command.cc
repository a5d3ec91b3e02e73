// Placeholder: filled by the work on this command.
#include "cli/commands.h"

namespace tidings::cli {

void AddExtractCommand(CLI::App& app, std::function<int()>& run) {
  (void)app;
  (void)run;
}

}  // namespace tidings::cli
