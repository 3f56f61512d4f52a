// Capacity resources: a counted pool of identical units (agents, beds, docket slots) that
// processes request and release. The capacity may change during the run (beds added).
//
//   Resource beds(sim, 500);                          // FIFO queue
//   Resource docket(sim, 80, QueueDiscipline::kPriority);
//
//   Lease bed = co_await beds.Request();             // one unit, waits if none is free
//   if (!bed) { /* interrupted while queued: bed.interruption() */ co_return; }
//   ...                                               // bed.Release() or end of scope frees it
//
//   Lease slot = co_await docket.Request(/*priority=*/-1);   // lower value = served first
//   Lease room = co_await beds.RequestUnits(4);               // a family of four
//
// Queueing: requests are served strictly in queue order (FIFO, or by priority then FIFO for
// kPriority): a request at the head that needs more units than are free blocks those behind it.
// A request is granted at once, without suspending, when enough units are free and nobody is
// queued. A granted unit is held until the Lease is released or destroyed.
//
// Capacity changes: SetCapacity(n) takes effect at once. Raising it grants queued requests (at
// Now()); lowering it below in_use() preempts nobody: no new grant happens until in_use() falls
// below the new capacity.
//
// Interrupts: a process interrupted while queued leaves the queue and gets an empty Lease whose
// interrupted() is true. A request already granted is not undone.
#ifndef KINLINK_SIM_ENGINE_RESOURCE_H_
#define KINLINK_SIM_ENGINE_RESOURCE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/engine/monitor.h"
#include "sim/engine/simulation.h"

namespace kinlink::sim {

enum class QueueDiscipline {
  kFifo,      // first come, first served; priorities ignored
  kPriority,  // lowest priority value first; ties first come, first served
};

class Resource;

// Units held from a Resource. Move-only; releases its units when destroyed. Empty (false) if the
// request was interrupted.
class [[nodiscard]] Lease {
 public:
  Lease() = default;
  Lease(Lease&& other) noexcept
      : resource_(std::exchange(other.resource_, nullptr)),
        units_(std::exchange(other.units_, 0)),
        wait_(other.wait_) {}
  Lease& operator=(Lease&& other) noexcept {
    if (this != &other) {
      Release();
      resource_ = std::exchange(other.resource_, nullptr);
      units_ = std::exchange(other.units_, 0);
      wait_ = other.wait_;
    }
    return *this;
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  // True while units are held.
  explicit operator bool() const { return resource_ != nullptr; }
  bool granted() const { return resource_ != nullptr; }
  bool interrupted() const { return wait_.interrupted(); }
  Interruption interruption() const { return wait_.interruption(); }
  std::int64_t units() const { return units_; }
  Resource* resource() const { return resource_; }

  // Returns the units now (idempotent).
  void Release();

 private:
  friend class Resource;
  Lease(Resource* r, std::int64_t units) : resource_(r), units_(units) {}
  explicit Lease(WaitResult interrupted) : wait_(interrupted) {}

  Resource* resource_ = nullptr;
  std::int64_t units_ = 0;
  WaitResult wait_;
};

class Resource {
 public:
  Resource(Simulation& sim, std::int64_t capacity,
           QueueDiscipline discipline = QueueDiscipline::kFifo);
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  class RequestAwaiter;
  // co_await: one unit. Returns a Lease.
  RequestAwaiter Request(int priority = 0);
  // co_await: `units` units (1 <= units; may exceed the capacity, then it waits for a raise).
  RequestAwaiter RequestUnits(std::int64_t units, int priority = 0);
  // Grants at once if possible (enough free units and nobody queued); otherwise an empty Lease.
  Lease TryRequest(std::int64_t units = 1);

  // Changes the capacity at Now(); see the header comment.
  void SetCapacity(std::int64_t capacity);

  std::int64_t capacity() const { return capacity_; }
  std::int64_t in_use() const { return in_use_; }
  // Free units (0 if in_use() exceeds a lowered capacity).
  std::int64_t available() const { return in_use_ < capacity_ ? capacity_ - in_use_ : 0; }
  std::size_t queue_length() const { return queued_; }
  QueueDiscipline discipline() const { return discipline_; }
  // Requests granted so far.
  std::uint64_t grants() const { return grants_; }
  Simulation& simulation() const { return *sim_; }

