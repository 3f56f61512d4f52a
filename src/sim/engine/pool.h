// Per-thread free-list allocator for coroutine frames and process control blocks.
//
// Internal to the engine (namespace detail). Blocks are carved from 64 KiB chunks that are never
// returned to the system (they stay reachable from a global list, so leak checkers are quiet). A
// block freed on a thread other than the one that allocated it is simply reused by the freeing
// thread; when a thread exits, its free blocks go to a global list that other threads draw from
// before carving new chunks, so repeated parallel runs on fresh worker threads reuse memory.
// Sizes above kMaxPooledSize go to ::operator new.
#ifndef KINLINK_SIM_ENGINE_POOL_H_
#define KINLINK_SIM_ENGINE_POOL_H_

#include <cstddef>
#include <new>

namespace kinlink::sim::detail {

inline constexpr std::size_t kPoolGranule = 16;
inline constexpr std::size_t kMaxPooledSize = 4096;
inline constexpr std::size_t kPoolClasses = kMaxPooledSize / kPoolGranule + 1;

struct FreeBlock {
  FreeBlock* next;
};

// Heads of the per-thread free lists, one per size class (class = ceil(size / 16)).
extern constinit thread_local FreeBlock* tls_free_lists[kPoolClasses];

// Refills the free list of `size_class` (from blocks left by exited threads, else from a new
// chunk) and returns one block.
void* PoolRefill(std::size_t size_class);

// Bytes of all chunks the pool has taken from the system (they are never given back, but blocks of
// exited threads are reused).
std::size_t PoolChunkBytes();

// Under AddressSanitizer the pool is bypassed so use-after-free of frames is still caught.
#if defined(__SANITIZE_ADDRESS__)
#define KINLINK_SIM_POOL_DISABLED 1
#endif

inline void* PoolAllocate(std::size_t size) {
#ifdef KINLINK_SIM_POOL_DISABLED
  return ::operator new(size);
#endif
  if (size > kMaxPooledSize) return ::operator new(size);
  const std::size_t c = (size + kPoolGranule - 1) / kPoolGranule;
  FreeBlock* b = tls_free_lists[c];
  if (b == nullptr) return PoolRefill(c);
  tls_free_lists[c] = b->next;
  return b;
}

inline void PoolFree(void* p, std::size_t size) noexcept {
  if (p == nullptr) return;
#ifdef KINLINK_SIM_POOL_DISABLED
  ::operator delete(p);
  return;
#endif
  if (size > kMaxPooledSize) {
    ::operator delete(p);
    return;
  }
  const std::size_t c = (size + kPoolGranule - 1) / kPoolGranule;
  auto* b = static_cast<FreeBlock*>(p);
  b->next = tls_free_lists[c];
  tls_free_lists[c] = b;
}

}  // namespace kinlink::sim::detail

#endif  // KINLINK_SIM_ENGINE_POOL_H_
