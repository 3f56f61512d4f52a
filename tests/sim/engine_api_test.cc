// The examples of docs/simulation-engine.md, compiled and run.
#include <gtest/gtest.h>

#include "sim/engine/engine.h"

namespace kinlink::sim {
namespace {

constexpr int kCourtOrder = 7;

Process ChildInOrr(Simulation& sim, Resource& orr_beds, Event& court_order, Rng& rng,
                   Tally& days_separated, int& by_order) {
  const Time separated_at = sim.Now();
  Lease bed = co_await orr_beds.Request();
  if (!bed) co_return;
  ConditionResult r = co_await AnyOf(court_order, sim.Timeout(rng.Exponential(24 * 60)));
  if (r.index() == 0) ++by_order;
  days_separated.Add(sim.Now(), (sim.Now() - separated_at) / 24);
}

Process Arrivals(Simulation& sim, Resource& beds, Event& order, Rng& rng, Tally& t, int& n) {
  for (;;) {
    co_await sim.Timeout(rng.Exponential(2.0));
    sim.Spawn(ChildInOrr(sim, beds, order, rng, t, n));
  }
}

TEST(EngineApi, DocExampleRuns) {
  Simulation sim;
  Resource beds(sim, 500);
  Event court_order(sim);
  Rng rng = RandomStreams(42).Stream(0, 0);
  Tally days;
  int by_order = 0;
  sim.Spawn(Arrivals(sim, beds, court_order, rng, days, by_order));
  sim.Schedule(24 * 52, [&] { court_order.Trigger(); });
  sim.RunUntil(24 * 365);
  EXPECT_EQ(sim.Now(), 24 * 365);
  EXPECT_GT(days.count(), 100u);
  EXPECT_GT(by_order, 0);
  EXPECT_LE(beds.in_use(), 500);
}

Process Separation(Simulation& sim, Tally& durations, int& by_order) {
  const Time start = sim.Now();
  WaitResult w = co_await sim.Timeout(24 * 90);
  if (w.interrupted() && w.interruption().cause == kCourtOrder) ++by_order;
  durations.Add(sim.Now() - start);
}

TEST(EngineApi, InterruptExample) {
  Simulation sim;
  Tally durations;
  int by_order = 0;
  ProcessHandle h = sim.Spawn(Separation(sim, durations, by_order));
  sim.Schedule(24 * 52, [h] { h.Interrupt(kCourtOrder); });
  sim.Run();
  EXPECT_EQ(by_order, 1);
  EXPECT_EQ(durations.Max(), 24 * 52);
  EXPECT_TRUE(h.done());
}

TEST(EngineApi, ReplicationExample) {
  ReplicationOptions opts;
  opts.replications = 8;
  opts.threads = 2;
  opts.seed = 42;
  std::vector<Metrics> runs = RunReplications(opts, [](const ReplicationContext& ctx) {
    Rng rng = ctx.Stream(0);
    Metrics m;
    m.Set("u", rng.Uniform01());
    return m;
  });
  auto s = Summarize(runs);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].estimate.n, 8u);
  EXPECT_GT(s[0].estimate.half_width, 0);
}

}  // namespace
}  // namespace kinlink::sim
