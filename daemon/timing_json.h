// The scheduler's per-feed state (daemon/schedule.h FeedTiming) as the JSON stored in the archive
// (feeds.schedule), so a restart resumes each feed's learned rhythm.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "daemon/schedule.h"

namespace tidings::daemon {

std::string TimingToJson(const FeedTiming& timing);

// A stored state; an empty, malformed or older JSON gives what it can (missing fields keep
// their defaults), never an error: the schedule then re-learns.
FeedTiming TimingFromJson(std::string_view json);

// Cache-Control's s-maxage (preferred, shared caches) or max-age, in seconds.
std::optional<std::int64_t> MaxAgeSeconds(std::string_view cache_control);

}  // namespace tidings::daemon
