#include "sim/engine/simulation.h"

#include <cmath>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

// The event loop's helpers are inlined into Run / RunUntil / Step.
#if defined(__GNUC__)
#define KINLINK_SIM_HOT inline __attribute__((always_inline))
#else
#define KINLINK_SIM_HOT inline
#endif

namespace kinlink::sim {

namespace detail {

constinit thread_local int tls_teardown_depth = 0;

void FreeState(ProcessState* s) {
  s->~ProcessState();
  PoolFree(s, sizeof(ProcessState));
}

}  // namespace detail

namespace {

using detail::EventBefore;
using detail::kHeapArity;
using detail::ProcessState;
using detail::ProcStatus;
using detail::QueuedEvent;

struct CallbackNode {
  std::function<void()> fn;
};

void CheckDelay(Time delay) {
  if (!(delay >= 0)) Simulation::ThrowBadDelay(delay);  // also catches NaN
}

}  // namespace

Simulation::Simulation() {
  now_queue_.resize(64);
  now_data_ = now_queue_.data();
  now_mask_ = now_queue_.size() - 1;
}

Simulation::~Simulation() {
  // Destroy unfinished processes. Their locals' destructors run with InTeardown() true so RAII
  // helpers (Lease) leave their resources alone.
  ++detail::tls_teardown_depth;
  while (live_head_ != nullptr) {
    ProcessState* s = live_head_;
    live_head_ = s->live_next;
    if (live_head_ != nullptr) live_head_->live_prev = nullptr;
    s->live_next = s->live_prev = nullptr;
    s->status = ProcStatus::kDone;
    s->done_waiters.Clear();
    std::coroutine_handle<> h = std::exchange(s->handle, {});
    if (h) h.destroy();
    detail::Release(s);  // the "not done" reference
  }
  live_count_ = 0;
  DiscardQueue();
  ::operator delete(heap_mem_, std::align_val_t(128));
  --detail::tls_teardown_depth;
}

void Simulation::GrowHeap() {
  const std::size_t cap = heap_cap_ == 0 ? 256 : heap_cap_ * 2;
  // 3 spare entries in front: heap_ = base + 3, so heap_ + 1 = base + 4 entries = base + 128.
  void* mem = ::operator new((cap + 3) * sizeof(QueuedEvent), std::align_val_t(128));
  auto* base = static_cast<QueuedEvent*>(mem);
  QueuedEvent* fresh = base + 3;
  for (std::size_t i = 0; i < heap_size_; ++i) fresh[i] = heap_[i];
  ::operator delete(heap_mem_, std::align_val_t(128));
  heap_mem_ = mem;
  heap_ = fresh;
  heap_cap_ = cap;
}

void Simulation::GrowNowQueue() {
  // Unroll the ring into a buffer twice the size.
  std::vector<QueuedEvent> bigger(now_queue_.size() * 2);
  const std::size_t mask = now_queue_.size() - 1;
  std::size_t k = 0;
  for (std::size_t i = now_head_; i != now_tail_; ++i) bigger[k++] = now_queue_[i & mask];
  now_queue_.swap(bigger);
  now_data_ = now_queue_.data();
  now_mask_ = now_queue_.size() - 1;
  now_head_ = 0;
  now_tail_ = k;
}

void Simulation::DiscardQueue() {
  auto drop = [](const QueuedEvent& e) {
    const auto kind = static_cast<Kind>(e.key & 3U);
    if (kind == kCallback) {
      delete static_cast<CallbackNode*>(e.ptr);
    } else {
      detail::Release(static_cast<ProcessState*>(e.ptr));
    }
  };
  for (std::size_t i = 0; i < heap_size_; ++i) drop(heap_[i]);
  heap_size_ = 0;
  const std::size_t mask = now_queue_.size() - 1;
  for (std::size_t i = now_head_; i != now_tail_; ++i) drop(now_queue_[i & mask]);
  now_head_ = now_tail_ = 0;
}

ProcessHandle Simulation::Spawn(Process process) {
  if (!process.valid()) throw std::invalid_argument("simulation: Spawn of an empty Process");
  auto h = std::exchange(process.handle_, {});
  void* mem = detail::PoolAllocate(sizeof(ProcessState));
  auto* s = new (mem) ProcessState;
  s->handle = h;
  s->sim = this;
  s->refs = 1;  // released when done
  s->status = ProcStatus::kScheduled;
  h.promise().state = s;
  s->live_next = live_head_;
  if (live_head_ != nullptr) live_head_->live_prev = s;
  live_head_ = s;
  ++live_count_;
  detail::AddRef(s);  // the queued start event
  s->wait_id = Push(now_, kWake, s, FrameOf(s));
  return ProcessHandle(s);
}

void Simulation::ThrowBadDelay(Time delay) {
  throw std::invalid_argument("simulation: negative or NaN delay " + std::to_string(delay));
}

void Simulation::Schedule(Time delay, std::function<void()> fn) {
  CheckDelay(delay);
  ScheduleAt(now_ + delay, std::move(fn));
}

void Simulation::ScheduleAt(Time when, std::function<void()> fn) {
  CheckDelay(when - now_);
  auto* node = new CallbackNode{std::move(fn)};
  Push(when, kCallback, node, 0);
}

void Simulation::QueueInterrupt(ProcessState* s, Interruption i) {
  if (s->status == ProcStatus::kDone) return;
  s->PushPending(i);
  detail::AddRef(s);
  Push(now_, kInterrupt, s, 0);
}

void ProcessHandle::Interrupt(int cause, std::int64_t data) const {
  if (state_ == nullptr || state_->status == detail::ProcStatus::kDone) return;
  state_->sim->QueueInterrupt(state_, Interruption{cause, data});
}

void Simulation::OnProcessDone(ProcessState* s) {
  s->status = ProcStatus::kDone;
  s->hooks = nullptr;
  s->ClearPending();
  if (s->live_prev != nullptr) {
    s->live_prev->live_next = s->live_next;
  } else {
    live_head_ = s->live_next;
  }
  if (s->live_next != nullptr) s->live_next->live_prev = s->live_prev;
  s->live_prev = s->live_next = nullptr;
  --live_count_;
  std::coroutine_handle<> h = std::exchange(s->handle, {});
  s->done_waiters.FireAll();
  h.destroy();
  detail::Release(s);
}

KINLINK_SIM_HOT QueuedEvent Simulation::HeapPop() {
  QueuedEvent* h = heap_;
  const QueuedEvent top = h[0];
  const std::size_t n = --heap_size_;
  if (n == 0) return top;
  const QueuedEvent last = h[n];
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = i * kHeapArity + 1;
    std::size_t best;
    if (first + 3 < n) {
      // A full group of four: pick the earliest without branches.
      const QueuedEvent* c = h + first;
      const std::size_t b01 = EventBefore(c[1], c[0]) ? 1 : 0;
      const std::size_t b23 = EventBefore(c[3], c[2]) ? 3 : 2;
      best = first + (EventBefore(c[b23], c[b01]) ? b23 : b01);
    } else if (first < n) {
      best = first;
      for (std::size_t k = first + 1; k < n; ++k) {
        if (EventBefore(h[k], h[best])) best = k;
      }
    } else {
      break;
    }
    if (!EventBefore(h[best], last)) break;
    h[i] = h[best];
    i = best;
  }
  h[i] = last;
  return top;
}

