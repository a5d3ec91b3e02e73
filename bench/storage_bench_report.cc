#include "bench/storage_bench_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include "base/file.h"

namespace tidings::bench {
namespace {

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// Nearest-rank percentile: the smallest value with at least `p` percent of values at or below.
double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

double Rate(std::int64_t items, double seconds) {
  return seconds > 0 ? static_cast<double>(items) / seconds : 0;
}

void PrintWriter(const char* name, const std::vector<double>& seconds, std::int64_t items,
                 double floor_rate, const char* note) {
  double best = *std::min_element(seconds.begin(), seconds.end());
  double median = Median(seconds);
  fmt::print("{:<10} {:>4} {:>9.2f} {:>14.0f} {:>12.0f} {:>8.2f}  {}\n", name, seconds.size(),
             median, Rate(items, median), Rate(items, best), Rate(items, median) / floor_rate,
             note);
}

double PerItem(std::int64_t bytes, std::int64_t items) {
  return items > 0 ? static_cast<double>(bytes) / static_cast<double>(items) : 0;
}

void PrintSize(const char* name, const DbSize& size) {
  fmt::print("{:<28} {:>10.0f} {:>11.0f} {:>9.0f} {:>9.0f} {:>10.1f}\n", name,
             PerItem(size.bytes, size.items), PerItem(size.table_bytes, size.items),
             PerItem(size.index_bytes, size.items), PerItem(size.fts_bytes, size.items),
             static_cast<double>(size.bytes) / 1e6);
}

// Returns the ingest ratio (median items/s of ingest over the floor's).
double PrintIngest(const Report& r) {
  const IngestResults& in = r.ingest;
  fmt::print("\n## Ingest: {} items in {} feeds (one storage::Ingest per feed), {} rounds\n",
             in.items, in.feeds, in.floor_seconds.size());
  fmt::print("{:<10} {:>4} {:>9} {:>14} {:>12} {:>8}\n", "writer", "runs", "median s",
             "median items/s", "best items/s", "vs floor");
  double floor_rate = Rate(in.items, Median(in.floor_seconds));
  PrintWriter("floor", in.floor_seconds, in.items, floor_rate,
              "bare SQLiteCpp loop, 1,000 rows per transaction");
  PrintWriter("ingest", in.ingest_seconds, in.items, floor_rate, "storage::Ingest, new items");
  PrintWriter("re-ingest", in.reingest_seconds, in.items, floor_rate,
              "the same documents again (all unchanged; for information)");
  fmt::print("rows check: {} ({})\n", in.same_rows ? "same rows" : "DIFFERENT", in.rows_check);
  const SizeResults& s = r.sizes;
  fmt::print("\n## Size per item (bytes; page_count * page_size after a checkpoint)\n");
  fmt::print("{:<28} {:>10} {:>11} {:>9} {:>9} {:>10}\n", "archive", "total/item", "items table",
             "indexes", "FTS", "total MB");
  PrintSize("without full text", s.without);
  PrintSize(fmt::format("with full text ({:.0f} B/item)", PerItem(s.full_text_bytes, s.with.items))
                .c_str(),
            s.with);
  fmt::print("storage::SetFullText: {:.0f} items/s (one call, one transaction, per item)\n",
             Rate(s.with.items, s.set_full_text_seconds));
  return Rate(in.items, Median(in.ingest_seconds)) / floor_rate;
}

struct SearchSummary {
  double worst_p95 = 0, worst_max = 0;
  std::string worst_p95_class, worst_max_class;
  int errors = 0;
};

SearchSummary PrintSearch(const SearchResults& s) {
  fmt::print(
      "\n## Search: {} items ({}{}), storage::Search, limit 20\n", s.items, s.path,
      s.build_seconds > 0 ? fmt::format(", built in {:.0f} s", s.build_seconds) : ", cached");
  fmt::print("{:<18} {:>7} {:>8} {:>8} {:>8} {:>9} {:>6}\n", "class", "queries", "p50 ms", "p95 ms",
             "max ms", "mean hits", "empty");
  SearchSummary summary;
  for (const ClassTimes& c : s.classes) {
    double p95 = Percentile(c.ms, 95);
    double max = c.ms.empty() ? 0 : *std::max_element(c.ms.begin(), c.ms.end());
    fmt::print("{:<18} {:>7} {:>8.1f} {:>8.1f} {:>8.1f} {:>9.1f} {:>6}\n", c.name, c.ms.size(),
               Percentile(c.ms, 50), p95, max,
               PerItem(c.hits, static_cast<std::int64_t>(c.ms.size())), c.empty);
    if (c.errors) fmt::print("  {} failed, first: {}\n", c.errors, c.first_error);
    summary.errors += c.errors;
    if (p95 >= summary.worst_p95) summary.worst_p95 = p95, summary.worst_p95_class = c.name;
    if (max >= summary.worst_max) summary.worst_max = max, summary.worst_max_class = c.name;
  }
  fmt::print("{}\n", kVocabularyNote);
  return summary;
}

}  // namespace

int Fail(const Status& status) {
  fmt::print(stderr, "storage_bench: could not run: {}\n", status.ToString());
  return 2;
}

std::string Machine() {
  std::string model = "unknown CPU";
  Result<std::string> cpuinfo = ReadFile("/proc/cpuinfo");
  if (cpuinfo.ok()) {
    std::size_t at = cpuinfo->find("model name");
    std::size_t colon = cpuinfo->find(": ", at);
    if (at != std::string::npos && colon != std::string::npos) {
      model = cpuinfo->substr(colon + 2, cpuinfo->find('\n', colon) - colon - 2);
    }
  }
  return fmt::format("{}, {} CPUs", model, std::thread::hardware_concurrency());
}

int PrintReport(const Report& r) {
  fmt::print("# storage_bench: {}\n", r.header);
  std::vector<std::string> lines;
  bool pass = true;
  auto check = [&](bool ok, std::string line) {
    pass = pass && ok;
    lines.push_back(fmt::format("{}: {}", ok ? "PASS" : "FAIL", line));
  };
  if (r.ingest.items > 0) {
    double ratio = PrintIngest(r);
    check(ratio >= kIngestVsFloor && r.ingest.same_rows,
          fmt::format("ingest vs floor: {:.2f} (target >= {:.2f} x the bare SQLite loop){}", ratio,
                      kIngestVsFloor, r.ingest.same_rows ? "" : "; rows differ"));
  }
  if (r.search.items > 0) {
    SearchSummary s = PrintSearch(r.search);
    check(s.worst_p95 <= kP95Ms,
          fmt::format("search p95: {:.1f} ms in the slowest class, {} (target <= {:.0f} ms)",
                      s.worst_p95, s.worst_p95_class, kP95Ms));
    check(s.worst_max <= kMaxMs && s.errors == 0,
          fmt::format("slowest query: {:.1f} ms, {} (target <= {:.0f} ms){}", s.worst_max,
                      s.worst_max_class, kMaxMs,
                      s.errors ? fmt::format("; {} queries failed", s.errors) : ""));
  }
  fmt::print("\n");
  for (const std::string& line : lines) fmt::print("{}\n", line);
  std::fflush(stdout);
  return pass ? 0 : 1;
}

}  // namespace tidings::bench
