#include "sim/engine/pool.h"

#include <mutex>
#include <vector>

namespace kinlink::sim::detail {

constinit thread_local FreeBlock* tls_free_lists[kPoolClasses] = {};

namespace {

constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;

// Blocks left by threads that have exited, per size class; a thread whose own list runs dry takes
// them before carving a new chunk, so replications on short-lived worker threads reuse memory.
struct Global {
  std::mutex mutex;
  FreeBlock* free_lists[kPoolClasses] = {};
  std::vector<void*> chunks;  // every chunk ever allocated stays reachable (leak checkers)
  std::size_t bytes = 0;
};

Global& G() {
  static auto* g = new Global;  // never destroyed: threads may exit after static destruction
  return *g;
}

// Returns this thread's free blocks to the global lists when the thread exits.
struct ThreadFlush {
  bool armed = false;
  ~ThreadFlush() {
    if (!armed) return;
    Global& g = G();
    std::lock_guard<std::mutex> lock(g.mutex);
    for (std::size_t c = 0; c < kPoolClasses; ++c) {
      FreeBlock* head = tls_free_lists[c];
      if (head == nullptr) continue;
      FreeBlock* tail = head;
      while (tail->next != nullptr) tail = tail->next;
      tail->next = g.free_lists[c];
      g.free_lists[c] = head;
      tls_free_lists[c] = nullptr;
    }
  }
};

thread_local ThreadFlush tls_flush;

}  // namespace

void* PoolRefill(std::size_t size_class) {
  tls_flush.armed = true;
  Global& g = G();
  const std::size_t block = size_class * kPoolGranule;
  std::size_t count = kChunkBytes / block;
  if (count < 8) count = 8;
  char* chunk = nullptr;
  {
    std::lock_guard<std::mutex> lock(g.mutex);
    if (FreeBlock* reuse = g.free_lists[size_class]) {
      // Take at most a chunk's worth, so concurrent threads share what exited threads left.
      FreeBlock* last = reuse;
      for (std::size_t k = 1; k < count && last->next != nullptr; ++k) last = last->next;
      g.free_lists[size_class] = last->next;
      last->next = nullptr;
      tls_free_lists[size_class] = reuse->next;
      return reuse;
    }
    chunk = static_cast<char*>(::operator new(block* count));
    g.chunks.push_back(chunk);
    g.bytes += block * count;
  }
  // Block 0 is returned; blocks 1..count-1 go on the free list in address order.
  FreeBlock* head = tls_free_lists[size_class];
  for (std::size_t i = count - 1; i >= 1; --i) {
    auto* b = reinterpret_cast<FreeBlock*>(chunk + i * block);
    b->next = head;
    head = b;
  }
  tls_free_lists[size_class] = head;
  return chunk;
}

std::size_t PoolChunkBytes() {
  Global& g = G();
  std::lock_guard<std::mutex> lock(g.mutex);
  return g.bytes;
}

}  // namespace kinlink::sim::detail
