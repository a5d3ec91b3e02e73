// What the CLI's commands that edit or read the config file share: finding the file and writing
// TOML strings into it.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tidings::cli {

// `given` (--config) when set, else the file tidingsd would use (config::FindConfigFile);
// kNotFound when there is none, since these commands need a file to read or change.
Result<std::string> ConfigFilePath(const std::string& given);

// `text` as a TOML basic string: quoted, with quotes, backslashes and control characters escaped.
std::string TomlString(std::string_view text);

}  // namespace tidings::cli
