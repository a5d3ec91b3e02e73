// Internal to config/: the file system side of the config loader. How a path written in the
// config file becomes absolute, where things live when nothing says otherwise (environment
// variables only, nothing is created), reading the config file and finding its fragments.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tidings::config::internal {

// A config file larger than this is a mistake (a log or a database given by accident).
inline constexpr std::size_t kMaxConfigFileSize = std::size_t{1} << 20;

// Makes `written` (a path from the config file `source_name`) absolute and lexically normal:
// "~" and "~/..." use $HOME, relative paths are relative to the config file's folder (and that
// to the working directory if it is relative too). The error message has no location: the
// caller knows where the value is.
Result<std::string> ResolvePath(std::string_view written, const std::string& source_name);

// As ResolvePath, for a folder: a trailing "/" is fine and is dropped.
Result<std::string> ResolveFolder(std::string_view written, const std::string& source_name);

// The whole file, at most kMaxConfigFileSize bytes. kNotFound "no such file", kIO
// "<strerror>", kInvalid when it is too large. Messages do not name the file: the caller does.
Result<std::string> ReadConfigFile(const std::string& path);

// The folder whose *.toml files are fragments of the config file `path`: conf.d beside it.
std::string FragmentFolder(const std::string& path);

// The fragments in `folder`: files named *.toml, not hidden (".#x.toml" is an editor's lock
// file), sorted by name in byte order, as paths. A missing folder has none; kIO "<strerror>"
// when it cannot be listed.
Result<std::vector<std::string>> ListFragments(const std::string& folder);

}  // namespace tidings::config::internal
