// The archive benchmark's search half (bench/storage_bench.cc): the large archive searched, the
// query classes, and their latencies through storage::Search.
//
// The large archive is written with the floor loop (FloorWriter), not through Ingest: it holds the
// same rows and index Ingest would write, and it is built once and cached, keyed by item count,
// seed, generator and schema version, so re-runs skip the build.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "bench/storage_bench_gen.h"

namespace tidings::bench {

using Progress = std::function<void(const std::string&)>;

// "search-1000000-s1-g1-v1.db": the cache file name for these parameters.
std::string SearchDbName(std::int64_t items, std::uint64_t seed);

// Writes `items` items of `feeds` feeds (items / feeds each) into `path` with the floor loop.
// Writes to `path`.partial first, so an interrupted build is never taken for a finished one.
Status BuildSearchDb(const std::string& path, const ItemGenerator& generator, std::int64_t items,
                     int feeds, const Progress& progress);

struct QueryClass {
  std::string name;
  std::vector<std::string> queries;
};

// Nine classes of `per_class` queries: one word, two words and a phrase, each alone, with feed:
// and with since:7d. Word ranks are in the corpus's ranked vocabulary: high = the first 200,
// mid = 1,000 to 5,000 (see the description in kVocabularyNote).
std::vector<QueryClass> MakeQueryClasses(const Corpus& corpus, std::uint64_t seed,
                                         std::size_t per_class, int feeds);
extern const char* const kVocabularyNote;

struct ClassTimes {
  std::string name;
  std::vector<double> ms;  // one per timed query
  std::int64_t hits = 0;   // results returned, summed
  int empty = 0;           // queries that returned nothing
  int errors = 0;
  std::string first_error;
};

// Opens `path` read-only (as the CLI does), runs every query once untimed to warm the caches,
// then `passes` timed passes, taking the classes in turn query by query so that a noisy moment
// hits all of them alike. Limit 20, "now" = kBaseTime.
Result<std::vector<ClassTimes>> TimeSearches(const std::string& path,
                                             const std::vector<QueryClass>& classes, int passes,
                                             const Progress& progress);

}  // namespace tidings::bench
