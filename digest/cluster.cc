#include "digest/cluster.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>

#include "base/canonical_url.h"
#include "digest/internal.h"

namespace tidings::digest {
namespace {

constexpr std::uint32_t kEmptyBin = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t kTitleSalt = 0x7469746c65ULL;  // "title"
// Items compared with each new member of an LSH bucket: the members before it, at most this many.
// Caps the work a bucket of thousands of copies could cause; copies still chain together.
constexpr std::size_t kBucketWindow = 32;
// Below this many features (title words count twice), a pair needs kFewThreshold.
constexpr std::size_t kFewFeatures = 12;
constexpr double kFewThreshold = 0.6;

class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), std::size_t{0});
  }
  std::size_t Find(std::size_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];  // path halving
      x = parent_[x];
    }
    return x;
  }
  void Union(std::size_t a, std::size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

// Unites items that share a key (canonical link, story id): each with the first holder of its key.
template <typename Key>
void UniteByKey(std::unordered_map<Key, std::size_t>& first, const Key& key, std::size_t index,
                DisjointSets& sets) {
  auto [it, inserted] = first.try_emplace(key, index);
  if (!inserted) sets.Union(it->second, index);
}

void UniteSharedIdentity(const std::vector<DigestItem>& items, DisjointSets& sets) {
  std::unordered_map<std::string, std::size_t> by_link;
  std::unordered_map<std::int64_t, std::size_t> by_story;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const DigestItem& item = items[i];
    if (item.story_id) UniteByKey(by_story, *item.story_id, i, sets);
    if (item.canonical_link && !item.canonical_link->empty()) {
      UniteByKey(by_link, *item.canonical_link, i, sets);
    } else if (item.link && !item.link->empty()) {
      UniteByKey(by_link, CanonicalUrl(*item.link), i, sets);
    }
  }
}

std::uint64_t BandHash(const Signature& s, std::size_t band) {
  std::uint64_t h = band * 0x9e3779b97f4a7c15ULL;
  for (std::size_t r = 0; r < kRows; ++r) {
    h = (h ^ s[band * kRows + r]) * 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
  }
  return h;
}

// The LSH buckets of one band at a time: an open-addressing table from band hash to the last item
// seen with it, and per item the previous item of its bucket (a chain, newest first).
class BandTable {
 public:
  explicit BandTable(std::size_t items)
      : keys_(std::bit_ceil(items * 2 + 2)), last_(keys_.size()), previous_(items) {}

  void Clear() { std::fill(last_.begin(), last_.end(), 0U); }

  // Adds `item` under `key`; returns the previous item of the bucket plus one (0: none).
  std::uint32_t Add(std::uint64_t key, std::uint32_t item) {
    std::size_t slot = key & (keys_.size() - 1);
    while (last_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & (keys_.size() - 1);
    keys_[slot] = key;
    previous_[item] = last_[slot];
    last_[slot] = item + 1;
    return previous_[item];
  }
  std::uint32_t Previous(std::uint32_t item) const { return previous_[item]; }

 private:
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> last_;      // item + 1, 0 for an empty slot
  std::vector<std::uint32_t> previous_;  // item + 1, 0 at a bucket's first item
};

// Items with few features (a short headline and no text) need more agreement: with densification,
// two three-word headlines sharing one word would otherwise look a third alike.
double PairThreshold(double threshold, std::size_t features_a, std::size_t features_b) {
  return std::min(features_a, features_b) < kFewFeatures ? std::max(threshold, kFewThreshold)
                                                         : threshold;
}

void UniteSimilar(const std::vector<Signature>& signatures,
                  const std::vector<std::size_t>& feature_counts, double threshold,
                  DisjointSets& sets) {
  BandTable table(signatures.size());
  for (std::size_t band = 0; band < kBands; ++band) {
    table.Clear();
    for (std::uint32_t i = 0; i < signatures.size(); ++i) {
      if (signatures[i][0] == kEmptyBin) continue;  // nothing to compare: no words at all
      std::uint32_t other = table.Add(BandHash(signatures[i], band), i);
      for (std::size_t seen = 0; other != 0 && seen < kBucketWindow; ++seen) {
        const std::uint32_t candidate = other - 1;
        other = table.Previous(candidate);
        if (sets.Find(candidate) == sets.Find(i)) continue;
        const double needed =
            PairThreshold(threshold, feature_counts[candidate], feature_counts[i]);
        if (Similarity(signatures[candidate], signatures[i]) >= needed) sets.Union(candidate, i);
      }
    }
  }
}

}  // namespace

