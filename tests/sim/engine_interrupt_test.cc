// Interrupts (values, not exceptions) and any-of / all-of conditions.
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

Process Sleeper(Simulation& sim, Log& log, Time dt) {
  WaitResult w = co_await sim.Timeout(dt);
  if (w.interrupted()) {
    log.push_back(At("interrupted", sim.Now()) +
                  " cause=" + std::to_string(w.interruption().cause) +
                  " data=" + std::to_string(w.interruption().data));
    WaitResult again = co_await sim.Timeout(1);  // the old timeout must not wake this one early
    log.push_back(At(again.ok() ? "slept" : "again", sim.Now()));
  } else {
    log.push_back(At("woke", sim.Now()));
  }
}

TEST(EngineInterrupt, InterruptCutsATimeoutShort) {
  Simulation sim;
  Log log;
  ProcessHandle h = sim.Spawn(Sleeper(sim, log, 10));
  sim.Schedule(3, [h] { h.Interrupt(5, 42); });
  sim.Run();
  EXPECT_EQ(log, (Log{"interrupted@3 cause=5 data=42", "slept@4"}));
  EXPECT_EQ(sim.Now(), 10);  // the stale timeout entry is still reached, but not dispatched
  EXPECT_EQ(sim.events_processed(), 4u);  // start, interrupt, 1-unit timeout, callback
}

TEST(EngineInterrupt, InterruptingAFinishedProcessDoesNothing) {
  Simulation sim;
  Log log;
  ProcessHandle h = sim.Spawn(Sleeper(sim, log, 1));
  sim.Run();
  h.Interrupt(1);
  sim.Run();
  EXPECT_EQ(log, (Log{"woke@1"}));
}

Process QueuedCustomer(Simulation& sim, Resource& r, Log& log, std::string name) {
  Lease l = co_await r.Request();
  if (!l) {
    log.push_back(At(name + " left the queue", sim.Now()));
    co_return;
  }
  log.push_back(At(name + " served", sim.Now()));
  co_await sim.Timeout(5);
}

TEST(EngineInterrupt, InterruptedRequestLeavesTheQueue) {
  Simulation sim;
  Resource r(sim, 1);
  Log log;
  sim.Spawn(QueuedCustomer(sim, r, log, "a"));
  ProcessHandle b = sim.Spawn(QueuedCustomer(sim, r, log, "b"));
  sim.Spawn(QueuedCustomer(sim, r, log, "c"));
  sim.Schedule(2, [&] {
    EXPECT_EQ(r.queue_length(), 2u);
    b.Interrupt();
  });
  sim.Run();
  EXPECT_EQ(log, (Log{"a served@0", "b left the queue@2", "c served@5"}));
  EXPECT_EQ(r.in_use(), 0);
  EXPECT_EQ(r.grants(), 2u);
}

TEST(EngineInterrupt, GrantMadeBeforeTheInterruptIsKept) {
  // At t=5 the callback queues the interrupt (at Now()); then the holder's timeout (an entry for
  // t=5 scheduled earlier) runs, and its release grants the unit to b and queues b's wake-up
  // behind the interrupt. When the interrupt is dispatched b is already woken, so it keeps the
  // unit and the interrupt is delivered at b's next wait.
  Simulation sim;
  Resource r(sim, 1);
  Log log;
  auto holder = [](Simulation& s, Resource& res) -> Process {
    Lease l = co_await res.Request();
    co_await s.Timeout(5);
  };
  auto waiter = [](Simulation& s, Resource& res, Log& out) -> Process {
    Lease l = co_await res.Request();
    out.push_back(At(l ? "granted" : "not granted", s.Now()));
    WaitResult w = co_await s.Timeout(100);
    out.push_back(At(w.interrupted() ? "interrupted" : "slept", s.Now()));
  };
  sim.Spawn(holder(sim, r));
  ProcessHandle b = sim.Spawn(waiter(sim, r, log));
  sim.Schedule(5, [&] { b.Interrupt(); });
  sim.RunUntil(4);
  EXPECT_EQ(r.queue_length(), 1u);
  sim.Run();
  EXPECT_EQ(log, (Log{"granted@5", "interrupted@5"}));
  EXPECT_EQ(r.in_use(), 0);
}

