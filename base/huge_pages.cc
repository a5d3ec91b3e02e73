#include "base/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>

namespace tidings {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

}  // namespace

void AdviseHugePages(void* data, std::size_t size) {
  if (size < 2 * kHugePage) return;
  std::uintptr_t begin = reinterpret_cast<std::uintptr_t>(data);
  std::uintptr_t end = begin + size;
  std::uintptr_t aligned_begin = (begin + kHugePage - 1) & ~std::uintptr_t{kHugePage - 1};
  std::uintptr_t aligned_end = end & ~std::uintptr_t{kHugePage - 1};
  if (aligned_end <= aligned_begin) return;
  // Best effort: an error (no THP in this kernel) leaves ordinary pages, which work as well.
  madvise(reinterpret_cast<void*>(aligned_begin), aligned_end - aligned_begin, MADV_HUGEPAGE);
}

bool MappedBuffer::Reserve(std::size_t size) {
  if (size <= capacity_) return data_ != nullptr;
  Reset();
  // From a 2 MB aligned start, so that every whole huge page of the buffer can be one: the 4 KB
  // pages at an unaligned start would cost up to 512 page faults more. The end is not rounded up,
  // which would count up to 2 MB more in the resident size.
  constexpr std::size_t kPage = 4096;
  std::size_t length = ((size + kPage - 1) & ~(kPage - 1)) + kHugePage;
  void* mapped = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return false;
  std::uintptr_t begin = reinterpret_cast<std::uintptr_t>(mapped);
  std::uintptr_t aligned = (begin + kHugePage - 1) & ~std::uintptr_t{kHugePage - 1};
  map_ = mapped;
  map_size_ = length;
  data_ = reinterpret_cast<char*>(aligned);
  capacity_ = size;
  AdviseHugePages(data_, size);
  return true;
}

void MappedBuffer::Reset() {
  if (map_ != nullptr) munmap(map_, map_size_);
  map_ = nullptr;
  map_size_ = 0;
  data_ = nullptr;
  capacity_ = 0;
}

}  // namespace tidings
