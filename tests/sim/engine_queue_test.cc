// The kernel's event queue: with the calendar tier on (a small threshold here, so the tests reach
// it), entries still pop in exact (time, key) order, against a reference ordered set, through
// bucket loads, rebuilds, ties, infinite times and the switch back to a plain heap.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/engine/engine.h"
#include "sim/engine/event_queue.h"
#include "sim/engine/random.h"

namespace kinlink::sim {
namespace {

using detail::EventQueue;
using detail::QueuedEvent;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Drives an EventQueue and a std::set side by side, the way the kernel does: pushes are never
// earlier than the last popped time.
class QueueChecker {
 public:
  explicit QueueChecker(std::size_t calendar_above) : queue_(calendar_above) {}

  void Push(double time) {
    const std::uint64_t key = next_key_++;
    queue_.Push(QueuedEvent{time, key, nullptr, 0});
    reference_.insert({time, key});
  }

  // Pops one entry from both; false when both are empty.
  bool PopAndCompare() {
    EXPECT_EQ(queue_.size(), reference_.size());
    EXPECT_EQ(queue_.PeekTime(), reference_.empty() ? kInf : reference_.begin()->first);
    if (!queue_.PrepareNear()) {
      EXPECT_TRUE(reference_.empty());
      return false;
    }
    const QueuedEvent e = queue_.PopNear();
    EXPECT_FALSE(reference_.empty());
    if (reference_.empty()) return false;
    const auto expected = *reference_.begin();
    reference_.erase(reference_.begin());
    EXPECT_EQ(e.time, expected.first);
    EXPECT_EQ(e.key, expected.second);
    last_ = e.time;
    ++popped_;
    return e.time == expected.first && e.key == expected.second;
  }

  EventQueue& queue() { return queue_; }
  double last() const { return last_; }
  std::size_t popped() const { return popped_; }

 private:
  EventQueue queue_;
  std::set<std::pair<double, std::uint64_t>> reference_;
  std::uint64_t next_key_ = 0;
  double last_ = 0;
  std::size_t popped_ = 0;
};

TEST(EngineQueue, SmallQueuesStayAPlainHeap) {
  QueueChecker q(64);
  for (int i = 0; i < 40; ++i) q.Push(40 - i);
  EXPECT_FALSE(q.queue().calendar_active());
  while (q.PopAndCompare()) {
  }
  EXPECT_EQ(q.popped(), 40u);
}

TEST(EngineQueue, CalendarKeepsExactOrderUnderRandomTraffic) {
  QueueChecker q(32);
  Rng rng(7);
  bool saw_calendar = false;
  for (int step = 0; step < 200000; ++step) {
    const double u = rng.Uniform01();
    if (u < 0.52) {
      // Mostly near pushes, some far ones, some exact ties with the current time or a grid.
      double t = q.last();
      const double v = rng.Uniform01();
      if (v < 0.1) {
        t += 0;  // same time as the last pop
      } else if (v < 0.3) {
        t = std::floor(t) + 1 + static_cast<double>(rng.Below(5));  // ties on a grid
      } else if (v < 0.9) {
        t += rng.Exponential(2.0);
      } else if (v < 0.999) {
        t += rng.Uniform(0, 500);
      } else {
        t = kInf;
      }
      q.Push(t);
    } else if (!q.PopAndCompare()) {
      if (q.queue().empty()) continue;
      FAIL() << "order broken at step " << step;
    }
    saw_calendar = saw_calendar || q.queue().calendar_active();
  }
  EXPECT_TRUE(saw_calendar);
  while (q.PopAndCompare()) {
  }
  EXPECT_FALSE(q.queue().calendar_active());  // drained: back to a plain heap
}

TEST(EngineQueue, ManyEntriesAtOneTimeAndAtInfinity) {
  QueueChecker q(16);
  for (int i = 0; i < 300; ++i) q.Push(5.0);
  for (int i = 0; i < 50; ++i) q.Push(kInf);
  EXPECT_TRUE(q.queue().calendar_active());
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(q.PopAndCompare());
  for (int i = 0; i < 100; ++i) q.Push(5.0);  // ties with the entries already in the heap
  for (int i = 0; i < 100; ++i) q.Push(7.0);
  while (q.PopAndCompare()) {
  }
  EXPECT_EQ(q.popped(), 550u);
}

TEST(EngineQueue, OnlyInfiniteEntries) {
  QueueChecker q(8);
  for (int i = 0; i < 100; ++i) q.Push(kInf);
  while (q.PopAndCompare()) {
  }
  EXPECT_EQ(q.popped(), 100u);
}

TEST(EngineQueue, DrainVisitsEveryEntry) {
  EventQueue queue(8);
  for (int i = 0; i < 500; ++i) queue.Push(QueuedEvent{static_cast<double>(i % 37), 0, nullptr, 0});
  ASSERT_TRUE(queue.PrepareNear());
  queue.PopNear();
  std::size_t seen = 0;
  queue.Drain([&](const QueuedEvent&) { ++seen; });
  EXPECT_EQ(seen, 499u);
  EXPECT_TRUE(queue.empty());
  EXPECT_FALSE(queue.PrepareNear());
}

// Through the kernel: a model with thousands of long timers (enough to start the calendar) runs
// its events in (time, scheduling order), same-time events included.
Process LongWaiter(Simulation& sim, std::vector<std::pair<double, int>>& log, int id, double first,
                   double second) {
  co_await sim.Timeout(first);
  log.push_back({sim.Now(), id});
  co_await sim.Timeout(second);
  log.push_back({sim.Now(), id});
}

TEST(EngineQueue, KernelOrderWithManyPendingTimers) {
  Simulation sim;
  std::vector<std::pair<double, int>> log;
  Rng rng(11);
  constexpr int kProcesses = 20000;
  std::vector<std::pair<double, double>> waits;
  for (int i = 0; i < kProcesses; ++i) {
    // Integer delays, so many events share a time.
    const double first = static_cast<double>(rng.Below(400));
    const double second = static_cast<double>(rng.Below(30));
    waits.push_back({first, second});
    sim.Spawn(LongWaiter(sim, log, i, first, second));
  }
  EXPECT_EQ(sim.pending_events(), static_cast<std::size_t>(kProcesses));
  sim.Run();
  ASSERT_EQ(log.size(), 2u * kProcesses);
  // Times never decrease. At one time, first wake-ups (all scheduled at time 0, in process
  // order) come before second ones; second ones were scheduled when the first ended, so they run
  // by (first delay, process).
  for (std::size_t i = 1; i < log.size(); ++i) ASSERT_LE(log[i - 1].first, log[i].first);
  std::vector<std::vector<std::tuple<int, double, int>>> at_time(500);  // in run order
  std::vector<int> phase(kProcesses, 0);
  for (const auto& [t, id] : log) {
    const int p = phase[id]++;
    at_time[static_cast<int>(t)].push_back({p, p == 0 ? 0.0 : waits[id].first, id});
  }
  for (const auto& group : at_time) {
    for (std::size_t i = 1; i < group.size(); ++i) ASSERT_LT(group[i - 1], group[i]);
  }
  for (int i = 0; i < kProcesses; ++i) ASSERT_EQ(phase[i], 2);
  EXPECT_EQ(sim.Now(), log.back().first);
}

}  // namespace
}  // namespace kinlink::sim
