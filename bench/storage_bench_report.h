// The archive benchmark's results and their report (bench/storage_bench.cc): the tables, and the
// PASS/FAIL line of every target from the issue.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "bench/storage_bench_search.h"
#include "bench/storage_bench_write.h"

namespace tidings::bench {

// The targets.
inline constexpr double kIngestVsFloor = 0.70;
inline constexpr double kP95Ms = 50;
inline constexpr double kMaxMs = 500;

struct IngestResults {
  std::int64_t items = 0;  // 0: not measured
  int feeds = 0;
  std::vector<double> floor_seconds, ingest_seconds, reingest_seconds;
  bool same_rows = false;
  std::string rows_check;
};

struct SizeResults {
  DbSize without, with;
  std::int64_t full_text_bytes = 0;
  double set_full_text_seconds = 0;
};

struct SearchResults {
  std::int64_t items = 0;  // 0: not measured
  std::string path;
  double build_seconds = 0;  // 0 when the cached archive was used
  std::vector<ClassTimes> classes;
};

struct Report {
  std::string header;
  IngestResults ingest;
  SizeResults sizes;
  SearchResults search;
};

// Prints the tables and the PASS/FAIL lines; returns the exit status (0 all pass, 1 one fails).
int PrintReport(const Report& report);

// Prints why the benchmark could not run; returns 2.
int Fail(const Status& status);

// "AMD EPYC ..., 2 CPUs".
std::string Machine();

}  // namespace tidings::bench
