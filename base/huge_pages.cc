#include "base/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>

namespace tidings {

void AdviseHugePages(void* data, std::size_t size) {
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  if (size < 2 * kHugePage) return;
  std::uintptr_t begin = reinterpret_cast<std::uintptr_t>(data);
  std::uintptr_t end = begin + size;
  std::uintptr_t aligned_begin = (begin + kHugePage - 1) & ~(kHugePage - 1);
  std::uintptr_t aligned_end = end & ~(kHugePage - 1);
  if (aligned_end <= aligned_begin) return;
  // Best effort: an error (no THP in this kernel) leaves ordinary pages, which work as well.
  madvise(reinterpret_cast<void*>(aligned_begin), aligned_end - aligned_begin, MADV_HUGEPAGE);
}

}  // namespace tidings
