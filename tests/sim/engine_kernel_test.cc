#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/engine/engine.h"

namespace kinlink::sim {
namespace {

Process Ticker(Simulation& sim, std::vector<std::string>& log, std::string name, Time dt, int n) {
  for (int i = 0; i < n; ++i) {
    co_await sim.Timeout(dt);
    log.push_back(name + "@" + std::to_string(static_cast<int>(sim.Now())));
  }
}

TEST(EngineKernel, TimeoutsAdvanceTheClock) {
  Simulation sim;
  std::vector<std::string> log;
  sim.Spawn(Ticker(sim, log, "a", 2, 3));
  sim.Run();
  EXPECT_EQ(sim.Now(), 6);
  EXPECT_EQ(log, (std::vector<std::string>{"a@2", "a@4", "a@6"}));
  EXPECT_EQ(sim.live_processes(), 0u);
}

TEST(EngineKernel, SameTimeEventsRunInSchedulingOrder) {
  Simulation sim;
  std::vector<std::string> log;
  sim.Spawn(Ticker(sim, log, "a", 1, 2));
  sim.Spawn(Ticker(sim, log, "b", 1, 2));
  sim.Spawn(Ticker(sim, log, "c", 2, 1));
  sim.Run();
  // c scheduled its t=2 timeout at t=0, before a and b scheduled theirs at t=1.
  EXPECT_EQ(log, (std::vector<std::string>{"a@1", "b@1", "c@2", "a@2", "b@2"}));
}

}  // namespace
}  // namespace kinlink::sim
