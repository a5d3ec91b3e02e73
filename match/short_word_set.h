// A fixed set of short words (at most 8 bytes, such as stopwords), for membership tests on every
// word of every text: each word is packed into a 64-bit integer (with its length beside it, so
// "a" and "a\0" differ) and looked up by binary search in a sorted array that fits in the L1
// cache. No string hashing and no pointer chasing, which a
// std::unordered_set lookup spent a tenth of a 5 KB article's scoring time on (perf of
// bench/run-match-bench).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace tidings::match::internal {

class ShortWordSet {
 public:
  static constexpr std::size_t kMaxBytes = 8;

  ShortWordSet() = default;
  // Words longer than kMaxBytes, or empty, are left out: contains() is false for them.
  template <typename Words>
  explicit ShortWordSet(const Words& words) {
    for (std::string_view word : words) Insert(word);
  }

  void Insert(std::string_view word) {
    if (word.empty() || word.size() > kMaxBytes) return;
    const Key key = Pack(word);
    const auto at = std::lower_bound(keys_.begin(), keys_.end(), key);
    if (at == keys_.end() || *at != key) keys_.insert(at, key);
  }

  bool contains(std::string_view word) const {
    if (word.empty() || word.size() > kMaxBytes) return false;
    return std::binary_search(keys_.begin(), keys_.end(), Pack(word));
  }

 private:
  using Key = std::pair<std::uint64_t, std::size_t>;  // bytes, length
  static Key Pack(std::string_view word) {
    std::uint64_t bytes = 0;
    std::memcpy(&bytes, word.data(), word.size());
    return {bytes, word.size()};
  }

  std::vector<Key> keys_;
};

}  // namespace tidings::match::internal
