#include "cli/config_file.h"

#include <fmt/format.h>

#include "config/config.h"

namespace tidings::cli {

Result<std::string> ConfigFilePath(const std::string& given) {
  if (!given.empty()) return given;
  if (std::optional<std::string> found = config::FindConfigFile()) return *found;
  return NotFoundError("no config file found: pass --config FILE");
}

std::string TomlString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\u{:04X}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace tidings::cli
