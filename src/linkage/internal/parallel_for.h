// ParallelFor: runs body(worker, begin, end) over [0, n) split into `threads` contiguous parts.
// ParallelForEach: runs body(index) for every index in [0, count) on up to `threads` threads (the
// calling thread is one), each thread taking the next index when it is free: for a few large,
// uneven work items (file parts, blocks) on a machine whose cores are shared.
//
// Small ranges (under 20,000 items) of ParallelFor run on the calling thread as worker 0, where
// starting threads would cost more than it saves. `body` must be safe to call concurrently on
// disjoint ranges (indexes); results that depend on the order must be written per index.
//
//   ParallelFor(pairs.size(), threads, [&](size_t worker, size_t begin, size_t end) { ... });
//   ParallelForEach(parts.size(), threads, [&](size_t k) { parsed[k] = Parse(parts[k]); });
//   ParallelForChunks(pairs.size(), threads, 65536, [&](size_t begin, size_t end) { ... });
#ifndef KINLINK_LINKAGE_INTERNAL_PARALLEL_FOR_H_
#define KINLINK_LINKAGE_INTERNAL_PARALLEL_FOR_H_

#include <algorithm>
#include <atomic>
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

template <typename Body>
void ParallelForEach(size_t count, int threads, Body body) {
  const size_t workers = std::min(static_cast<size_t>(std::max(1, threads)), count);
  if (workers <= 1) {
    for (size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) body(i);
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();
}

// Runs body(begin, end) over [0, n) cut into runs of `chunk` items, each thread taking the next
// run when it is free (a thread slowed by other work leaves its share to the others). For loops
// whose results are written per index.
template <typename Body>
void ParallelForChunks(size_t n, int threads, size_t chunk, Body body) {
  chunk = std::max<size_t>(chunk, 1);
  const size_t runs = (n + chunk - 1) / chunk;
  ParallelForEach(runs, n < 20000 ? 1 : threads,
                  [&](size_t k) { body(k * chunk, std::min(n, (k + 1) * chunk)); });
}

}  // namespace kinlink::linkage::detail

#endif  // KINLINK_LINKAGE_INTERNAL_PARALLEL_FOR_H_
