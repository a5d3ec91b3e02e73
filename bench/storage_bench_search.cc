#include "bench/storage_bench_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>

#include "bench/storage_bench_write.h"
#include "storage/archive.h"
#include "storage/schema.h"
#include "storage/search.h"

namespace tidings::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kHighEnd = 200;
constexpr std::size_t kMidBegin = 1000;
constexpr std::size_t kMidEnd = 5000;

struct Ranks {
  std::size_t high_end, mid_begin, mid_end;
};

// The ranges above, shrunk for a small vocabulary (the built-in word list).
Ranks RanksFor(std::size_t vocabulary) {
  Ranks r{std::min(kHighEnd, vocabulary / 4), std::min(kMidBegin, vocabulary / 2),
          std::min(kMidEnd, vocabulary)};
  r.high_end = std::max<std::size_t>(r.high_end, 1);
  if (r.mid_end <= r.mid_begin) r.mid_begin = r.high_end;
  return r;
}

std::string Word(std::mt19937_64& rng, const Corpus& corpus, bool high) {
  Ranks r = RanksFor(corpus.ranked_words().size());
  std::size_t begin = high ? 0 : r.mid_begin;
  std::size_t end = high ? r.high_end : r.mid_end;
  return corpus.ranked_words()[begin + static_cast<std::size_t>(rng() % (end - begin))];
}

}  // namespace

const char* const kVocabularyNote =
    "words: ranks in the corpus vocabulary (3+ letters, 64 function words left out); high = ranks "
    "1-200, mid = 1000-5000. 1 word: half high, half mid; 2 words: thirds high+high, high+mid, "
    "mid+mid; phrase: adjacent pairs from the corpus text, both words of rank <= 5000. feed: a "
    "random feed (part of its URL), since:7d about 2% of items.";

std::string SearchDbName(std::int64_t items, std::uint64_t seed) {
  return fmt::format("search-{}-s{}-g{}-v{}.db", items, seed, kGeneratorVersion,
                     storage::kSchemaVersion);
}

Status BuildSearchDb(const std::string& path, const ItemGenerator& generator, std::int64_t items,
                     int feeds, const Progress& progress) {
  std::string partial = path + ".partial";
  RemoveDatabase(partial);
  {
    Result<std::unique_ptr<FloorWriter>> writer = FloorWriter::Create(partial, /*bulk=*/true);
    if (!writer.ok()) return writer.status();
    int per_feed = static_cast<int>(items / feeds);
    Clock::time_point start = Clock::now();
    for (int f = 0; f < feeds; ++f) {
      int count = per_feed + (f < items % feeds ? 1 : 0);
      feed::Feed generated = generator.MakeFeed(f, 0, count);
      Status written = (*writer)->Write(
          MakeFloorFeed(generated, ItemGenerator::FeedUrl(f), kBaseTime), kBaseTime);
      if (!written.ok()) return written;
      if ((f + 1) % std::max(1, feeds / 20) == 0) {
        double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        progress(fmt::format("search archive: {}/{} feeds, {:.0f} s", f + 1, feeds, seconds));
      }
    }
    Status finished = (*writer)->Finish();
    if (!finished.ok()) return finished;
  }
  Result<DbSize> size = MeasureSize(partial);  // checkpoints, so the file alone is complete
  if (!size.ok()) return size.status();
  RemoveDatabase(path);
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) return IOError(fmt::format("renaming {}: {}", partial, ec.message()));
  RemoveDatabase(partial);
  return Status::Ok();
}

std::vector<QueryClass> MakeQueryClasses(const Corpus& corpus, std::uint64_t seed,
                                         std::size_t per_class, int feeds) {
  std::mt19937_64 rng(seed * 7919 + 17);
  std::vector<std::string> one, two, phrase;
  for (std::size_t i = 0; i < per_class; ++i) {
    one.push_back(Word(rng, corpus, i % 2 == 0));
    std::string first = Word(rng, corpus, i % 3 != 2);
    two.push_back(first + " " + Word(rng, corpus, i % 3 == 0));
  }
  Ranks r = RanksFor(corpus.ranked_words().size());
  for (const std::string& pair : corpus.Phrases(rng, per_class, r.mid_end)) {
    phrase.push_back("\"" + pair + "\"");
  }
  std::vector<QueryClass> classes;
  for (auto [name, base] : {std::pair{"1 word", &one}, {"2 words", &two}, {"phrase", &phrase}}) {
    QueryClass plain{name, *base}, by_feed{std::string(name) + " feed:", {}},
        recent{std::string(name) + " since:7d", {}};
    for (const std::string& q : *base) {
      by_feed.queries.push_back(fmt::format(
          "{} feed:site{:04}", q, static_cast<int>(rng() % static_cast<unsigned>(feeds))));
      recent.queries.push_back(q + " since:7d");
    }
    classes.push_back(std::move(plain));
    classes.push_back(std::move(by_feed));
    classes.push_back(std::move(recent));
  }
  return classes;
}

Result<std::vector<ClassTimes>> TimeSearches(const std::string& path,
                                             const std::vector<QueryClass>& classes, int passes,
                                             const Progress& progress) {
  Result<std::unique_ptr<storage::Archive>> archive =
      storage::Archive::Open(path, storage::OpenMode::kReadOnly);
  if (!archive.ok()) return archive.status();
  std::vector<ClassTimes> times(classes.size());
  std::size_t longest = 0;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    times[c].name = classes[c].name;
    longest = std::max(longest, classes[c].queries.size());
  }
  std::size_t done = 0;
  // Pass 0 warms the caches and is not recorded.
  for (int pass = 0; pass <= passes; ++pass) {
    for (std::size_t q = 0; q < longest; ++q) {
      for (std::size_t c = 0; c < classes.size(); ++c) {
        if (q >= classes[c].queries.size()) continue;
        storage::SearchRequest request;
        request.query = classes[c].queries[q];
        request.filter.limit = 20;
        Clock::time_point start = Clock::now();
        Result<std::vector<storage::SearchHit>> hits =
            storage::Search(**archive, request, kBaseTime);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (++done % 100 == 0) {
          progress(fmt::format("search: {} queries run (pass {} of {}, pass 0 warms up)", done,
                               pass, passes));
        }
        if (pass == 0) continue;
        ClassTimes& t = times[c];
        if (!hits.ok()) {
          if (t.errors++ == 0) t.first_error = request.query + ": " + hits.status().ToString();
          continue;
        }
        t.ms.push_back(ms);
        t.hits += static_cast<std::int64_t>(hits->size());
        if (hits->empty()) ++t.empty;
      }
    }
  }
  return times;
}

}  // namespace tidings::bench
