// ParallelFor: a small pool of persistent threads that runs `body(i)` for i in [0, n), the
// calling thread taking part (detail of ingest: rows of a chunk are mapped and serialized on
// several threads while their order is kept, because each result goes to its own slot).
//
//   ParallelFor pool(3);                       // the caller + 2 helper threads
//   pool.Run(rows.size(), [&](size_t i) { out[i] = Prepare(rows[i]); });
//
// Run returns when every index is done. `body` must not throw (an exception on a helper thread
// terminates the program) and must be safe to call concurrently for distinct indices. With one
// thread, Run is a plain loop. Thread safety: Run from one thread at a time.
#ifndef KINLINK_LEDGER_INTERNAL_PARALLEL_FOR_H_
#define KINLINK_LEDGER_INTERNAL_PARALLEL_FOR_H_

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kinlink::ledger::detail {

class ParallelFor {
 public:
  // Indices are handed out in blocks of this many (a block is a few hundred microseconds of work).
  static constexpr size_t kBlock = 16;

  explicit ParallelFor(size_t threads) {
    for (size_t i = 1; i < threads; ++i) helpers_.emplace_back([this] { Help(); });
  }
  ~ParallelFor() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : helpers_) t.join();
  }
  ParallelFor(const ParallelFor&) = delete;
  ParallelFor& operator=(const ParallelFor&) = delete;

  size_t threads() const { return helpers_.size() + 1; }

  void Run(size_t n, const std::function<void(size_t)>& body) {
    if (helpers_.empty() || n <= kBlock) {
      for (size_t i = 0; i < n; ++i) body(i);
      return;
    }
    {
      std::lock_guard lock(mutex_);
      body_ = &body;
      size_ = n;
      next_.store(0);
      active_ = helpers_.size();
      ++generation_;
    }
    wake_.notify_all();
    Work(body, n);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return active_ == 0; });
    body_ = nullptr;
  }

 private:
  void Work(const std::function<void(size_t)>& body, size_t n) {
    while (true) {
      size_t begin = next_.fetch_add(kBlock);
      if (begin >= n) return;
      size_t end = std::min(n, begin + kBlock);
      for (size_t i = begin; i < end; ++i) body(i);
    }
  }

  void Help() {
    size_t seen = 0;
    while (true) {
      const std::function<void(size_t)>* body;
      size_t n;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        body = body_;
        n = size_;
      }
      Work(*body, n);
      std::lock_guard lock(mutex_);
      if (--active_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(size_t)>* body_ = nullptr;
  size_t size_ = 0;
  std::atomic<size_t> next_{0};
  size_t active_ = 0;
  size_t generation_ = 0;
  bool stop_ = false;
};

}  // namespace kinlink::ledger::detail

#endif  // KINLINK_LEDGER_INTERNAL_PARALLEL_FOR_H_