Time Simulation::PeekTime() const {
  if (now_tail_ != now_head_) return now_;
  if (heap_size_ != 0) return heap_[0].time;
  return kInfinity;
}

// Heap entries at Now() were scheduled before the clock reached Now(), so they precede every entry
// of the now-queue (which only holds entries scheduled at Now()).
KINLINK_SIM_HOT bool Simulation::PopNext(QueuedEvent* out) {
  if (heap_size_ != 0 && heap_[0].time == now_) {
    *out = HeapPop();
    return true;
  }
  if (now_tail_ != now_head_) {
    *out = now_data_[now_head_++ & now_mask_];
    if (now_head_ == now_tail_) now_head_ = now_tail_ = 0;
    return true;
  }
  if (heap_size_ == 0) return false;
  *out = HeapPop();
  now_ = out->time;
  // The next entry's process (control block and coroutine frame) is usually far from anything
  // touched now; start loading it while this event runs. (aux may be a stale frame address:
  // prefetching never faults, and it is only dereferenced after validation.)
  if (heap_size_ != 0) {
    __builtin_prefetch(heap_[0].ptr);
    if (heap_[0].aux != 0) __builtin_prefetch(reinterpret_cast<const void*>(heap_[0].aux));
  }
  return true;
}

KINLINK_SIM_HOT void Simulation::Resume(ProcessState* s) {
  s->status = ProcStatus::kRunning;
  s->hooks = nullptr;
  s->hook_ctx = nullptr;
  s->handle.resume();
}