Signature ComputeSignature(std::string_view title, std::string_view text,
                           std::size_t max_text_words) {
  std::size_t feature_count = 0;
  return ComputeSignature(title, text, max_text_words, feature_count);
}

Signature ComputeSignature(std::string_view title, std::string_view text,
                           std::size_t max_text_words, std::size_t& feature_count) {
  thread_local std::vector<std::uint64_t> features;
  features.clear();
  // Title words twice: as plain words (they meet the same words in other items' texts) and as
  // title words (a shared headline word is stronger evidence than a shared body word).
  internal::CollectFeatures(title, 64, 0, features);
  const std::size_t title_features = features.size();
  for (std::size_t i = 0; i < title_features; ++i) {
    features.push_back(internal::MixHash(features[i] ^ kTitleSalt));
  }
  internal::CollectFeatures(text, max_text_words, 0, features);
  feature_count = features.size();

  // One-permutation hashing: the top bits of a feature's hash pick its bin, the low bits compete
  // for the bin's minimum. One hash per feature instead of one per feature and bin.
  Signature signature;
  signature.fill(kEmptyBin);
  for (std::uint64_t f : features) {
    std::uint32_t& bin = signature[f >> 58];
    bin = std::min(bin, static_cast<std::uint32_t>(f & 0xFFFFFFFEULL));  // never kEmptyBin
  }
  // Densification by rotation: an empty bin takes the next non-empty bin's value (to the right,
  // wrapping), offset by the distance, so two sets with equal neighbouring bins still agree.
  if (features.empty()) return signature;
  for (std::size_t i = 0; i < kSignatureSize; ++i) {
    if (signature[i] != kEmptyBin && (signature[i] & 1) == 0) continue;
    std::size_t distance = 1;
    std::size_t j = (i + 1) % kSignatureSize;
    while (signature[j] == kEmptyBin || (signature[j] & 1) != 0) {
      j = (j + 1) % kSignatureSize;
      ++distance;
    }
    // Odd values mark borrowed bins, so they are never borrowed from in turn.
    signature[i] = (signature[j] + static_cast<std::uint32_t>(distance) * 0x9E3779B1U) | 1U;
  }
  return signature;
}

double Similarity(const Signature& a, const Signature& b) {
  if (a[0] == kEmptyBin || b[0] == kEmptyBin) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < kSignatureSize; ++i) {
    if (a[i] == b[i]) ++equal;
  }
  return static_cast<double>(equal) / static_cast<double>(kSignatureSize);
}

std::vector<std::vector<std::size_t>> ClusterItems(const std::vector<DigestItem>& items,
                                                   const ClusterOptions& options) {
  DisjointSets sets(items.size());
  UniteSharedIdentity(items, sets);
  std::vector<Signature> signatures(items.size());
  std::vector<std::size_t> feature_counts(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    signatures[i] = ComputeSignature(items[i].title.value_or(""), items[i].text,
                                     options.max_text_words, feature_counts[i]);
  }
  UniteSimilar(signatures, feature_counts, options.threshold, sets);

  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::size_t> group_of_root(items.size(), items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::size_t root = sets.Find(i);
    if (group_of_root[root] == items.size()) {
      group_of_root[root] = groups.size();
      groups.emplace_back();
    }
    groups[group_of_root[root]].push_back(i);
  }
  return groups;
}

}  // namespace tidings::digest
