// The archive benchmark's input (bench/storage_bench.cc): deterministic feeds of realistic news
// items, built in memory, and the query vocabulary drawn from the same words.
//
//   Result<Corpus> corpus = Corpus::Load(path);   // en_train.jsonl, or the built-in word list
//   ItemGenerator gen(*corpus, seed);
//   feed::Feed f = gen.MakeFeed(feed_index, first_item, count);
//
// Text is made of runs of consecutive words copied from the corpus (news titles and summaries), so
// word frequencies are the corpus's own (Zipf-like) and adjacent word pairs are real phrases, which
// the FTS index and the phrase queries depend on. Random words would give a flat vocabulary.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "feed/feed.h"

namespace tidings::bench {

// "Now" for every generated date and every search: 2026-11-28T00:00:00Z. Items are published
// during the year before it, uniformly, so since:7d keeps about 2% of them.
inline constexpr std::int64_t kBaseTime = 1795737600;
inline constexpr std::int64_t kDateSpan = 365 * 86400;

// Bumped whenever the generator's output changes: it is part of the cached search database's name.
inline constexpr int kGeneratorVersion = 1;

class Corpus {
 public:
  // Reads JSON lines with "title" and "summary". An empty `path` or an unreadable file gives the
  // built-in word list (source() says which).
  static Result<Corpus> Load(const std::string& path);

  // Appends `count` consecutive tokens of pool `pool` starting at a random place, separated by
  // spaces. A pool is one news category of the corpus: an item draws all its text from one, so
  // topical words cluster in some items, as in real news, instead of appearing in every item.
  void AppendRun(std::mt19937_64& rng, std::size_t pool, std::size_t count, std::string& out) const;
  std::size_t pool_count() const { return pools_.size(); }

  // Query words: lower-case ASCII words of 3+ letters, most frequent first, function words left
  // out (nobody searches for "the").
  const std::vector<std::string>& ranked_words() const { return ranked_words_; }
  // Adjacent pairs of ranked words as they occur in the text ("oil prices"), for phrase queries.
  std::vector<std::string> Phrases(std::mt19937_64& rng, std::size_t count,
                                   std::size_t max_rank) const;
  const std::string& source() const { return source_; }
  std::size_t token_count() const { return tokens_.size(); }

 private:
  // Splits text_ (the pools' texts, in order, `pool_bytes` long each) into tokens and ranks them.
  void Index(const std::vector<std::size_t>& pool_bytes);

  std::string source_;
  std::string text_;                                        // every token, space-separated
  std::vector<std::string_view> tokens_;                    // into text_, pool after pool
  std::vector<std::pair<std::size_t, std::size_t>> pools_;  // [begin, end) in tokens_
  std::vector<std::string> ranked_words_;
};

class ItemGenerator {
 public:
  ItemGenerator(const Corpus& corpus, std::uint64_t seed) : corpus_(corpus), seed_(seed) {}

  // Feed `feed_index` (0-based) with items first_item .. first_item + count - 1 of that feed,
  // newest first as a feed lists them. The same arguments always give the same feed.
  feed::Feed MakeFeed(int feed_index, int first_item, int count) const;

  static std::string FeedUrl(int feed_index);

  // About `bytes` of plain text: an article's extracted main text.
  std::string ArticleText(std::uint64_t item_serial, std::size_t bytes) const;

 private:
  feed::Item MakeItem(std::mt19937_64& rng, int feed_index, int item_index) const;
  std::string Paragraphs(std::mt19937_64& rng, std::size_t pool, std::size_t text_bytes,
                         bool html) const;

  const Corpus& corpus_;
  std::uint64_t seed_;
};

}  // namespace tidings::bench
