// Internal to storage/: the SQL shared by item lists, exports and search: the WHERE clause an
// ItemFilter becomes, and the columns and reader of an ItemSummary. May throw SQLite::Exception.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/connection.h"
#include "storage/items.h"

namespace tidings::storage {

// A value bound to a filter's placeholder: an integer, or text when `is_text`.
struct SqlValue {
  SqlValue(std::int64_t n) : number(n) {}                         // NOLINT: implicit
  SqlValue(std::string t) : is_text(true), text(std::move(t)) {}  // NOLINT: implicit
  bool is_text = false;
  std::int64_t number = 0;
  std::string text;
};

struct SqlFilter {
  std::string where;  // "1" or conditions joined with AND, over `items`
  std::vector<SqlValue> values;
  std::vector<std::int64_t> feed_ids;  // the feed values resolved (empty: any feed)
};

// Builds the conditions for `filter`, resolving its feed values to feed ids (kNotFound for a
// value that matches no feed).
Result<SqlFilter> BuildFilter(Connection& conn, const ItemFilter& filter);

// Binds `values` to positional parameters first_index, first_index + 1, ...
void BindValues(SQLite::Statement& s, const std::vector<SqlValue>& values, int first_index);

// Columns (11 of them) that ReadSummary reads, and the joins they need after `items`.
extern const char* const kSummaryColumns;
extern const char* const kSummaryJoins;
// The joins a filter's conditions need after `items` (fewer than kSummaryJoins: the feed
// values are already resolved to ids).
extern const char* const kFilterJoins;
ItemSummary ReadSummary(SQLite::Statement& s);

}  // namespace tidings::storage
