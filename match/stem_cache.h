// A cache of word -> stem for the tokenizer (one per thread, like the stemmer it saves).
//
// Open addressing with the word and its stem inline in one 64-byte slot, so a hit reads one
// cache line. News reuses a vocabulary of some ten thousand words; a node-based map spent a
// quarter of a 5 KB article's scoring time chasing pointers to them (bench/run-match-bench,
// perf). Words longer than kMaxInline bytes are not cached: they are rare, and the caller stems
// them each time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace tidings::match::internal {

class StemCache {
 public:
  static constexpr std::size_t kMaxInline = 27;

  // The table starts at 1,024 slots (64 KB) and doubles when three quarters are in use, up to
  // `max_slots` (rounded up to a power of two, at least 16; 4 MB by default); full at that size,
  // it empties itself. A thread that stems a few headlines keeps a small table: the daemon has
  // one per parser thread.
  explicit StemCache(std::size_t max_slots = std::size_t{1} << 16);

  // The cached stem of `word`; valid until the next Insert.
  std::optional<std::string_view> Find(std::string_view word) const;

  // Remembers `stem` for `word`; ignored when either is longer than kMaxInline.
  void Insert(std::string_view word, std::string_view stem);

  std::size_t size() const { return used_; }

 private:
  struct alignas(64) Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint8_t word_size = 0, stem_size = 0;
    char word[kMaxInline];
    char stem[kMaxInline];
  };
  static_assert(sizeof(Slot) == 64);

  static std::uint64_t Hash(std::string_view word);
  std::size_t Start(std::uint64_t hash) const { return (hash * 0x9E3779B97F4A7C15ULL) >> shift_; }
  void Resize(std::size_t capacity);  // a power of two; keeps the entries
  void Place(const Slot& entry);      // into an empty slot; the entry is not there yet

  std::vector<Slot> slots_;
  std::size_t max_slots_ = 0;
  std::size_t mask_ = 0;
  unsigned shift_ = 0;
  std::size_t used_ = 0;
};

}  // namespace tidings::match::internal
