// Durations as the config file writes them: "90s", "30m", "2h", "1d", "1w", or several from
// the largest unit down ("1h30m"); the daemon's log uses the same form.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tidings::config {

// Parses `text` (no spaces, each unit at most once, largest first). kInvalid with a message
// that says why and has no location (the caller knows where the value is).
Result<std::chrono::seconds> ParseDuration(std::string_view text);

// The shortest form ParseDuration reads back: 5400 s is "1h30m", 0 is "0s". Negative values
// get a leading "-".
std::string FormatDuration(std::chrono::seconds duration);

}  // namespace tidings::config
