// The two date forms nearly every feed writes, read without the general tokenizer: RFC 822 as
// RSS writes it ("Tue, 10 Jun 2003 04:00:00 GMT", "... +0200") and RFC 3339 as Atom writes it
// ("2003-06-10T04:00:00Z", "...T04:00:00.123+02:00"). Internal to feed/ (date.cc).
#pragma once

#include <optional>
#include <string_view>

#include "feed/feed.h"

namespace tidings::feed::dates {

// Unix seconds when `text` (already trimmed) is exactly one of those forms with valid fields;
// nullopt for anything else, which the general parser then reads (and explains when it cannot).
std::optional<Time> ParseCommonDate(std::string_view text);

}  // namespace tidings::feed::dates
