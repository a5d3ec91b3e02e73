// storage_bench: the archive's ingest rate beside a bare SQLite loop (the floor), search latency
// on a large archive, and the database size per item, in one run with PASS/FAIL per target.
//
//   storage_bench --cache-dir DIR [--data en_train.jsonl] [--items 1000000]
//                 [--ingest-items 100000] [--feeds 1000] [--rounds 3] [--queries 60]
//                 [--passes 1] [--seed 1] [--full-text-bytes 6000] [--work-dir DIR]
//                 [--only ingest|search]
//
// bench/run-storage-bench builds it in Release and runs it; bench/README.md explains the numbers.
// Progress goes to stderr, the report to stdout. Exit status: 0 when every target passes, 1 when
// one fails, 2 when the benchmark could not run.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bench/storage_bench_gen.h"
#include "bench/storage_bench_report.h"
#include "bench/storage_bench_search.h"
#include "bench/storage_bench_write.h"
#include "storage/archive.h"
#include "storage/articles.h"

namespace tidings::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string data;
  std::string cache_dir = ".";
  std::string work_dir;
  std::int64_t items = 1'000'000;
  std::int64_t ingest_items = 100'000;
  int feeds = 1000;
  int rounds = 3;
  std::size_t queries = 60;
  int passes = 1;
  std::uint64_t seed = 1;
  std::size_t full_text_bytes = 6000;
  std::string only;
};

void Progress(const std::string& line) { fmt::print(stderr, "storage_bench: {}\n", line); }

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Result<Options> ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) return InvalidError(fmt::format("{} needs a value", flag));
    std::string value = argv[++i];
    char* end = nullptr;
    long long number = std::strtoll(value.c_str(), &end, 10);
    bool numeric = end != value.c_str() && *end == '\0' && number > 0;
    auto size = static_cast<std::size_t>(number);
    if (flag == "--data")
      o.data = value;
    else if (flag == "--cache-dir")
      o.cache_dir = value;
    else if (flag == "--work-dir")
      o.work_dir = value;
    else if (flag == "--only" && (value == "ingest" || value == "search"))
      o.only = value;
    else if (!numeric)
      return InvalidError(fmt::format("bad value for {}: '{}'", flag, value));
    else if (flag == "--items")
      o.items = number;
    else if (flag == "--ingest-items")
      o.ingest_items = number;
    else if (flag == "--feeds")
      o.feeds = static_cast<int>(number);
    else if (flag == "--rounds")
      o.rounds = static_cast<int>(number);
    else if (flag == "--queries")
      o.queries = size;
    else if (flag == "--passes")
      o.passes = static_cast<int>(number);
    else if (flag == "--seed")
      o.seed = size;
    else if (flag == "--full-text-bytes")
      o.full_text_bytes = size;
    else
      return InvalidError(fmt::format("unknown option {}", flag));
  }
  if (o.work_dir.empty()) o.work_dir = o.cache_dir;
  return o;
}

// The feeds of the ingest test: `items` items over `feeds` documents, as that many polls.
std::vector<feed::Feed> MakeIngestFeeds(const ItemGenerator& generator, const Options& o) {
  std::vector<feed::Feed> feeds;
  std::int64_t per_feed = o.ingest_items / o.feeds;
  for (int f = 0; f < o.feeds; ++f) {
    int count = static_cast<int>(per_feed + (f < o.ingest_items % o.feeds ? 1 : 0));
    feeds.push_back(generator.MakeFeed(f, 0, count));
  }
  return feeds;
}

// Floor, ingest and re-ingest, `rounds` times, the order of floor and ingest swapped every round.
// Leaves the last round's ingested archive at `kept` for the size measurement.
Status RunIngest(const Options& o, const ItemGenerator& generator, const std::string& kept,
                 IngestResults& results) {
  Clock::time_point start = Clock::now();
  std::vector<feed::Feed> feeds = MakeIngestFeeds(generator, o);
  std::vector<FloorFeed> floor_feeds;
  for (std::size_t f = 0; f < feeds.size(); ++f) {
    floor_feeds.push_back(MakeFloorFeed(feeds[f], *feeds[f].self_link, kBaseTime));
  }
  Progress(fmt::format("generated {} items in {} feeds ({:.1f} s, not timed)", o.ingest_items,
                       feeds.size(), Seconds(start)));
  std::string floor_path = o.work_dir + "/storage-bench-floor.db";
  for (int round = 0; round < o.rounds; ++round) {
    RemoveDatabase(floor_path);
    RemoveDatabase(kept);
    for (int step = 0; step < 2; ++step) {
      if ((step == 0) == (round % 2 == 0)) {
        Result<double> floor = TimeFloor(floor_path, floor_feeds);
        if (!floor.ok()) return floor.status();
        results.floor_seconds.push_back(*floor);
        Progress(fmt::format("round {}: floor {:.2f} s", round + 1, *floor));
        continue;
      }
      Result<IngestRun> ingest = TimeIngest(kept, feeds);
      if (!ingest.ok()) return ingest.status();
      Result<IngestRun> again = TimeIngest(kept, feeds);
      if (!again.ok()) return again.status();
      if (ingest->added != o.ingest_items || again->unchanged != o.ingest_items ||
          ingest->other + again->other != 0) {
        return InvalidError(
            fmt::format("ingest stored {} new items (re-ingest: {} unchanged) of {}", ingest->added,
                        again->unchanged, o.ingest_items));
      }
      results.ingest_seconds.push_back(ingest->seconds);
      results.reingest_seconds.push_back(again->seconds);
      Progress(fmt::format("round {}: ingest {:.2f} s, re-ingest {:.2f} s", round + 1,
                           ingest->seconds, again->seconds));
    }
    if (round == 0) {
      Result<std::string> a = ContentFingerprint(floor_path);
      Result<std::string> b = ContentFingerprint(kept);
      if (!a.ok()) return a.status();
      if (!b.ok()) return b.status();
      results.same_rows = *a == *b;
      results.rows_check = *a == *b ? *a : fmt::format("floor: {}; ingest: {}", *a, *b);
    }
  }
  RemoveDatabase(floor_path);
  return Status::Ok();
}

