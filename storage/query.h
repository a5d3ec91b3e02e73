// The search query language users type, translated into an FTS5 MATCH expression plus SQL filters.
//
// Pure: no SQLite. `tidings search` and the daemon's search both go through ParseQuery(), so the
// language is the same everywhere:
//
//   quantum computer        both words (any order, any column)
//   "space station"         the phrase
//   robot OR drone          either word; OR binds tighter than the implicit AND:
//                           `a OR b c` means (a OR b) AND c
//   -crypto                 not this word (needs at least one positive term)
//   quant*                  words starting with "quant"
//   title:fusion            the term (word, "phrase" or prefix*) in the title only
//   feed:ID|URL|text        only items of feeds whose id, URL or title matches (repeatable: any)
//   topic:NAME              only items that matched this topic (repeatable: any)
//   since:7d  until:DATE    time window on the item's date; 30m 24h 7d 2w, 2026-11-01,
//                           2026-11-01T08:00:00Z
//
// Every user term reaches FTS5 as a double-quoted string (internal quotes doubled), so no user
// text can become FTS5 syntax (NEAR, column filters, ^, parentheses). Anything the grammar does not
// allow gives kInvalid with a message naming the offending piece and its 1-based column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tidings::storage {

struct ParsedQuery {
  // FTS5 expression over the columns title, text, full_text; "" when the query has only filters.
  std::string fts_match;
  std::vector<std::string> feeds;     // feed: values as typed
  std::vector<std::string> topics;    // topic: values as typed
  std::optional<std::int64_t> since;  // Unix seconds, inclusive
  std::optional<std::int64_t> until;  // Unix seconds, exclusive
};

// Parses `query`. `now` (Unix seconds) anchors relative times such as `since:7d`.
Result<ParsedQuery> ParseQuery(std::string_view query, std::int64_t now);

// Parses one time value as accepted by since:/until: and the CLI's --since/--until: a duration
// back from `now` (30m, 24h, 7d, 2w), a date (YYYY-MM-DD, UTC midnight) or an RFC 3339 time.
Result<std::int64_t> ParseTimeBound(std::string_view text, std::int64_t now);

}  // namespace tidings::storage
