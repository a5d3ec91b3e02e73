// A fixed set of short words (at most 8 bytes, such as stopwords), for membership tests on every
// word of every text: each word is packed into a 64-bit integer (with its length beside it, so
// "a" and "a\0" differ) and looked up in a small open-addressing table, one multiply and usually
// one compare. A std::unordered_set lookup (string hashing, pointer chasing) spent a tenth of a
// 5 KB article's scoring time here, a binary search over the sorted keys still 3% of a poll's
// CPU (perf of bench/run-match-bench and bench/run-poll-bench).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace tidings::match::internal {

class ShortWordSet {
 public:
  static constexpr std::size_t kMaxBytes = 8;

  ShortWordSet() { slots_.resize(16); }
  // Words longer than kMaxBytes, or empty, are left out: contains() is false for them.
  template <typename Words>
  explicit ShortWordSet(const Words& words) : ShortWordSet() {
    for (std::string_view word : words) Insert(word);
  }

  void Insert(std::string_view word) {
    if (word.empty() || word.size() > kMaxBytes || contains(word)) return;
    if ((used_ + 1) * 4 > slots_.size()) Grow();  // at most a quarter full: short probes
    Place(Pack(word));
    ++used_;
  }

  bool contains(std::string_view word) const {
    if (word.empty() || word.size() > kMaxBytes) return false;
    const Key key = Pack(word);
    for (std::size_t i = Start(key);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].size == 0) return false;
      if (slots_[i].bytes == key.bytes && slots_[i].size == key.size) return true;
    }
  }

 private:
  struct Key {
    std::uint64_t bytes = 0;
    std::uint64_t size = 0;  // 0: an empty slot
  };

  static Key Pack(std::string_view word) {
    Key key;
    std::memcpy(&key.bytes, word.data(), word.size());
    key.size = word.size();
    return key;
  }
  std::size_t Start(const Key& key) const {
    const std::uint64_t mixed = (key.bytes ^ (key.size << 59)) * 0x9E3779B97F4A7C15ULL;
    return static_cast<std::size_t>(mixed >> 32) & (slots_.size() - 1);
  }
  void Place(const Key& key) {
    std::size_t i = Start(key);
    while (slots_[i].size != 0) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = key;
  }
  void Grow() {
    std::vector<Key> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Key& key : old) {
      if (key.size != 0) Place(key);
    }
  }

  std::vector<Key> slots_;
  std::size_t used_ = 0;
};

}  // namespace tidings::match::internal
