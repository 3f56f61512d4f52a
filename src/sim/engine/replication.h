// Monte Carlo replications: run N independent replications of a model on T threads and summarize
// each output as a mean with a Student-t confidence interval.
//
//   ReplicationOptions opts;
//   opts.replications = 100;
//   opts.threads = 2;
//   opts.seed = 42;
//   std::vector<Metrics> runs = RunReplications(opts, [&](const ReplicationContext& ctx) {
//     Rng arrivals = ctx.Stream(0);
//     ... build and run one Simulation ...
//     Metrics m;
//     m.Set("separated", separated);
//     return m;
//   });
//   for (const MetricSummary& s : Summarize(runs)) print(s.name, s.estimate.mean,
//   s.estimate.half_width);
//
// Determinism: replication i always gets the same random streams (from seed and i) and results
// are returned in replication order, so the output does not depend on the thread count or on
// scheduling. The model function must not share mutable state between replications.
#ifndef KINLINK_SIM_ENGINE_REPLICATION_H_
#define KINLINK_SIM_ENGINE_REPLICATION_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/engine/random.h"

namespace kinlink::sim {

// The quantile function of Student's t distribution with `dof` > 0 degrees of freedom, p in (0, 1).
double StudentTQuantile(double p, double dof);

// A mean and its confidence interval.
struct Estimate {
  std::size_t n = 0;
  double mean = 0;
  double stddev = 0;      // sample standard deviation across observations (n - 1)
  double half_width = 0;  // t_{(1+confidence)/2, n-1} * stddev / sqrt(n); 0 when n < 2
  double lower = 0;       // mean - half_width
  double upper = 0;       // mean + half_width
  double confidence = 0.95;
  double min = 0;
  double max = 0;
};

// The mean of `values` with a Student-t confidence interval (default 95%).
Estimate MeanConfidenceInterval(std::span<const double> values, double confidence = 0.95);

// Named outputs of one replication, in the order they were set.
class Metrics {
 public:
  // Sets (or overwrites) a value.
  void Set(const std::string& name, double value);
  // The value, or nullopt.
  std::optional<double> Get(const std::string& name) const;
  const std::vector<std::pair<std::string, double>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, double>> entries_;
};

struct MetricSummary {
  std::string name;
  Estimate estimate;
};

// One summary per metric name, in first-seen order; a replication missing a metric contributes
// nothing to it (the summary's n says how many did).
std::vector<MetricSummary> Summarize(std::span<const Metrics> runs, double confidence = 0.95);

// What a replication gets.
struct ReplicationContext {
  std::size_t index = 0;   // 0-based replication number
  std::uint64_t seed = 0;  // the master seed
  // The independent generator for `stream` in this replication (RandomStreams(seed).Stream(index,
  // stream)).
  Rng Stream(std::uint64_t stream) const { return RandomStreams(seed).Stream(index, stream); }
};

struct ReplicationOptions {
  std::size_t replications = 1;
  unsigned threads = 0;  // 0 = std::thread::hardware_concurrency()
  std::uint64_t seed = 0;
  // Called after each replication finishes with (finished, total), from worker threads one at a
  // time (serialized by a mutex). For a progress bar.
  std::function<void(std::size_t, std::size_t)> progress;
};

// Runs `model(ctx)` for ctx.index = 0 .. replications-1 on up to `threads` threads and returns the
// results in replication order. If any replication throws, the remaining ones are skipped and the
// first exception (lowest replication index among those that threw) is rethrown here.
template <class Fn>
auto RunReplications(const ReplicationOptions& options, Fn&& model)
    -> std::vector<std::invoke_result_t<Fn&, const ReplicationContext&>> {
  using R = std::invoke_result_t<Fn&, const ReplicationContext&>;
  const std::size_t n = options.replications;
  std::vector<std::optional<R>> slots(n);
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::size_t finished = 0;
  std::mutex progress_mutex;

  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  if (threads > n) threads = static_cast<unsigned>(std::max<std::size_t>(n, 1));

  auto worker = [&] {
    for (;;) {
      if (failed.load(std::memory_order_relaxed)) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        ReplicationContext ctx;
        ctx.index = i;
        ctx.seed = options.seed;
        slots[i].emplace(model(ctx));
      } catch (...) {
        errors[i] = std::current_exception();
        failed.store(true);
        return;
      }
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.progress(++finished, n);
      }
    }
  };

  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  std::vector<R> results;
  results.reserve(n);
  for (auto& s : slots) results.push_back(std::move(*s));
  return results;
}

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_ENGINE_REPLICATION_H_
