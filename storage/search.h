// Full-text search over the archive (the language is in storage/query.h).
//
//   storage::SearchRequest r;
//   r.query = "\"quantum computer\" -crypto since:7d";
//   Result<std::vector<storage::SearchHit>> hits = storage::Search(archive, r, now);
//
// Ranked by bm25 with title matches weighted 10x text matches; ties newest first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/archive.h"
#include "storage/items.h"

namespace tidings::storage {

struct SearchRequest {
  std::string query;
  // Combined with the query's own filters: the later since, the earlier until, and the feeds and
  // topics of both (an item of any of them passes).
  ItemFilter filter;
  std::string mark_open = "[";  // put around matched words in snippets
  std::string mark_close = "]";
};

struct SearchHit {
  ItemSummary item;
  double score = 0;     // bm25: lower is better
  std::string snippet;  // up to ~16 words around the best match, matches marked
};

// kInvalid (with the message to show) for a malformed query; never an SQLite syntax error.
Result<std::vector<SearchHit>> Search(Archive& archive, const SearchRequest& request,
                                      std::int64_t now);

}  // namespace tidings::storage
