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
  // Newest slots first. The table is re-read on every step, and scanned again if a destructor
  // spawned a process meanwhile.
  while (live_count_ > 0) {
    for (std::size_t i = live_slots_.size(); i-- > 0;) {
      if (i >= live_slots_.size() || (live_slots_[i] & 1U) != 0) continue;
      auto* s = reinterpret_cast<ProcessState*>(live_slots_[i]);
      live_slots_[i] = (free_live_slot_ << 1) | 1U;
      free_live_slot_ = i;
      --live_count_;
      s->status = ProcStatus::kDone;
      s->done_waiters.Clear();
      std::coroutine_handle<> h = std::exchange(s->handle, {});
      if (h) h.destroy();
      detail::Release(s);  // the "not done" reference
    }
  }
  live_slots_.clear();
  free_live_slot_ = kNoFreeSlot;
  live_count_ = 0;
  DiscardQueue();
  --detail::tls_teardown_depth;
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
  queue_.Drain(drop);
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
  if (free_live_slot_ == kNoFreeSlot) {
    s->live_slot = static_cast<std::uint32_t>(live_slots_.size());
    live_slots_.push_back(reinterpret_cast<std::uintptr_t>(s));
  } else {
    s->live_slot = static_cast<std::uint32_t>(free_live_slot_);
    free_live_slot_ = live_slots_[free_live_slot_] >> 1;
    live_slots_[s->live_slot] = reinterpret_cast<std::uintptr_t>(s);
  }
  ++live_count_;
  detail::AddRef(s);  // the queued start event
  const std::uint64_t key = (seq_++ << 2) | kWake;
  s->wait_id = key;
  NowPush(QueuedEvent{now_, key, s, FrameOf(s)});
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
  live_slots_[s->live_slot] = (free_live_slot_ << 1) | 1U;
  free_live_slot_ = s->live_slot;
  --live_count_;
  std::coroutine_handle<> h = std::exchange(s->handle, {});
  s->done_waiters.FireAll();
  h.destroy();
  detail::Release(s);
}

Time Simulation::PeekTime() const {
  if (now_tail_ != now_head_) return now_;
  return queue_.PeekTime();
}

KINLINK_SIM_HOT Time Simulation::NextTime() {
  if (now_tail_ != now_head_) return now_;
  return queue_.PrepareNear() ? queue_.NearTop().time : kInfinity;
}

// Heap entries at Now() were scheduled before the clock reached Now(), so they precede every entry
// of the now-queue (which only holds entries scheduled at Now()).
KINLINK_SIM_HOT bool Simulation::PopNext(QueuedEvent* out) {
  if (queue_.PrepareNear() && queue_.NearTop().time == now_) {
    *out = queue_.PopNear();
    return true;
  }
  if (now_tail_ != now_head_) {
    *out = now_data_[now_head_++ & now_mask_];
    if (now_head_ == now_tail_) now_head_ = now_tail_ = 0;
    return true;
  }
  if (!queue_.PrepareNear()) return false;
  *out = queue_.PopNear();
  now_ = out->time;
  // The next entry's process (control block and coroutine frame) is usually far from anything
  // touched now; start loading it while this event runs. (aux may be a stale frame address:
  // prefetching never faults, and it is only dereferenced after validation.)
  if (!queue_.near_empty()) {
    const QueuedEvent& next = queue_.NearTop();
    __builtin_prefetch(next.ptr);
    if (next.aux != 0) __builtin_prefetch(reinterpret_cast<const void*>(next.aux));
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
  while (!stop_ && NextTime() <= end && PopNext(&e)) {
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
