// See stem_cache.h.
#include "match/stem_cache.h"

#include <algorithm>
#include <cstring>

namespace tidings::match::internal {

StemCache::StemCache(std::size_t max_slots) {
  max_slots_ = 16;
  while (max_slots_ < max_slots) max_slots_ *= 2;
  Resize(std::min<std::size_t>(1024, max_slots_));
}

void StemCache::Resize(std::size_t capacity) {
  std::vector<Slot> old(capacity);
  old.swap(slots_);
  mask_ = capacity - 1;
  shift_ = 64;
  for (std::size_t c = capacity; c > 1; c /= 2) --shift_;
  for (const Slot& entry : old) {
    if (entry.hash != 0) Place(entry);
  }
}

void StemCache::Place(const Slot& entry) {
  std::size_t i = Start(entry.hash);
  while (slots_[i].hash != 0) i = (i + 1) & mask_;
  slots_[i] = entry;
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
  if (word.size() > kMaxInline || stem.size() > kMaxInline || Find(word)) return;
  if ((used_ + 1) * 4 > slots_.size() * 3) {
    if (slots_.size() < max_slots_) {
      Resize(slots_.size() * 2);
    } else {  // full at its largest: start over rather than probe long chains
      std::fill(slots_.begin(), slots_.end(), Slot{});
      used_ = 0;
    }
  }
  Slot entry;
  entry.hash = Hash(word);
  entry.word_size = static_cast<std::uint8_t>(word.size());
  entry.stem_size = static_cast<std::uint8_t>(stem.size());
  std::memcpy(entry.word, word.data(), word.size());
  std::memcpy(entry.stem, stem.data(), stem.size());
  Place(entry);
  ++used_;
}

}  // namespace tidings::match::internal