  // Optional monitors kept up to date at every change. `in_use` gets the units held, and its
  // threshold follows the capacity, so in_use->TimeAbove(end) is the time with more units held
  // than the capacity (possible only after a capacity cut). `queue` gets the number of queued
  // requests. Pass nullptr to detach.
  void AttachMonitors(LevelMonitor* in_use, LevelMonitor* queue = nullptr);

 private:
  friend class Lease;
  struct Waiter {
    detail::WaitNode link;  // FIFO queue membership
    detail::ProcessState* state;
    std::int64_t units;
    bool granted;
  };
  struct Entry {
    int priority;
    std::uint64_t seq;
    Waiter* waiter;
  };

  void Return(std::int64_t units);
  void Dispatch();
  void Enqueue(Waiter* w, int priority);
  void Cancel(Waiter* w);
  void NoteUse();
  void NoteQueue();
  bool CanGrantNow(std::int64_t units) const {
    return queued_ == 0 && in_use_ + units <= capacity_;
  }
  Waiter* Head() const {
    return discipline_ == QueueDiscipline::kFifo ? reinterpret_cast<Waiter*>(fifo_.front())
                                                 : queue_.front().waiter;
  }
  void PopHead();

  Simulation* sim_;
  std::int64_t capacity_;
  std::int64_t in_use_ = 0;
  QueueDiscipline discipline_;
  std::uint64_t seq_ = 0;
  std::uint64_t grants_ = 0;
  std::size_t queued_ = 0;
  detail::WaitList fifo_;     // kFifo
  std::vector<Entry> queue_;  // kPriority: binary min-heap by (priority, seq)
  LevelMonitor* use_monitor_ = nullptr;
  LevelMonitor* queue_monitor_ = nullptr;
};

class Resource::RequestAwaiter {
 public:
  RequestAwaiter(Resource* r, std::int64_t units, int priority)
      : resource_(r), priority_(priority), waiter_{{}, nullptr, units, false} {}
  RequestAwaiter(const RequestAwaiter&) = delete;
  RequestAwaiter& operator=(const RequestAwaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<detail::ProcessPromise> h) {
    detail::ProcessState* s = h.promise().state;
    waiter_.state = s;
    if (s->TakePendingAsResult()) return false;
    if (resource_->CanGrantNow(waiter_.units)) {
      resource_->in_use_ += waiter_.units;
      ++resource_->grants_;
      waiter_.granted = true;
      if (resource_->use_monitor_ != nullptr) resource_->NoteUse();
      return false;
    }
    resource_->Enqueue(&waiter_, priority_);
    resource_->sim_->BeginWait(s, &kHooks, this);
    return true;
  }
  Lease await_resume() {
    WaitResult w = waiter_.state->TakeResult();
    if (waiter_.granted) return Lease(resource_, waiter_.units);
    return Lease(w);
  }

 private:
  static void CancelHook(void* ctx) {
    auto* a = static_cast<RequestAwaiter*>(ctx);
    a->resource_->Cancel(&a->waiter_);
  }
  static constexpr detail::WaitHooks kHooks{&CancelHook, nullptr};

  Resource* resource_;
  int priority_;
  Waiter waiter_;
};

inline Resource::RequestAwaiter Resource::Request(int priority) {
  return RequestAwaiter(this, 1, priority);
}
inline Resource::RequestAwaiter Resource::RequestUnits(std::int64_t units, int priority) {
  return RequestAwaiter(this, units, priority);
}

inline Lease::~Lease() {
  if (resource_ != nullptr && !detail::InTeardown()) resource_->Return(units_);
}

inline void Resource::Return(std::int64_t units) {
  in_use_ -= units;
  if (use_monitor_ != nullptr) NoteUse();
  if (queued_ != 0) Dispatch();
}

inline void Lease::Release() {
  if (resource_ != nullptr) {
    Resource* r = std::exchange(resource_, nullptr);
    r->Return(std::exchange(units_, 0));
  }
}

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_ENGINE_RESOURCE_H_