TEST(EngineInterrupt, PendingInterruptIsDeliveredAtTheNextWait) {
  Simulation sim;
  Resource r(sim, 1);
  Log log;
  auto holder = [](Simulation& s, Resource& res) -> Process {
    Lease l = co_await res.Request();
    co_await s.Timeout(5);
  };
  auto waiter = [](Simulation& s, Resource& res, Log& out) -> Process {
    Lease l = co_await res.Request();
    out.push_back(At(l ? "granted" : "not granted", s.Now()));
    WaitResult w = co_await s.Timeout(100);
    out.push_back(At(w.interrupted() ? "interrupted" : "slept", s.Now()));
  };
  ProcessHandle holder_handle = sim.Spawn(holder(sim, r));
  ProcessHandle b = sim.Spawn(waiter(sim, r, log));
  // Interrupt b from inside the holder's release instant, after the grant was made.
  auto interrupter = [](Simulation&, ProcessHandle h, ProcessHandle target) -> Process {
    co_await h;  // the holder is done: b has been granted the unit and woken
    target.Interrupt(9);
    co_return;
  };
  sim.Spawn(interrupter(sim, holder_handle, b));
  sim.Run();
  EXPECT_EQ(log, (Log{"granted@5", "interrupted@5"}));
  EXPECT_EQ(r.in_use(), 0);
}

TEST(EngineInterrupt, InterruptsBeforeTheFirstStepAreQueued) {
  Simulation sim;
  Log log;
  ProcessHandle h = sim.Spawn(Sleeper(sim, log, 10));
  h.Interrupt(1);
  h.Interrupt(2);
  sim.Run();
  // The first interrupt is taken by the first wait, the second by the next one.
  EXPECT_EQ(log, (Log{"interrupted@0 cause=1 data=0", "again@0"}));
}

Process EventWaiter(Simulation& sim, Event& ev, Log& log) {
  WaitResult w = co_await ev;
  log.push_back(At(w.interrupted() ? "interrupted" : "triggered", sim.Now()));
}

TEST(EngineInterrupt, InterruptedEventWaitIsUnlinked) {
  Simulation sim;
  Event ev(sim);
  Log log;
  ProcessHandle h = sim.Spawn(EventWaiter(sim, ev, log));
  sim.Spawn(EventWaiter(sim, ev, log));
  sim.Schedule(1, [&] { h.Interrupt(); });
  sim.Schedule(2, [&] {
    EXPECT_EQ(ev.waiters(), 1u);
    ev.Trigger();
  });
  sim.Run();
  EXPECT_EQ(log, (Log{"interrupted@1", "triggered@2"}));
}

// ---- Conditions ----

TEST(EngineCondition, AnyOfEventOrTimeout) {
  Simulation sim;
  Event order(sim);
  std::vector<int> which;
  std::vector<Time> when;
  auto waiter = [&](Simulation& s, Time patience) -> Process {
    ConditionResult r = co_await AnyOf(order, s.Timeout(patience));
    which.push_back(r.index());
    when.push_back(s.Now());
    EXPECT_TRUE(r.fired(r.index()));
    EXPECT_FALSE(r.fired(1 - r.index()));
  };
  sim.Spawn(waiter(sim, 3));
  sim.Spawn(waiter(sim, 10));
  sim.Schedule(5, [&] { order.Trigger(); });
  sim.Run();
  EXPECT_EQ(which, (std::vector<int>{1, 0}));
  EXPECT_EQ(when, (std::vector<Time>{3, 5}));
  EXPECT_EQ(order.waiters(), 0u);
}

TEST(EngineCondition, AnyOfAlreadyTriggeredReturnsTheLowestIndexAtOnce) {
  Simulation sim;
  Event a(sim), b(sim), c(sim);
  b.Trigger();
  c.Trigger();
  int index = -2;
  auto waiter = [&](Simulation& s) -> Process {
    ConditionResult r = co_await AnyOf(a, b, c, s.Timeout(1));
    index = r.index();
    EXPECT_EQ(s.Now(), 0);
    EXPECT_TRUE(r.fired(2));
  };
  sim.Spawn(waiter(sim));
  sim.Run();
  EXPECT_EQ(index, 1);
  EXPECT_EQ(a.waiters(), 0u);
}

Process Nap(Simulation& sim, Time dt) { co_await sim.Timeout(dt); }

