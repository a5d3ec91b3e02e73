// The extraction benchmark: pages per second in-process on one core, over a folder of pages
// (NAME.html or NAME.html.gz, e.g. ../shared/data/extraction/pages). Time is the thread's CPU
// time spent in extract::Extract (decompression and file reading excluded), so that other load
// on a shared machine does not count. With --dump DIR, each page's text is written to
// DIR/NAME.txt for scoring (bench/run-extract-bench does both).
//
//   extract_bench [--rounds N] [--ids FILE] [--dump DIR] PAGES_DIR
#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "extract/extract.h"

namespace {

namespace fs = std::filesystem;
using tidings::extract::Article;

struct Page {
  std::string id, html;
};

double ThreadSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string ReadGzip(const fs::path& path) {
  std::string out;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return out;
  char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0)
    out.append(buffer, static_cast<std::size_t>(n));
  gzclose(file);
  return out;
}

std::vector<Page> LoadPages(const fs::path& dir, const std::set<std::string>& ids) {
  std::vector<Page> pages;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    std::size_t dot = name.find(".html");
    if (dot == std::string::npos) continue;
    std::string id = name.substr(0, dot);
    if (!ids.empty() && !ids.count(id)) continue;
    pages.push_back({id, ReadGzip(entry.path())});  // gzread reads plain files as they are
  }
  std::sort(pages.begin(), pages.end(), [](const Page& a, const Page& b) { return a.id < b.id; });
  return pages;
}

int Usage() {
  fmt::print(stderr, "usage: extract_bench [--rounds N] [--ids FILE] [--dump DIR] PAGES_DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 3;
  std::string ids_file, dump_dir, pages_dir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--ids" && i + 1 < argc) {
      ids_file = argv[++i];
    } else if (arg == "--dump" && i + 1 < argc) {
      dump_dir = argv[++i];
    } else if (!arg.empty() && arg[0] != '-' && pages_dir.empty()) {
      pages_dir = arg;
    } else {
      return Usage();
    }
  }
  if (pages_dir.empty()) return Usage();
  std::set<std::string> ids;
  if (!ids_file.empty()) {
    std::ifstream in(ids_file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) ids.insert(line);
    }
  }
  std::vector<Page> pages = LoadPages(pages_dir, ids);
  if (pages.empty()) {
    fmt::print(stderr, "no pages in {}\n", pages_dir);
    return 2;
  }
  std::size_t bytes = 0, failed = 0;
  for (const Page& page : pages) bytes += page.html.size();
  std::vector<double> rates;
  for (int round = 0; round < rounds; ++round) {
    double start = ThreadSeconds();
    for (const Page& page : pages) {
      tidings::Result<Article> article = tidings::extract::Extract(page.html, {});
      if (!article.ok()) ++failed;
      if (round == 0 && !dump_dir.empty()) {
        std::ofstream out(fs::path(dump_dir) / (page.id + ".txt"), std::ios::binary);
        if (article.ok() && article->kind == tidings::extract::PageKind::kArticle) {
          out << article->text;
        }
      }
    }
    double seconds = ThreadSeconds() - start;
    rates.push_back(static_cast<double>(pages.size()) / seconds);
  }
  std::sort(rates.begin(), rates.end());
  double median = rates[rates.size() / 2];
  fmt::print("pages={} MB={:.1f} rounds={} failed={}\n", pages.size(),
             static_cast<double>(bytes) / 1e6, rounds, failed / static_cast<std::size_t>(rounds));
  fmt::print("in-process: {:.1f} pages/s ({:.1f} MB/s) on one core, CPU time, median of rounds\n",
             median, median * static_cast<double>(bytes) / 1e6 / static_cast<double>(pages.size()));
  return 0;
}
