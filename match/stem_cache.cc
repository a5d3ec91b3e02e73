// See stem_cache.h.
#include "match/stem_cache.h"

#include <algorithm>
#include <cstring>

namespace tidings::match::internal {

StemCache::StemCache(std::size_t slots) {
  std::size_t capacity = 16;
  unsigned bits = 4;
  while (capacity < slots) {
    capacity *= 2;
    ++bits;
  }
  slots_.resize(capacity);
  mask_ = capacity - 1;
  shift_ = 64 - bits;
}

std::uint64_t StemCache::Hash(std::string_view word) {
  std::uint64_t h = 0xCBF29CE484222325ULL;  // FNV-1a
  for (char c : word) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h == 0 ? 1 : h;
}

std::optional<std::string_view> StemCache::Find(std::string_view word) const {
  if (word.size() > kMaxInline) return std::nullopt;
  const std::uint64_t hash = Hash(word);
  for (std::size_t i = Start(hash); slots_[i].hash != 0; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.hash == hash && std::string_view(slot.word, slot.word_size) == word) {
      return std::string_view(slot.stem, slot.stem_size);
    }
  }
  return std::nullopt;
}

void StemCache::Insert(std::string_view word, std::string_view stem) {
  if (word.size() > kMaxInline || stem.size() > kMaxInline) return;
  if ((used_ + 1) * 4 > slots_.size() * 3) {  // full: start over rather than probe long chains
    std::fill(slots_.begin(), slots_.end(), Slot{});
    used_ = 0;
  }
  const std::uint64_t hash = Hash(word);
  std::size_t i = Start(hash);
  for (; slots_[i].hash != 0; i = (i + 1) & mask_) {
    if (slots_[i].hash == hash && std::string_view(slots_[i].word, slots_[i].word_size) == word) {
      return;  // already there
    }
  }
  Slot& slot = slots_[i];
  slot.hash = hash;
  slot.word_size = static_cast<std::uint8_t>(word.size());
  slot.stem_size = static_cast<std::uint8_t>(stem.size());
  std::memcpy(slot.word, word.data(), word.size());
  std::memcpy(slot.stem, stem.data(), stem.size());
  ++used_;
}

}  // namespace tidings::match::internal