TEST(EngineCondition, AnyOfProcessesAndEarliestTimeout) {
  Simulation sim;
  Log log;
  int index = -2;
  auto waiter = [&](Simulation& s) -> Process {
    ProcessHandle slow = s.Spawn(Nap(s, 8));
    ProcessHandle fast = s.Spawn(Nap(s, 2));
    ConditionResult r = co_await AnyOf(slow, s.Timeout(7), fast, s.Timeout(4));
    index = r.index();
    log.push_back(At("any", s.Now()));
    r = co_await AnyOf(s.Timeout(9), s.Timeout(1), s.Timeout(1));
    EXPECT_EQ(r.index(), 1);  // the first of the earliest
    log.push_back(At("timer", s.Now()));
  };
  sim.Spawn(waiter(sim));
  sim.Run();
  EXPECT_EQ(index, 2);
  EXPECT_EQ(log, (Log{"any@2", "timer@3"}));
}

TEST(EngineCondition, AllOfWaitsForEveryOperand) {
  Simulation sim;
  Event a(sim), b(sim);
  Time done_at = -1;
  int last = -2;
  auto waiter = [&](Simulation& s) -> Process {
    ConditionResult r = co_await AllOf(a, b, s.Timeout(3));
    done_at = s.Now();
    last = r.index();
    EXPECT_TRUE(r.fired(0) && r.fired(1) && r.fired(2));
  };
  sim.Spawn(waiter(sim));
  sim.Schedule(1, [&] { b.Trigger(); });
  sim.Schedule(6, [&] { a.Trigger(); });
  sim.Run();
  EXPECT_EQ(done_at, 6);
  EXPECT_EQ(last, 0);
}

TEST(EngineCondition, AllOfEndsOnItsLatestTimer) {
  Simulation sim;
  Event a(sim);
  Time done_at = -1;
  auto waiter = [&](Simulation& s) -> Process {
    ConditionResult r = co_await AllOf(s.Timeout(2), a, s.Timeout(5));
    done_at = s.Now();
    EXPECT_EQ(r.index(), 2);  // the latest timer completed last
    EXPECT_TRUE(r.fired(0) && r.fired(1) && r.fired(2));
  };
  sim.Spawn(waiter(sim));
  sim.Schedule(1, [&] { a.Trigger(); });
  sim.Run();
  EXPECT_EQ(done_at, 5);
}

TEST(EngineCondition, AllOfReportsTheLatestTimerEvenIfListedFirst) {
  Simulation sim;
  int index = -2;
  auto waiter = [&](Simulation& s) -> Process {
    ConditionResult r = co_await AllOf(s.Timeout(5), s.Timeout(2));
    index = r.index();
  };
  sim.Spawn(waiter(sim));
  sim.Run();
  EXPECT_EQ(index, 0);
  EXPECT_EQ(sim.Now(), 5);
}

TEST(EngineCondition, InterruptCancelsTheWholeCondition) {
  Simulation sim;
  Event a(sim), b(sim);
  Log log;
  auto waiter = [&](Simulation& s) -> Process {
    ConditionResult r = co_await AnyOf(a, b, s.Timeout(50));
    log.push_back(At(r.interrupted() ? "interrupted" : "fired", s.Now()));
    EXPECT_EQ(r.index(), -1);
    EXPECT_EQ(r.interruption().cause, 3);
    WaitResult w = co_await s.Timeout(100);  // the condition's timer must be stale now
    log.push_back(At(w.ok() ? "slept" : "?", s.Now()));
  };
  ProcessHandle h = sim.Spawn(waiter(sim));
  sim.Schedule(4, [&] { h.Interrupt(3); });
  sim.Schedule(5, [&] {
    EXPECT_EQ(a.waiters(), 0u);
    EXPECT_EQ(b.waiters(), 0u);
    a.Trigger();
  });
  sim.Run();
  EXPECT_EQ(log, (Log{"interrupted@4", "slept@104"}));
}

TEST(EngineCondition, SameEventTwiceAndTriggersAfterCompletion) {
  Simulation sim;
  Event a(sim), b(sim);
  int index = -2;
  auto waiter = [&](Simulation& s) -> Process {
    ConditionResult r = co_await AnyOf(a, a, b);
    index = r.index();
    co_await s.Timeout(1);
  };
  sim.Spawn(waiter(sim));
  sim.Schedule(1, [&] {
    a.Trigger();
    b.Trigger();  // after completion: no effect on the finished condition
  });
  sim.Run();
  EXPECT_EQ(index, 0);
}

}  // namespace
}  // namespace kinlink::sim
