#include "sim/engine/pool.h"

#include <cstdlib>
#include <mutex>
#include <vector>

namespace kinlink::sim::detail {

constinit thread_local FreeBlock* tls_free_lists[kPoolClasses] = {};

namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

// Every chunk ever allocated stays reachable from here (leak checkers see it as in use).
std::mutex& ChunkMutex() {
  static auto* m = new std::mutex;
  return *m;
}
std::vector<void*>& Chunks() {
  static auto* v = new std::vector<void*>;
  return *v;
}

}  // namespace

void* PoolRefill(std::size_t size_class) {
  const std::size_t block = size_class * kPoolGranule;
  std::size_t count = kChunkBytes / block;
  if (count < 8) count = 8;
  char* chunk = static_cast<char*>(::operator new(block * count));
  {
    std::lock_guard<std::mutex> lock(ChunkMutex());
    Chunks().push_back(chunk);
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

}  // namespace kinlink::sim::detail