KINLINK_SIM_HOT void Simulation::Dispatch(const QueuedEvent& e) {
  const auto kind = static_cast<Kind>(e.key & 3U);
  if (kind == kCallback) {
    std::unique_ptr<CallbackNode> node(static_cast<CallbackNode*>(e.ptr));
    ++events_processed_;
    if (trace_) trace_(e.time, e.key >> 2);
    node->fn();
    return;
  }
  auto* s = static_cast<ProcessState*>(e.ptr);
  switch (kind) {
    case kWake:
      if (s->status == ProcStatus::kScheduled && s->wait_id == e.key) {
        ++events_processed_;
        if (trace_) trace_(e.time, e.key >> 2);
        Resume(s);
      }
      break;
    case kTimer:
      if (s->status == ProcStatus::kWaiting && s->wait_id == e.key) {
        ++events_processed_;
        if (trace_) trace_(e.time, e.key >> 2);
        if (s->hooks == nullptr || s->hooks->timer == nullptr || s->hooks->timer(s->hook_ctx)) {
          Resume(s);
        }
      }
      break;
    case kInterrupt:
      if (s->status != ProcStatus::kDone) {
        ++events_processed_;
        if (trace_) trace_(e.time, e.key >> 2);
        if (s->status == ProcStatus::kWaiting && s->has_pending()) {
          if (s->hooks != nullptr && s->hooks->cancel != nullptr) s->hooks->cancel(s->hook_ctx);
          s->delivered = s->PopPending();
          s->resumed_by_interrupt = true;
          s->wait_id = 0;  // any timer of the cancelled wait is now stale
          Resume(s);
        }
        // Otherwise the interrupt stays pending until the process's next co_await.
      }
      break;
    case kCallback:
      break;
  }
  detail::Release(s);  // the queued event's reference
}

void Simulation::CheckFailure() {
  if (failure_) {
    std::exception_ptr e = std::exchange(failure_, nullptr);
    std::rethrow_exception(e);
  }
}

bool Simulation::Step() {
  QueuedEvent e;
  if (!PopNext(&e)) return false;
  Dispatch(e);
  CheckFailure();
  return true;
}

void Simulation::Run() {
  stop_ = false;
  QueuedEvent e;
  while (!stop_ && PopNext(&e)) {
    Dispatch(e);
    if (failure_) CheckFailure();
  }
  stop_ = false;
}

void Simulation::RunUntil(Time end) {
  stop_ = false;
  QueuedEvent e;
  while (!stop_ && PeekTime() <= end && PopNext(&e)) {
    Dispatch(e);
    if (failure_) CheckFailure();
  }
  const bool stopped = stop_;
  stop_ = false;
  if (!stopped && end > now_ && end != kInfinity) now_ = end;
}

// ---- Event ----

bool Event::Trigger(std::int64_t value) {
  if (triggered_) return false;
  triggered_ = true;
  value_ = value;
  waiters_.FireAll();
  return true;
}

// ---- Awaiting a Process ----

namespace detail {

bool SpawnJoinAwaiter::await_suspend(std::coroutine_handle<ProcessPromise> h) {
  state_ = h.promise().state;
  if (state_->TakePendingAsResult()) return false;
  handle_ = state_->sim->Spawn(std::move(child_));
  join_.emplace(handle_.state_);
  return join_->await_suspend(h);
}

}  // namespace detail

}  // namespace kinlink::sim
