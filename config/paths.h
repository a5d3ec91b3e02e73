// Internal to config/: the file system side of the config loader. How a path written in the
// config file becomes absolute, where things live when nothing says otherwise (environment
// variables only, nothing is created), and reading the config file itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tidings::config::internal {

// A config file larger than this is a mistake (a log or a database given by accident).
inline constexpr std::size_t kMaxConfigFileSize = std::size_t{1} << 20;

// Makes `written` (a path from the config file `source_name`) absolute and lexically normal:
// "~" and "~/..." use $HOME, relative paths are relative to the config file's folder (and that
// to the working directory if it is relative too). The error message has no location: the
// caller knows where the value is.
Result<std::string> ResolvePath(std::string_view written, const std::string& source_name);

// The whole file, at most kMaxConfigFileSize bytes. kNotFound "path: no such file", kIO
// "path: <strerror>", kInvalid when it is too large.
Result<std::string> ReadConfigFile(const std::string& path);

}  // namespace tidings::config::internal
