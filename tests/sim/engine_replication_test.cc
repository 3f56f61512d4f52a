// Confidence intervals and the parallel replication runner.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "sim/engine/engine.h"

namespace kinlink::sim {
namespace {

TEST(EngineReplication, StudentTQuantilesMatchTables) {
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.7062047, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 2), 4.3026527, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 9), 2.2621572, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 30), 2.0422725, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.95, 4), 2.1318468, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.995, 99), 2.6264054, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 1e6), 1.959966, 1e-5);
  EXPECT_NEAR(StudentTQuantile(0.025, 9), -2.2621572, 1e-6);
  EXPECT_EQ(StudentTQuantile(0.5, 3), 0);
  EXPECT_TRUE(std::isnan(StudentTQuantile(1.5, 3)));
}

TEST(EngineReplication, ConfidenceIntervalOfAKnownSample) {
  // 10 values, mean 5.5, sd = sqrt(55/6) = 3.02765; half width = 2.262157 * 3.02765 / sqrt(10).
  std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  Estimate e = MeanConfidenceInterval(v);
  EXPECT_EQ(e.n, 10u);
  EXPECT_DOUBLE_EQ(e.mean, 5.5);
  EXPECT_NEAR(e.stddev, 3.0276503540974917, 1e-12);
  EXPECT_NEAR(e.half_width, 2.1658506, 1e-6);
  EXPECT_NEAR(e.lower, 5.5 - 2.1658506, 1e-6);
  EXPECT_NEAR(e.upper, 5.5 + 2.1658506, 1e-6);
  EXPECT_EQ(e.min, 1);
  EXPECT_EQ(e.max, 10);
  Estimate one = MeanConfidenceInterval(std::vector<double>{4});
  EXPECT_EQ(one.mean, 4);
  EXPECT_EQ(one.half_width, 0);
  EXPECT_EQ(MeanConfidenceInterval(std::vector<double>{}).n, 0u);
  Estimate e90 = MeanConfidenceInterval(v, 0.90);
  EXPECT_NEAR(e90.half_width, 1.8331129 * 3.0276503540974917 / std::sqrt(10.0), 1e-6);
}

TEST(EngineReplication, ConfidenceIntervalsCoverTheTrueMean) {
  // 95% intervals from 20 normal draws should cover the mean about 95% of the time.
  Rng rng(8);
  int covered = 0;
  constexpr int kTrials = 4000;
  for (int t = 0; t < kTrials; ++t) {
    std::vector<double> v(20);
    for (double& x : v) x = rng.Normal(10, 3);
    const Estimate e = MeanConfidenceInterval(v);
    covered += e.lower <= 10 && 10 <= e.upper;
  }
  EXPECT_NEAR(covered / static_cast<double>(kTrials), 0.95, 0.015);
}

// A small queueing model whose output depends on every draw.
Metrics QueueModel(const ReplicationContext& ctx) {
  Simulation sim;
  Resource server(sim, 2);
  Rng arrivals = ctx.Stream(0);
  Rng service = ctx.Stream(1);
  Tally waits;
  auto customer = [&](Simulation& s) -> Process {
    const Time t0 = s.Now();
    Lease l = co_await server.Request();
    waits.Add(s.Now() - t0);
    co_await s.Timeout(service.Exponential(1.6));
  };
  auto source = [&](Simulation& s) -> Process {
    for (int i = 0; i < 2000; ++i) {
      co_await s.Timeout(arrivals.Exponential(1.0));
      s.Spawn(customer(s));
    }
  };
  sim.Spawn(source(sim));
  sim.Run();
  Metrics m;
  m.Set("mean_wait", waits.Mean());
  m.Set("p90_wait", waits.Quantile(0.9));
  m.Set("end", sim.Now());
  return m;
}

TEST(EngineReplication, ResultsDoNotDependOnTheThreadCount) {
  ReplicationOptions opts;
  opts.replications = 12;
  opts.seed = 99;
  std::vector<std::vector<Metrics>> by_threads;
  for (unsigned threads : {1u, 2u, 5u}) {
    opts.threads = threads;
    by_threads.push_back(RunReplications(opts, QueueModel));
  }
  for (std::size_t t = 1; t < by_threads.size(); ++t) {
    ASSERT_EQ(by_threads[t].size(), 12u);
    for (std::size_t i = 0; i < 12; ++i) {
      EXPECT_EQ(by_threads[t][i].entries(), by_threads[0][i].entries()) << "replication " << i;
    }
  }
  // Replications differ from each other.
  EXPECT_NE(by_threads[0][0].Get("mean_wait"), by_threads[0][1].Get("mean_wait"));
  const auto summary = Summarize(by_threads[0]);
  ASSERT_EQ(summary.size(), 3u);
  EXPECT_EQ(summary[0].name, "mean_wait");
  EXPECT_EQ(summary[0].estimate.n, 12u);
  EXPECT_GT(summary[0].estimate.half_width, 0);
}

TEST(EngineReplication, ProgressAndErrors) {
  ReplicationOptions opts;
  opts.replications = 20;
  opts.threads = 3;
  std::atomic<int> calls{0};
  std::size_t last = 0;
  opts.progress = [&](std::size_t done, std::size_t total) {
    ++calls;
    EXPECT_EQ(total, 20u);
    EXPECT_EQ(done, last + 1);  // serialized, increasing
    last = done;
  };
  auto results = RunReplications(
      opts, [](const ReplicationContext& ctx) { return static_cast<int>(ctx.index) * 2; });
  EXPECT_EQ(calls.load(), 20);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(results[i], 2 * i);

  opts.progress = nullptr;
  EXPECT_THROW(RunReplications(opts,
                               [](const ReplicationContext& ctx) -> int {
                                 if (ctx.index == 7) throw std::runtime_error("replication 7");
                                 return 0;
                               }),
               std::runtime_error);
}

TEST(EngineReplication, RepeatedParallelRunsReuseThePool) {
  // Worker threads exit after each RunReplications; their free blocks must be reused by the next
  // call's threads instead of new chunks being taken each time.
  ReplicationOptions opts;
  opts.replications = 4;
  opts.threads = 2;
  auto model = [](const ReplicationContext& ctx) {
    Simulation sim;
    Rng rng = ctx.Stream(0);
    auto nap = [](Simulation& s, Time dt) -> Process { co_await s.Timeout(dt); };
    for (int i = 0; i < 20000; ++i) sim.Spawn(nap(sim, rng.Exponential(1)));
    sim.Run();
    return 0;
  };
  RunReplications(opts, model);
  const std::size_t after_first = detail::PoolChunkBytes();
  for (int k = 0; k < 5; ++k) RunReplications(opts, model);
  EXPECT_LE(detail::PoolChunkBytes(), after_first + after_first / 2);
}

TEST(EngineReplication, SummarizeHandlesMissingMetrics) {
  std::vector<Metrics> runs(3);
  runs[0].Set("a", 1);
  runs[1].Set("a", 3);
  runs[1].Set("b", 7);
  runs[2].Set("a", 5);
  runs[2].Set("a", 2);  // overwrite
  const auto s = Summarize(runs);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].name, "a");
  EXPECT_DOUBLE_EQ(s[0].estimate.mean, 2);
  EXPECT_EQ(s[1].estimate.n, 1u);
  EXPECT_FALSE(runs[0].Get("b").has_value());
}

}  // namespace
}  // namespace kinlink::sim
