// Clock: the source of "now", injected wherever kinlink records or compares against the current
// time (ledger recorded_at, alert evaluation, session expiry) so tests are deterministic.
//
//   SystemClock clock;            // production
//   ManualClock test_clock(t0);   // tests: time moves only when told
//   test_clock.Advance(std::chrono::hours(72));
//
// Thread safety: SystemClock is safe from any thread; ManualClock is safe for concurrent Now()
// and Set/Advance (atomic).
#ifndef KINLINK_CORE_CLOCK_H_
#define KINLINK_CORE_CLOCK_H_

#include <atomic>
#include <chrono>

#include "core/civil_time.h"

namespace kinlink {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : seconds_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(std::chrono::seconds(seconds_.load())); }
  void Set(Timestamp time) { seconds_ = time.time_since_epoch().count(); }
  void Advance(std::chrono::seconds by) { seconds_ += by.count(); }

 private:
  std::atomic<long long> seconds_;
};

}  // namespace kinlink

#endif  // KINLINK_CORE_CLOCK_H_
