// parse_bench: times the tidings feed parser against a bare pugixml parse of the same file.
//
//   parse_bench floor FILE [RUNS]    pugixml load_buffer_inplace + a walk touching every name,
//                                    value and attribute: the floor no DOM-based parser can beat
//   parse_bench floor-copy FILE [RUNS]  the same with load_buffer, which copies the buffer first
//                                    (for reference: the target is measured against `floor`)
//   parse_bench tidings FILE [RUNS]  tidings::feed::Parse, the whole parser
//   parse_bench peak FILE [floor|tidings]  one parse, then the peak RSS of this process
//   parse_bench allocator            which malloc serves this program ("mimalloc" as in tidingsd,
//                                    base/allocator.h; "libc" in a -DTIDINGS_MIMALLOC=OFF build)
//
// Each timed mode does two untimed warm-up parses, then RUNS (default 3) timed ones, and prints one
// line per run: "<mode> <seconds> <MB/s>" (MB = 10^6 bytes). Both parsers work in place, so every
// run parses a fresh copy of the file; making the copy is not timed. bench/run-parse-bench runs
// the modes interleaved with sfeed and turns the lines into a table (see bench/README.md).
#include <sys/resource.h>
#include <sys/stat.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/core.h>
#include <pugixml.hpp>

#include "base/allocator.h"
#include "feed/feed.h"

namespace {

// A plausible address, so that relative links are resolved as they would be in the daemon.
constexpr const char* kFeedUrl = "https://news.example.com/feed/";
constexpr int kDefaultRuns = 3;
// glibc returns the first parse's heap to the kernel and only then raises its trim threshold, so
// the second parse still page-faults; a long-running daemon parsing feed after feed never does.
constexpr int kWarmUpRuns = 2;

// Reads the whole file with stdio (no iostreams) into a string of exactly its size, so that peak
// RSS is not inflated by a growing buffer; false when it cannot.
bool ReadFile(const char* path, std::string& out) {
  std::FILE* file = std::fopen(path, "rb");
  if (file == nullptr) return false;
  struct stat info {};
  bool ok = fstat(fileno(file), &info) == 0 && info.st_size > 0;
  if (ok) {
    out.resize(static_cast<std::size_t>(info.st_size));
    ok = std::fread(out.data(), 1, out.size(), file) == out.size();
  }
  std::fclose(file);
  return ok;
}

// Sums the lengths of every name, value and attribute below `node`, so that the walk must read
// every string pugixml produced and the optimizer cannot drop it.
std::size_t Walk(pugi::xml_node node) {
  std::size_t bytes = std::strlen(node.name()) + std::strlen(node.value());
  for (pugi::xml_attribute attribute : node.attributes()) {
    bytes += std::strlen(attribute.name()) + std::strlen(attribute.value());
  }
  for (pugi::xml_node child : node.children()) bytes += Walk(child);
  return bytes;
}

// Parses `bytes` in place with pugixml's default options and walks the tree; returns the checksum
// (0 when the document is not well-formed).
std::size_t FloorParse(std::string& bytes) {
  pugi::xml_document document;
  const pugi::xml_parse_result result = document.load_buffer_inplace(
      bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) return 0;
  return Walk(document);
}

// pugixml's own parse of a buffer it may not destroy (load_buffer copies it, as any parser of a
// fetched body or a read file must), and the same walk.
std::size_t FloorCopyParse(const std::string& bytes) {
  pugi::xml_document document;
  const pugi::xml_parse_result result =
      document.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) return 0;
  return Walk(document);
}

// What one parse produced: a checksum the optimizer must compute (0 on failure) and, for tidings,
// the number of items, so that a parser that stops early cannot pass for a fast one.
struct Outcome {
  std::size_t checksum = 0;
  std::size_t items = 0;
};

// Parses `bytes` with tidings; the checksum covers every item's id and content.
Outcome TidingsParse(std::string bytes) {
  tidings::feed::ParseOptions options;
  options.url = kFeedUrl;
  tidings::Result<tidings::feed::Feed> feed = tidings::feed::Parse(std::move(bytes), options);
  if (!feed.ok()) {
    fmt::print(stderr, "parse_bench: tidings: {}\n", feed.status().ToString());
    return {};
  }
  Outcome outcome{feed->items.size(), feed->items.size()};
  for (const tidings::feed::Item& item : feed->items) {
    outcome.checksum += item.id.size() + (item.content ? item.content->size() : 0);
  }
  return outcome;
}

Outcome ParseOnce(std::string_view mode, std::string copy) {
  if (mode == "floor") return {FloorParse(copy), 0};
  if (mode == "floor-copy") return {FloorCopyParse(copy), 0};
  return TidingsParse(std::move(copy));
}

// Times `runs` parses of fresh copies of `input`; the Feed or document is destroyed inside the
// timed region because freeing it is part of what a caller pays.
int TimeRuns(std::string_view mode, const std::string& input, int runs) {
  std::size_t checksum = 0;
  std::size_t items = 0;
  for (int warm_up = 0; warm_up < kWarmUpRuns; ++warm_up) {
    const Outcome outcome = ParseOnce(mode, input);
    if (outcome.checksum == 0) return 1;
    checksum += outcome.checksum;
    items = outcome.items;
  }
  for (int run = 0; run < runs; ++run) {
    std::string copy = input;
    const auto start = std::chrono::steady_clock::now();
    checksum += ParseOnce(mode, std::move(copy)).checksum;
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    const double megabytes = static_cast<double>(input.size()) / 1e6;
    fmt::print("{} {:.6f} {:.1f}\n", mode, elapsed.count(), megabytes / elapsed.count());
  }
  fmt::print("# {} bytes={} checksum={}\n", mode, input.size(), checksum);
  if (mode == "tidings") fmt::print("# tidings items {}\n", items);
  return 0;
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

// One parse of the file as it was read (moved in, no extra copy), then the peak RSS: the memory a
// daemon holding the downloaded bytes pays for parsing them.
int PeakMode(std::string_view parser, std::string input) {
  const long baseline_kb = PeakRssKb();
  const std::size_t input_bytes = input.size();
  const std::size_t checksum =
      parser == "floor" ? FloorParse(input) : TidingsParse(std::move(input)).checksum;
  if (checksum == 0) return 1;
  fmt::print("peak_rss_kb {}\nbaseline_rss_kb {}\ninput_bytes {}\n", PeakRssKb(), baseline_kb,
             input_bytes);
  return 0;
}

int Usage() {
  fmt::print(stderr,
             "usage: parse_bench floor|floor-copy|tidings FILE [RUNS]\n"
             "       parse_bench peak FILE [floor|tidings]\n"
             "       parse_bench allocator\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "allocator") {
    fmt::print("{}\n", tidings::AllocatorName());
    return 0;
  }
  if (argc < 3 || argc > 4) return Usage();
  const std::string_view mode = argv[1];
  const char* path = argv[2];
  const std::string_view extra = argc == 4 ? argv[3] : "";
  std::string input;
  if (!ReadFile(path, input) || input.empty()) {
    fmt::print(stderr, "parse_bench: cannot read {}\n", path);
    return 1;
  }
  if (mode == "peak") {
    if (!extra.empty() && extra != "floor" && extra != "tidings") return Usage();
    return PeakMode(extra.empty() ? "tidings" : extra, std::move(input));
  }
  if (mode != "floor" && mode != "floor-copy" && mode != "tidings") return Usage();
  const int runs = extra.empty() ? kDefaultRuns : std::atoi(argv[3]);
  if (runs <= 0) return Usage();
  return TimeRuns(mode, input, runs);
}
