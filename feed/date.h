// Dates as feeds write them: RFC 822/2822 and its wild variants, RFC 3339 / ISO 8601 / W3CDTF
// (partial forms included), and common non-English forms. Internal to feed/; exposed for tests.
#pragma once

#include <string_view>

#include "base/result.h"
#include "feed/feed.h"

namespace tidings::feed {

// Parses a date and returns Unix seconds (UTC). A date without a zone is taken as UTC; a partial
// date ("2003", "2003-12") is the first instant of that period. Fails with kInvalid and a short
// reason ("hour 25 out of range", "unrecognized date") — never returns a wrong date.
Result<Time> ParseDate(std::string_view text);

// ParseDate for the dates of feeds and items, which also refuses placeholders: a year before 1800
// is a CMS's way of writing "no date" (Hugo's zero time is 0001-01-01), never a publication date.
Result<Time> ParseFeedDate(std::string_view text);

}  // namespace tidings::feed