// Sizes of the ingested archive at `path`, then again with every item's full text set.
Status RunSizes(const Options& o, const ItemGenerator& generator, const std::string& path,
                SizeResults& results) {
  Result<DbSize> without = MeasureSize(path);
  if (!without.ok()) return without.status();
  results.without = *without;
  Result<std::unique_ptr<storage::Archive>> archive =
      storage::Archive::Open(path, storage::OpenMode::kReadWrite);
  if (!archive.ok()) return archive.status();
  constexpr std::int64_t kBatch = 1000;
  for (std::int64_t first = 1; first <= without->items; first += kBatch) {
    std::vector<std::string> texts;
    for (std::int64_t id = first; id < first + kBatch && id <= without->items; ++id) {
      texts.push_back(generator.ArticleText(static_cast<std::uint64_t>(id), o.full_text_bytes));
      results.full_text_bytes += static_cast<std::int64_t>(texts.back().size());
    }
    Clock::time_point start = Clock::now();
    for (std::size_t i = 0; i < texts.size(); ++i) {
      Status set = storage::SetFullText(**archive, first + static_cast<std::int64_t>(i), texts[i],
                                        kBaseTime);
      if (!set.ok()) return set;
    }
    results.set_full_text_seconds += Seconds(start);
    if ((first / kBatch) % 20 == 0) {
      Progress(fmt::format("full text: {} of {} items", first - 1, without->items));
    }
  }
  archive->reset();
  Result<DbSize> with = MeasureSize(path);
  if (!with.ok()) return with.status();
  results.with = *with;
  return Status::Ok();
}

Status RunSearch(const Options& o, const Corpus& corpus, const ItemGenerator& generator,
                 SearchResults& results) {
  std::string path = o.cache_dir + "/" + SearchDbName(o.items, o.seed);
  results.path = path;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    Progress("search archive: using the cached " + path);
  } else {
    Progress(fmt::format("search archive: building {} ({} items, floor loop; cached after)", path,
                         o.items));
    Clock::time_point start = Clock::now();
    Status built = BuildSearchDb(path, generator, o.items, o.feeds, Progress);
    if (!built.ok()) return built;
    results.build_seconds = Seconds(start);
  }
  results.items = o.items;
  std::vector<QueryClass> classes = MakeQueryClasses(corpus, o.seed, o.queries, o.feeds);
  Result<std::vector<ClassTimes>> times = TimeSearches(path, classes, o.passes, Progress);
  if (!times.ok()) return times.status();
  results.classes = std::move(*times);
  return Status::Ok();
}

int Run(const Options& o) {
  std::error_code ec;
  std::filesystem::create_directories(o.cache_dir, ec);
  std::filesystem::create_directories(o.work_dir, ec);
  Result<Corpus> corpus = Corpus::Load(o.data);
  if (!corpus.ok()) return Fail(corpus.status());
  ItemGenerator generator(*corpus, o.seed);
  Report report;
  report.header =
      fmt::format("corpus: {} ({} tokens, {} query words); seed {}; {}", corpus->source(),
                  corpus->token_count(), corpus->ranked_words().size(), o.seed, Machine());
  if (o.only != "search") {
    report.ingest.items = o.ingest_items;
    report.ingest.feeds = o.feeds;
    std::string kept = o.work_dir + "/storage-bench-ingest.db";
    Status ran = RunIngest(o, generator, kept, report.ingest);
    if (ran.ok()) ran = RunSizes(o, generator, kept, report.sizes);
    RemoveDatabase(kept);
    if (!ran.ok()) return Fail(ran);
  }
  if (o.only != "ingest") {
    Status ran = RunSearch(o, *corpus, generator, report.search);
    if (!ran.ok()) return Fail(ran);
  }
  return PrintReport(report);
}

}  // namespace
}  // namespace tidings::bench

int main(int argc, char** argv) {
  tidings::Result<tidings::bench::Options> options = tidings::bench::ParseOptions(argc, argv);
  if (!options.ok()) {
    fmt::print(stderr, "storage_bench: {}\n", options.status().message());
    return 2;
  }
  return tidings::bench::Run(*options);
}
