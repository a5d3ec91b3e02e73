// Reading whole files into memory, with errors as values.
#pragma once

#include <cstdio>
#include <string>

#include "base/result.h"

namespace tidings {

// The whole content of the file at `path` (binary, unchanged). kNotFound when it does not
// exist, kIO for any other failure; the message names the file and the reason.
Result<std::string> ReadFile(const std::string& path);

// Everything left to read from `stream` (e.g. stdin); `name` is used in error messages.
Result<std::string> ReadStream(std::FILE* stream, const std::string& name);

}  // namespace tidings
