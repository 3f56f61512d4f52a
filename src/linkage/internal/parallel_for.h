// ParallelFor: runs body(worker, begin, end) over [0, n) split into `threads` contiguous parts.
//
// Small ranges (under 20,000 items) run on the calling thread as worker 0, where starting threads
// would cost more than it saves. `body` must be safe to call concurrently on disjoint ranges.
//
//   ParallelFor(pairs.size(), threads, [&](size_t worker, size_t begin, size_t end) { ... });
#ifndef KINLINK_LINKAGE_INTERNAL_PARALLEL_FOR_H_
#define KINLINK_LINKAGE_INTERNAL_PARALLEL_FOR_H_

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace kinlink::linkage::detail {

template <typename Body>
void ParallelFor(size_t n, int threads, Body body) {
  size_t workers = static_cast<size_t>(std::max(1, threads));
  if (n < 20000) workers = 1;
  if (workers == 1) {
    body(size_t{0}, size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  for (size_t w = 0; w < workers; ++w) {
    size_t begin = n * w / workers;
    size_t end = n * (w + 1) / workers;
    pool.emplace_back([=, &body] { body(w, begin, end); });
  }
  for (auto& t : pool) t.join();
}

}  // namespace kinlink::linkage::detail

#endif  // KINLINK_LINKAGE_INTERNAL_PARALLEL_FOR_H_
