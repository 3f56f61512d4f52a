// Resources (FIFO, priority, multi-unit, changing capacity) and stores.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/engine/engine.h"

namespace kinlink::sim {
namespace {

using Log = std::vector<std::string>;

std::string At(const std::string& what, Time t) {
  return what + "@" + std::to_string(static_cast<int>(t));
}

Process User(Simulation& sim, Resource& r, Log& log, std::string name, int priority, Time hold,
             std::int64_t units = 1) {
  Lease l = co_await r.RequestUnits(units, priority);
  log.push_back(At(name, sim.Now()));
  co_await sim.Timeout(hold);
}

TEST(EngineResource, FifoServesInArrivalOrder) {
  Simulation sim;
  Resource r(sim, 1);
  Log log;
  for (const char* n : {"a", "b", "c", "d"}) sim.Spawn(User(sim, r, log, n, 0, 2));
  sim.Run();
  EXPECT_EQ(log, (Log{"a@0", "b@2", "c@4", "d@6"}));
  EXPECT_EQ(r.grants(), 4u);
}

TEST(EngineResource, PriorityServesLowestValueFirstThenFifo) {
  Simulation sim;
  Resource r(sim, 1, QueueDiscipline::kPriority);
  Log log;
  sim.Spawn(User(sim, r, log, "first", 5, 1));  // takes the free unit at once
  sim.Spawn(User(sim, r, log, "low1", 3, 1));
  sim.Spawn(User(sim, r, log, "high1", -1, 1));
  sim.Spawn(User(sim, r, log, "low2", 3, 1));
  sim.Spawn(User(sim, r, log, "high2", -1, 1));
  sim.Spawn(User(sim, r, log, "mid", 0, 1));
  sim.Run();
  EXPECT_EQ(log, (Log{"first@0", "high1@1", "high2@2", "mid@3", "low1@4", "low2@5"}));
}

TEST(EngineResource, FifoIgnoresPriorities) {
  Simulation sim;
  Resource r(sim, 1);
  Log log;
  sim.Spawn(User(sim, r, log, "a", 9, 1));
  sim.Spawn(User(sim, r, log, "b", 9, 1));
  sim.Spawn(User(sim, r, log, "c", -9, 1));
  sim.Run();
  EXPECT_EQ(log, (Log{"a@0", "b@1", "c@2"}));
}

TEST(EngineResource, MultiUnitHeadOfLineBlocks) {
  Simulation sim;
  Resource r(sim, 4);
  Log log;
  sim.Spawn(User(sim, r, log, "three", 0, 5, 3));
  sim.Spawn(User(sim, r, log, "family", 0, 5, 4));  // must wait for all four
  sim.Spawn(User(sim, r, log, "one", 0, 5, 1));     // one unit is free, but it queues behind
  sim.Run();
  EXPECT_EQ(log, (Log{"three@0", "family@5", "one@10"}));
}

TEST(EngineResource, CapacityChangesOverTime) {
  Simulation sim;
  Resource beds(sim, 1);
  LevelMonitor use;
  beds.AttachMonitors(&use);
  Log log;
  for (const char* n : {"a", "b", "c", "d"}) sim.Spawn(User(sim, beds, log, n, 0, 10));
  sim.Schedule(2, [&] { beds.SetCapacity(3); });  // two more beds: b and c get them now
  sim.Schedule(3, [&] { beds.SetCapacity(1); });  // cut: nobody is evicted
  sim.Run();
  // d waits until in_use falls below the new capacity of 1: a leaves at 10, b and c at 12.
  EXPECT_EQ(log, (Log{"a@0", "b@2", "c@2", "d@12"}));
  EXPECT_EQ(use.Max(), 3);
  // Over capacity (in use 3 > 1) from 3 to 10, 2 > 1 from 10 to 12.
  EXPECT_DOUBLE_EQ(use.TimeAbove(22), 9);
}

TEST(EngineResource, TryRequestAndLeaseSemantics) {
  Simulation sim;
  Resource r(sim, 2);
  Lease a = r.TryRequest();
  ASSERT_TRUE(a);
  Lease b = r.TryRequest(2);
  EXPECT_FALSE(b);
  EXPECT_FALSE(b.interrupted());
  Lease c = std::move(a);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(r.in_use(), 1);
  c.Release();
  c.Release();
  EXPECT_EQ(r.in_use(), 0);
  {
    Lease d = r.TryRequest(2);
    EXPECT_EQ(d.units(), 2);
    EXPECT_EQ(r.available(), 0);
  }
  EXPECT_EQ(r.available(), 2);
  EXPECT_THROW(Resource(sim, -1), std::invalid_argument);
}

TEST(EngineResource, CapacityIsNeverExceededUnderLoad) {
  Simulation sim;
  Resource r(sim, 3, QueueDiscipline::kPriority);
  Rng rng(5);
  std::int64_t worst = 0;
  int served = 0;
  auto user = [&](Simulation& s, int prio, std::int64_t units) -> Process {
    Lease l = co_await r.RequestUnits(units, prio);
    worst = std::max(worst, r.in_use());
    EXPECT_LE(r.in_use(), r.capacity());
    ++served;
    co_await s.Timeout(rng.Exponential(1.0));
  };
  auto source = [&](Simulation& s) -> Process {
    for (int i = 0; i < 3000; ++i) {
      co_await s.Timeout(rng.Exponential(0.4));
      s.Spawn(user(s, static_cast<int>(rng.Below(3)), 1 + static_cast<std::int64_t>(rng.Below(2))));
    }
  };
  sim.Spawn(source(sim));
  sim.Run();
  EXPECT_EQ(served, 3000);
  EXPECT_EQ(worst, 3);
  EXPECT_EQ(r.in_use(), 0);
  EXPECT_EQ(r.queue_length(), 0u);
}

TEST(EngineResource, QueueMonitorTracksWaiting) {
  Simulation sim;
  Resource r(sim, 1);
  LevelMonitor use, queue;
  r.AttachMonitors(&use, &queue);
  Log log;
  for (const char* n : {"a", "b", "c"}) sim.Spawn(User(sim, r, log, n, 0, 4));
  sim.Run();
  // Queue: 2 during [0,4), 1 during [4,8), 0 after. Mean over [0,12] = (8 + 4) / 12 = 1.
  EXPECT_DOUBLE_EQ(queue.Mean(12), 1.0);
  EXPECT_DOUBLE_EQ(use.Mean(12), 1.0);
  EXPECT_EQ(queue.Max(), 2);
}

// ---- Stores ----

Process Consumer(Simulation& sim, Store<int>& store, Log& log, std::string name) {
  for (;;) {
    GetResult<int> got = co_await store.Get();
    if (!got) {
      log.push_back(At(name + " interrupted", sim.Now()));
      co_return;
    }
    log.push_back(At(name + " got " + std::to_string(*got), sim.Now()));
    co_await sim.Timeout(1);
  }
}

TEST(EngineStore, PutAndGetInOrder) {
  Simulation sim;
  Store<int> store(sim);
  Log log;
  ProcessHandle c = sim.Spawn(Consumer(sim, store, log, "c"));
  auto producer = [](Simulation& s, Store<int>& st) -> Process {
    for (int i = 1; i <= 3; ++i) {
      WaitResult w = co_await st.Put(i);
      EXPECT_TRUE(w.ok());
    }
    co_await s.Timeout(10);
    co_await st.Put(4);
  };
  sim.Spawn(producer(sim, store));
  sim.Schedule(20, [&] { c.Interrupt(); });
  sim.Run();
  EXPECT_EQ(log, (Log{"c got 1@0", "c got 2@1", "c got 3@2", "c got 4@10", "c interrupted@20"}));
  EXPECT_TRUE(store.empty());
}

TEST(EngineStore, BoundedStoreBlocksPutters) {
  Simulation sim;
  Store<int> store(sim, 2);
  Log log;
  auto producer = [](Simulation& s, Store<int>& st, Log& out) -> Process {
    for (int i = 1; i <= 4; ++i) {
      co_await st.Put(i);
      out.push_back(At("put " + std::to_string(i), s.Now()));
    }
  };
  sim.Spawn(producer(sim, store, log));
  sim.Schedule(5, [&] {
    EXPECT_EQ(store.size(), 2u);
    EXPECT_EQ(store.waiting_putters(), 1u);
    EXPECT_EQ(store.TryGet().value(), 1);
  });
  sim.Schedule(6, [&] { EXPECT_EQ(store.TryGet().value(), 2); });
  sim.Run();
  EXPECT_EQ(log, (Log{"put 1@0", "put 2@0", "put 3@5", "put 4@6"}));
  EXPECT_EQ(store.size(), 2u);
  EXPECT_FALSE(store.TryPut(9));
}

TEST(EngineStore, FilteredGetTakesTheOldestMatchAndDoesNotBlockOthers) {
  Simulation sim;
  Store<int> store(sim);
  Log log;
  auto picky = [](Simulation& s, Store<int>& st, Log& out, int want) -> Process {
    GetResult<int> got = co_await st.Get([want](const int& x) { return x == want; });
    out.push_back(At("picky got " + std::to_string(*got), s.Now()));
  };
  sim.Spawn(picky(sim, store, log, 7));
  sim.Spawn(Consumer(sim, store, log, "any"));
  sim.Schedule(1, [&] { store.TryPut(3); });  // picky rejects it; "any" takes it
  sim.Schedule(2, [&] {
    store.TryPut(5);
    store.TryPut(7);
  });
  sim.Run();
  EXPECT_EQ(log, (Log{"any got 3@1", "any got 5@2", "picky got 7@2"}));
}

TEST(EngineStore, FilteredGetFromStoredItems) {
  Simulation sim;
  Store<std::string> store(sim);
  for (const char* s : {"adult:1", "child:2", "child:3"}) store.TryPut(s);
  std::string got;
  auto getter = [&](Simulation&) -> Process {
    auto r = co_await store.Get([](const std::string& x) { return x.rfind("child", 0) == 0; });
    got = *r;
  };
  sim.Spawn(getter(sim));
  sim.Run();
  EXPECT_EQ(got, "child:2");
  ASSERT_EQ(store.size(), 2u);
  EXPECT_EQ(store.items().front(), "adult:1");
}

TEST(EngineStore, InterruptedPutterLeavesAndItsItemIsNotStored) {
  Simulation sim;
  Store<int> store(sim, 1);
  store.TryPut(1);
  bool interrupted = false;
  auto putter = [&](Simulation&) -> Process {
    WaitResult w = co_await store.Put(2);
    interrupted = w.interrupted();
  };
  ProcessHandle h = sim.Spawn(putter(sim));
  sim.Schedule(1, [&] { h.Interrupt(); });
  sim.Schedule(2, [&] { store.TryGet(); });
  sim.Run();
  EXPECT_TRUE(interrupted);
  EXPECT_TRUE(store.empty());
}

}  // namespace
}  // namespace kinlink::sim
