// Reading whole files into memory, with errors as values.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tidings {

// The whole content of the file at `path` (binary, unchanged). kNotFound when it does not
// exist, kIO for any other failure; the message names the file and the reason.
Result<std::string> ReadFile(const std::string& path);

// Replaces the file at `path` with `data` so that a reader (or a crash, or a full disk) sees the
// old content or the new, never part of either: written to a temporary file in the same folder,
// flushed to disk, renamed over `path`, and the folder flushed. `mode` is for a new file. On
// failure the temporary file is removed and `path` is untouched; the message names the file.
Status WriteFileAtomically(const std::string& path, std::string_view data, unsigned mode = 0644);

// Everything left to read from `stream` (e.g. stdin); `name` is used in error messages.
Result<std::string> ReadStream(std::FILE* stream, const std::string& name);

}  // namespace tidings
