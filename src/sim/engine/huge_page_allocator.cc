#include "sim/engine/huge_page_allocator.h"

#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace kinlink::sim::detail {

void* AllocateHugePages(std::size_t bytes) {
  const std::size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  void* p = std::aligned_alloc(kHugePageBytes, rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(__SANITIZE_ADDRESS__)
  madvise(p, rounded, MADV_HUGEPAGE);  // a hint; failure is harmless
#endif
  return p;
}

void FreeHugePages(void* p) { std::free(p); }

}  // namespace kinlink::sim::detail
