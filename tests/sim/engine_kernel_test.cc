// The kernel: clock, ordering, run control, spawning and joining, failures, teardown, determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/engine/engine.h"

namespace kinlink::sim {
namespace {

using Log = std::vector<std::string>;

std::string At(const std::string& what, Time t) {
  return what + "@" + std::to_string(static_cast<int>(t));
}

Process Ticker(Simulation& sim, Log& log, std::string name, Time dt, int n) {
  for (int i = 0; i < n; ++i) {
    co_await sim.Timeout(dt);
    log.push_back(At(name, sim.Now()));
  }
}

TEST(EngineKernel, TimeoutsAdvanceTheClock) {
  Simulation sim;
  Log log;
  EXPECT_EQ(sim.Now(), 0);
  sim.Spawn(Ticker(sim, log, "a", 2, 3));
  sim.Run();
  EXPECT_EQ(sim.Now(), 6);
  EXPECT_EQ(log, (Log{"a@2", "a@4", "a@6"}));
  EXPECT_EQ(sim.live_processes(), 0u);
  EXPECT_EQ(sim.pending_events(), 0u);
  EXPECT_EQ(sim.events_processed(), 4u);  // start + three timeouts
}

TEST(EngineKernel, SameTimeEventsRunInSchedulingOrder) {
  Simulation sim;
  Log log;
  sim.Spawn(Ticker(sim, log, "a", 1, 2));
  sim.Spawn(Ticker(sim, log, "b", 1, 2));
  sim.Spawn(Ticker(sim, log, "c", 2, 1));
  sim.Run();
  // c scheduled its t=2 timeout at t=0, before a and b scheduled theirs at t=1.
  EXPECT_EQ(log, (Log{"a@1", "b@1", "c@2", "a@2", "b@2"}));
}

Process Recorder(Simulation& sim, Log& log, std::string name) {
  log.push_back(At(name, sim.Now()));
  co_return;
}

TEST(EngineKernel, SpawnQueuesTheStartBehindWhatIsAlreadyQueued) {
  Simulation sim;
  Log log;
  sim.Schedule(0, [&] {
    log.push_back("callback");
    sim.Spawn(Recorder(sim, log, "late"));
  });
  sim.Spawn(Recorder(sim, log, "first"));
  sim.Spawn(Recorder(sim, log, "second"));
  sim.Run();
  EXPECT_EQ(log, (Log{"callback", "first@0", "second@0", "late@0"}));
}

TEST(EngineKernel, ZeroTimeoutYieldsBehindOtherEventsAtNow) {
  Simulation sim;
  Log log;
  auto yielder = [](Simulation& s, Log& l) -> Process {
    l.push_back("y1");
    co_await s.Timeout(0);
    l.push_back("y2");
  };
  sim.Spawn(yielder(sim, log));
  sim.Spawn(Recorder(sim, log, "other"));
  sim.Run();
  EXPECT_EQ(log, (Log{"y1", "other@0", "y2"}));
}

TEST(EngineKernel, HeapEventsAtNowPrecedeLaterZeroDelayEvents) {
  // An event scheduled at t=0 for t=5 must run before one scheduled at t=5 for t=5.
  Simulation sim;
  Log log;
  sim.Schedule(5, [&] {
    log.push_back("first");
    sim.Schedule(0, [&] { log.push_back("third"); });
  });
  sim.Schedule(5, [&] { log.push_back("second"); });
  sim.Run();
  EXPECT_EQ(log, (Log{"first", "second", "third"}));
}

TEST(EngineKernel, ManyEventsComeOutInTimeThenSequenceOrder) {
  Simulation sim;
  std::vector<std::pair<double, int>> seen;
  Rng rng(7);
  for (int i = 0; i < 5000; ++i) {
    const double t = static_cast<double>(rng.Below(50));  // many ties
    sim.ScheduleAt(t, [&seen, t, i] { seen.emplace_back(t, i); });
  }
  sim.Run();
  ASSERT_EQ(seen.size(), 5000u);
  for (std::size_t k = 1; k < seen.size(); ++k) {
    ASSERT_TRUE(seen[k - 1].first < seen[k].first ||
                (seen[k - 1].first == seen[k].first && seen[k - 1].second < seen[k].second))
        << k;
  }
}

TEST(EngineKernel, RunUntilIsInclusiveAndAdvancesTheClock) {
  Simulation sim;
  Log log;
  sim.Spawn(Ticker(sim, log, "a", 5, 4));
  sim.RunUntil(10);
  EXPECT_EQ(log, (Log{"a@5", "a@10"}));
  EXPECT_EQ(sim.Now(), 10);
  sim.RunUntil(12);
  EXPECT_EQ(sim.Now(), 12);
  EXPECT_EQ(sim.PeekTime(), 15);
  sim.Run();
  EXPECT_EQ(log.size(), 4u);
  EXPECT_EQ(sim.Now(), 20);
  EXPECT_EQ(sim.PeekTime(), kInfinity);
}

TEST(EngineKernel, StepAndStop) {
  Simulation sim;
  Log log;
  sim.Spawn(Ticker(sim, log, "a", 1, 10));
  EXPECT_TRUE(sim.Step());  // start
  EXPECT_TRUE(sim.Step());  // t = 1
  EXPECT_EQ(log, (Log{"a@1"}));
  sim.Schedule(2.5, [&] { sim.Stop(); });
  sim.Run();
  EXPECT_EQ(sim.Now(), 3.5);
  EXPECT_EQ(log.size(), 3u);
  sim.Run();  // continues
  EXPECT_EQ(log.size(), 10u);
  EXPECT_FALSE(sim.Step());
}

TEST(EngineKernel, NegativeOrNanDelaysThrow) {
  Simulation sim;
  EXPECT_THROW(sim.Timeout(-1), std::invalid_argument);
  EXPECT_THROW(sim.Timeout(std::nan("")), std::invalid_argument);
  EXPECT_THROW(sim.Schedule(-0.5, [] {}), std::invalid_argument);
  sim.RunUntil(10);
  EXPECT_THROW(sim.WaitUntil(9), std::invalid_argument);
  EXPECT_THROW(sim.ScheduleAt(9, [] {}), std::invalid_argument);
}

Process Child(Simulation& sim, Log& log, Time dt) {
  co_await sim.Timeout(dt);
  log.push_back(At("child", sim.Now()));
}

Process Parent(Simulation& sim, Log& log) {
  ProcessHandle h = sim.Spawn(Child(sim, log, 3));
  WaitResult w = co_await h;
  EXPECT_TRUE(w.ok());
  log.push_back(At("joined", sim.Now()));
  co_await Child(sim, log, 2);  // spawn and wait
  log.push_back(At("awaited", sim.Now()));
  co_await h;  // already done: immediate
  log.push_back(At("again", sim.Now()));
}

TEST(EngineKernel, JoinAndAwaitChildProcesses) {
  Simulation sim;
  Log log;
  ProcessHandle p = sim.Spawn(Parent(sim, log));
  EXPECT_FALSE(p.done());
  sim.Run();
  EXPECT_TRUE(p.done());
  EXPECT_EQ(log, (Log{"child@3", "joined@3", "child@5", "awaited@5", "again@5"}));
}

Process Waiter(Simulation& sim, Event& ev, Log& log, std::string name) {
  WaitResult w = co_await ev;
  EXPECT_TRUE(w.ok());
  log.push_back(At(name, sim.Now()) + "=" + std::to_string(ev.value()));
}

TEST(EngineKernel, EventsWakeAllWaitersInOrder) {
  Simulation sim;
  Event ev(sim);
  Log log;
  sim.Spawn(Waiter(sim, ev, log, "a"));
  sim.Spawn(Waiter(sim, ev, log, "b"));
  sim.Schedule(4, [&] {
    EXPECT_EQ(ev.waiters(), 2u);
    EXPECT_TRUE(ev.Trigger(17));
    EXPECT_FALSE(ev.Trigger(18));  // once
    log.push_back("triggered");
  });
  sim.Schedule(6, [&] { sim.Spawn(Waiter(sim, ev, log, "late")); });
  sim.Run();
  EXPECT_EQ(log, (Log{"triggered", "a@4=17", "b@4=17", "late@6=17"}));
  ev.Reset();
  EXPECT_FALSE(ev.triggered());
}

Process Thrower(Simulation& sim) {
  co_await sim.Timeout(1);
  throw std::runtime_error("boom");
}

TEST(EngineKernel, AnExceptionInAProcessStopsTheRun) {
  Simulation sim;
  Log log;
  ProcessHandle h = sim.Spawn(Thrower(sim));
  sim.Spawn(Ticker(sim, log, "t", 1, 5));
  EXPECT_THROW(sim.Run(), std::runtime_error);
  EXPECT_TRUE(h.done());
  EXPECT_EQ(sim.Now(), 1);
  sim.Run();  // the others carry on
  EXPECT_EQ(log.size(), 5u);
}

struct Counter {
  int* alive;
  explicit Counter(int* a) : alive(a) { ++*alive; }
  ~Counter() { --*alive; }
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;
};

Process Holder(Simulation& sim, Resource& r, int* alive) {
  Counter c(alive);
  Lease lease = co_await r.Request();
  co_await sim.Timeout(1000);
}

TEST(EngineKernel, DestroyingTheSimulationDestroysUnfinishedProcesses) {
  int alive = 0;
  ProcessHandle survivor;
  {
    auto sim = std::make_unique<Simulation>();
    auto res = std::make_unique<Resource>(*sim, 1);
    for (int i = 0; i < 3; ++i) {
      ProcessHandle h = sim->Spawn(Holder(*sim, *res, &alive));
      if (i == 2) survivor = h;  // one queued for the resource
    }
    sim->RunUntil(10);
    EXPECT_EQ(alive, 3);
    EXPECT_EQ(res->in_use(), 1);
    EXPECT_EQ(res->queue_length(), 2u);
    res.reset();  // the resource goes first; leases must not touch it
    sim.reset();
  }
  EXPECT_EQ(alive, 0);
  EXPECT_TRUE(survivor.done());
  survivor.Interrupt(1);  // harmless
}

Process LongNap(Simulation& sim, int* alive) {
  Counter c(alive);
  co_await sim.Timeout(5000);
}

Process WaitsOnACondition(Simulation& sim, Event& ev, int* alive) {
  Counter c(alive);
  ProcessHandle child = sim.Spawn(LongNap(sim, alive));
  co_await AnyOf(ev, child, sim.Timeout(1000));
}

Process GetsForever(Store<std::string>& store, int* alive) {
  Counter c(alive);
  GetResult<std::string> got = co_await store.Get();
}

TEST(EngineKernel, TeardownWithProcessesWaitingOnEventsStoresAndConditions) {
  int alive = 0;
  auto sim = std::make_unique<Simulation>();
  auto ev = std::make_unique<Event>(*sim);
  auto store = std::make_unique<Store<std::string>>(*sim);
  auto waiter = [](Simulation&, Event& e, int* a) -> Process {
    Counter c(a);
    co_await e;
  };
  for (int i = 0; i < 3; ++i) sim->Spawn(waiter(*sim, *ev, &alive));
  sim->Spawn(GetsForever(*store, &alive));
  sim->Spawn(WaitsOnACondition(*sim, *ev, &alive));
  sim->RunUntil(5);
  EXPECT_EQ(alive, 6);
  EXPECT_EQ(ev->waiters(), 4u);
  ev.reset();
  store.reset();
  sim.reset();
  EXPECT_EQ(alive, 0);
}

TEST(EngineKernel, UnspawnedProcessIsDestroyedQuietly) {
  Simulation sim;
  Log log;
  { Process p = Ticker(sim, log, "never", 1, 1); }
  sim.Run();
  EXPECT_TRUE(log.empty());
  EXPECT_THROW(sim.Spawn(Process()), std::invalid_argument);
}

// A model with random arrivals, a shared resource and events; returns its full trace.
std::vector<std::string> TraceOf(std::uint64_t seed) {
  Simulation sim;
  Resource clerks(sim, 2);
  Rng rng = RandomStreams(seed).Stream(0, 0);
  std::vector<std::string> trace;
  sim.SetTraceHook([&](Time t, std::uint64_t seq) {
    trace.push_back(std::to_string(t) + "#" + std::to_string(seq));
  });
  auto customer = [](Simulation& s, Resource& r, Rng& g, std::vector<std::string>& out,
                     int id) -> Process {
    Lease l = co_await r.Request();
    out.push_back("serve " + std::to_string(id) + " at " + std::to_string(s.Now()));
    co_await s.Timeout(g.Exponential(1.5));
  };
  auto source = [&](Simulation& s) -> Process {
    for (int id = 0; id < 300; ++id) {
      co_await s.Timeout(rng.Exponential(1.0));
      s.Spawn(customer(s, clerks, rng, trace, id));
    }
  };
  sim.Spawn(source(sim));
  sim.Run();
  return trace;
}

TEST(EngineKernel, SameSeedGivesAnIdenticalTrace) {
  const auto a = TraceOf(11);
  const auto b = TraceOf(11);
  const auto c = TraceOf(12);
  EXPECT_GT(a.size(), 900u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

}  // namespace
}  // namespace kinlink::sim
