#include "base/allocator.h"

#include <cstdlib>

#if TIDINGS_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace tidings {

const char* AllocatorName() {
#if TIDINGS_WITH_MIMALLOC
  // mimalloc serves malloc only when it is linked ahead of the C library: check, do not assume.
  void* probe = std::calloc(1, 16);
  const bool served = mi_is_in_heap_region(probe);
  std::free(probe);
  return served ? "mimalloc" : "libc (mimalloc linked but not serving malloc)";
#else
  return "libc";
#endif
}

}  // namespace tidings
