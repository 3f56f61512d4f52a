// The discrete-event kernel: simulated time, the event queue, processes written as C++20
// coroutines, plain events, interrupts and any-of / all-of conditions.
//
//   Process Customer(Simulation& sim, Resource& clerk, Tally& waits) {
//     const Time arrived = sim.Now();
//     Lease lease = co_await clerk.Request();        // queue for the clerk
//     waits.Add(sim.Now() - arrived);
//     co_await sim.Timeout(5.0);                      // being served
//   }                                                 // lease released here (RAII)
//
//   Simulation sim;
//   Resource clerk(sim, 1);
//   Tally waits;
//   sim.Spawn(Customer(sim, clerk, waits));
//   sim.Run();
//
// Time is a double in model units (the border pipeline uses hours). Events are ordered by
// (time, sequence number): two events at the same time run in the order they were scheduled, so a
// run is a pure function of its inputs and random streams. See docs/simulation-engine.md.
//
// Semantics a model may rely on:
// - Spawn() does not run the new process; its first step is an event scheduled at Now().
// - Anything that wakes a process (an Event triggered, a resource unit released to it, a store item
//   handed to it, a process it joined finishing) schedules the wake-up at Now(), behind the events
//   already scheduled for Now(). The code that caused the wake-up keeps running until its next
//   co_await. Expired timeouts resume their process directly from the queue.
// - Interrupts are values, not exceptions. Every engine awaitable returns something that says
//   whether the wait ended normally or by an interrupt (WaitResult, Lease, GetResult,
//   ConditionResult). When a process is interrupted while suspended, what it waited for is
//   cancelled (its resource request leaves the queue, its timeout is discarded) and it resumes at
//   the interrupt's time. If it is not suspended at a cancellable point when the interrupt is
//   delivered (it was already woken, or has not started), the interrupt stays pending and the next
//   engine co_await returns it at once without waiting. Interrupting a finished process does
//   nothing.
// - An exception escaping a process stops the run: Run()/RunUntil()/Step() rethrow it.
// - Destroying the Simulation destroys every unfinished process (their locals' destructors run;
//   Leases do not touch their Resource during that teardown, so Resources, Events and Stores may be
//   destroyed before or after the Simulation). A ProcessHandle may outlive the Simulation; it then
//   reports done().
//
// Thread safety: a Simulation and everything attached to it belong to one thread at a time.
// Independent Simulations on different threads are fine (that is how replications run).
#ifndef KINLINK_SIM_ENGINE_SIMULATION_H_
#define KINLINK_SIM_ENGINE_SIMULATION_H_

#include <array>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/engine/event_queue.h"
#include "sim/engine/pool.h"

namespace kinlink::sim {

// Simulated time in model units.
using Time = double;
inline constexpr Time kInfinity = std::numeric_limits<double>::infinity();

class Simulation;
class Process;
class ProcessHandle;
class Event;
class TimeoutAwaiter;

// What an interrupt carries to the interrupted process. `cause` is a model-defined code (e.g. an
// enum value for "court order"), `data` any model-defined payload (an index, an id).
struct Interruption {
  int cause = 0;
  std::int64_t data = 0;
  friend bool operator==(const Interruption&, const Interruption&) = default;
};

// How a wait ended: normally, or by an interrupt. 16 bytes, returned in registers.
class WaitResult {
 public:
  WaitResult() = default;
  explicit WaitResult(Interruption interruption)
      : data_(interruption.data), cause_(interruption.cause), interrupted_(true) {}

  bool ok() const { return !interrupted_; }
  bool interrupted() const { return interrupted_; }
  // Meaningful when interrupted().
  Interruption interruption() const { return Interruption{cause_, data_}; }

 private:
  std::int64_t data_ = 0;
  int cause_ = 0;
  bool interrupted_ = false;
};

namespace detail {

struct ProcessState;

// A link in an intrusive waiter list (Event waiters, process-completion waiters). `fire` is called
// when the awaited thing happens, after the node has been unlinked.
struct WaitNode {
  WaitNode* prev = nullptr;
  WaitNode* next = nullptr;
  bool linked = false;
  void (*fire)(WaitNode*) = nullptr;
};

class WaitList {
 public:
  bool empty() const { return head_ == nullptr; }
  WaitNode* front() const { return head_; }
  void PushBack(WaitNode* n) {
    n->prev = tail_;
    n->next = nullptr;
    if (tail_ != nullptr) {
      tail_->next = n;
    } else {
      head_ = n;
    }
    tail_ = n;
    n->linked = true;
  }
  void Remove(WaitNode* n) {
    if (!n->linked) return;
    if (n->prev != nullptr) {
      n->prev->next = n->next;
    } else {
      head_ = n->next;
    }
    if (n->next != nullptr) {
      n->next->prev = n->prev;
    } else {
      tail_ = n->prev;
    }
    n->prev = n->next = nullptr;
    n->linked = false;
  }
  WaitNode* PopFront() {
    WaitNode* n = head_;
    if (n != nullptr) Remove(n);
    return n;
  }
  // Unlinks and fires every node, in order. Nodes added while firing are fired too.
  void FireAll() {
    while (WaitNode* n = PopFront()) n->fire(n);
  }
  std::size_t size() const {
    std::size_t k = 0;
    for (WaitNode* n = head_; n != nullptr; n = n->next) ++k;
    return k;
  }
  // Forgets every node without touching them (teardown).
  void Clear() { head_ = tail_ = nullptr; }

 private:
  WaitNode* head_ = nullptr;
  WaitNode* tail_ = nullptr;
};

// Hooks of the awaiter a process is suspended in, so an interrupt can cancel the wait and a
// condition's timer can reach it.
struct WaitHooks {
  void (*cancel)(void* ctx) = nullptr;  // unlink from queues; may be null
  bool (*timer)(void* ctx) = nullptr;   // a timer of this wait expired; true = resume now
};

enum class ProcStatus : std::uint8_t {
  kScheduled,  // a wake-up (or the start) is in the event queue
  kRunning,    // executing now
  kWaiting,    // suspended in an awaiter
  kDone,       // returned, threw, or destroyed at teardown
};

// The control block of a spawned process. Lives in the pool until the process is done and no
// ProcessHandle or queued event refers to it.
struct ProcessState {
  std::coroutine_handle<> handle;
  Simulation* sim = nullptr;
  // The key of the queue entry allowed to resume the current wait (its timer, or its wake-up once
  // woken); 0 when none. Entries whose key differs are stale and skipped.
  std::uint64_t wait_id = 0;
  std::uint32_t refs = 0;  // handles + queued events + 1 while not done
  ProcStatus status = ProcStatus::kScheduled;
  bool resumed_by_interrupt = false;
  const WaitHooks* hooks = nullptr;
  void* hook_ctx = nullptr;
  Interruption delivered;  // valid when resumed_by_interrupt
  // Interrupts not yet delivered (rare: allocated on first use).
  std::unique_ptr<std::vector<Interruption>> pending;
  WaitList done_waiters;
  // This process's entry in the Simulation's table of unfinished processes (teardown finds them
  // there). A table slot rather than a linked list, so finishing a process touches no other
  // process's control block.
  std::uint32_t live_slot = 0;

  bool has_pending() const { return pending != nullptr && !pending->empty(); }
  Interruption PopPending() {
    Interruption i = pending->front();
    pending->erase(pending->begin());
    return i;
  }
  void PushPending(Interruption i) {
    if (pending == nullptr) pending = std::make_unique<std::vector<Interruption>>();
    pending->push_back(i);
  }
  void ClearPending() { pending.reset(); }
  // Reads (and clears) how the last wait ended.
  WaitResult TakeResult() {
    if (!resumed_by_interrupt) return WaitResult();
    resumed_by_interrupt = false;
    return WaitResult(delivered);
  }
  // If an interrupt is pending, consumes it as the result of the wait about to start and returns
  // true (the awaiter then does not suspend).
  bool TakePendingAsResult() {
    if (pending == nullptr || pending->empty()) return false;
    delivered = PopPending();
    resumed_by_interrupt = true;
    return true;
  }
};

void FreeState(ProcessState* s);
inline void AddRef(ProcessState* s) { ++s->refs; }
inline void Release(ProcessState* s) {
  if (--s->refs == 0) FreeState(s);
}

// True while a Simulation destructor is destroying unfinished processes on this thread. Leases
// and other RAII helpers do nothing then (their Resource may already be gone).
extern constinit thread_local int tls_teardown_depth;
inline bool InTeardown() { return tls_teardown_depth > 0; }

struct ProcessPromise;
class SpawnJoinAwaiter;

}  // namespace detail

// The return type of a process coroutine: `Process Name(args...) { ... co_await ...; }`. A Process
// does nothing until given to Simulation::Spawn (or awaited inside another process, which spawns
// it and waits for it). Arguments are copied into the coroutine frame as usual for coroutines:
// pass long-lived things (the Simulation, resources) by reference, values by value.
class [[nodiscard]] Process {
 public:
  using promise_type = detail::ProcessPromise;

  Process() = default;
  Process(Process&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Process& operator=(Process&& other) noexcept {
    if (this != &other) {
      Reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() { Reset(); }

  bool valid() const { return static_cast<bool>(handle_); }

  // Spawns the process into the awaiting process's Simulation and waits until it finishes.
  // Returns how the wait ended (the awaiting process can be interrupted while it waits; the child
  // then keeps running).
  auto operator co_await() &&;

 private:
  friend class Simulation;
  friend struct detail::ProcessPromise;
  explicit Process(std::coroutine_handle<detail::ProcessPromise> h) : handle_(h) {}
  void Reset();

  std::coroutine_handle<detail::ProcessPromise> handle_;
};

// A shared reference to a spawned process: join it (co_await), interrupt it, ask if it is done.
// Copyable; cheap (a pointer and a reference count, not thread-safe).
class ProcessHandle {
 public:
  ProcessHandle() = default;
  ProcessHandle(const ProcessHandle& other) : state_(other.state_) {
    if (state_ != nullptr) detail::AddRef(state_);
  }
  ProcessHandle(ProcessHandle&& other) noexcept : state_(std::exchange(other.state_, nullptr)) {}
  ProcessHandle& operator=(ProcessHandle other) noexcept {
    std::swap(state_, other.state_);
    return *this;
  }
  ~ProcessHandle() {
    if (state_ != nullptr) detail::Release(state_);
  }

  bool valid() const { return state_ != nullptr; }
  // True once the process has returned (or thrown, or been destroyed with its Simulation).
  bool done() const { return state_ == nullptr || state_->status == detail::ProcStatus::kDone; }

  // Delivers `Interruption{cause, data}` to the process at the current time (through the event
  // queue, behind the events already scheduled for Now()). See the header comment for what the
  // process sees. Does nothing if the process is done.
  void Interrupt(int cause = 0, std::int64_t data = 0) const;

  // co_await handle: waits until the process is done (at once if it already is).
  class JoinAwaiter;
  JoinAwaiter operator co_await() const;

  friend bool operator==(const ProcessHandle& a, const ProcessHandle& b) {
    return a.state_ == b.state_;
  }

 private:
  friend class Simulation;
  template <bool kAll, class... Ops>
  friend class ConditionAwaiter;
  friend class detail::SpawnJoinAwaiter;
  explicit ProcessHandle(detail::ProcessState* s) : state_(s) { detail::AddRef(s); }
  detail::ProcessState* state_ = nullptr;
};

// The kernel. Owns the event queue and the simulated clock.
class Simulation {
 public:
  Simulation();
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // The current simulated time. Starts at 0.
  Time Now() const { return now_; }

  // Starts `process` at Now() (its first step is queued, not run here). The Simulation owns the
  // coroutine from here on. The returned handle may be ignored.
  ProcessHandle Spawn(Process process);

  // co_await sim.Timeout(dt): resumes the awaiting process dt later (dt >= 0; throws
  // std::invalid_argument on a negative or NaN delay). Returns WaitResult (interrupted() if an
  // interrupt cut it short). Also usable as an operand of AnyOf / AllOf.
  TimeoutAwaiter Timeout(Time delay);
  // Like Timeout, with an absolute time (>= Now()).
  TimeoutAwaiter WaitUntil(Time when);

  // Calls `fn` at Now() + delay (after the events already scheduled for that time). For
  // model-level triggers that need no process of their own (a policy switch, a capacity change).
  void Schedule(Time delay, std::function<void()> fn);
  void ScheduleAt(Time when, std::function<void()> fn);

  // Runs until the event queue is empty or Stop() is called.
  void Run();
  // Runs every event with time <= end (or until Stop()), then advances Now() to `end` if the queue
  // ran dry or the next event is later.
  void RunUntil(Time end);
  // Runs one event; false if the queue was empty.
  bool Step();
  // Makes Run()/RunUntil() return after the current event. The queue is kept; Run() continues.
  void Stop() { stop_ = true; }

  // Time of the next event, or kInfinity.
  Time PeekTime() const;
  // Events dispatched so far: process starts and wake-ups, expired timeouts, interrupt deliveries,
  // Schedule() callbacks. Queue entries found stale (a timeout whose process was interrupted) are
  // not counted.
  std::uint64_t events_processed() const { return events_processed_; }
  // Entries in the queue (including stale ones not yet reached).
  std::size_t pending_events() const { return queue_.size() + (now_tail_ - now_head_); }
  // Processes spawned and not yet done.
  std::size_t live_processes() const { return live_count_; }

  // Optional: called before every dispatched event with (time, sequence number). For tests and
  // debugging; costs one branch per event when unset.
  void SetTraceHook(std::function<void(Time, std::uint64_t)> hook) { trace_ = std::move(hook); }

  // ---- Internal API used by the awaitables (not for models). ----
  std::uint64_t NextWaitId() { return ++wait_counter_; }
  // Marks `s` scheduled and queues its wake-up at Now().
  void Wake(detail::ProcessState* s);
  // Queues a timer for the current wait of `s` at `when`.
  void ScheduleTimer(detail::ProcessState* s, Time when);
  // Suspends bookkeeping: `s` now waits in an awaiter with `hooks`/`ctx`.
  void BeginWait(detail::ProcessState* s, const detail::WaitHooks* hooks, void* ctx) {
    s->status = detail::ProcStatus::kWaiting;
    s->wait_id = 0;
    s->hooks = hooks;
    s->hook_ctx = ctx;
  }
  void QueueInterrupt(detail::ProcessState* s, Interruption i);
  void OnProcessDone(detail::ProcessState* s);
  [[noreturn]] static void ThrowBadDelay(Time delay);
  void OnProcessException(std::exception_ptr e) {
    if (!failure_) failure_ = std::move(e);
  }

 private:
  enum Kind : std::uint64_t { kWake = 0, kTimer = 1, kInterrupt = 2, kCallback = 3 };

  // Queues an entry and returns its key.
  std::uint64_t Push(Time when, Kind kind, void* ptr, std::uint64_t aux);
  // The frame address of a process, carried by its entries so it can be prefetched.
  static std::uint64_t FrameOf(const detail::ProcessState* s) {
    return reinterpret_cast<std::uintptr_t>(s->handle.address());
  }
  void NowPush(const detail::QueuedEvent& e);
  void GrowNowQueue();
  bool PopNext(detail::QueuedEvent* out);
  // Time of the next event (reorganising the queue as needed), or kInfinity.
  Time NextTime();
  void Dispatch(const detail::QueuedEvent& e);
  void Resume(detail::ProcessState* s);
  void CheckFailure();
  void DiscardQueue();

  Time now_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t wait_counter_ = 0;
  std::uint64_t events_processed_ = 0;
  bool stop_ = false;
  detail::EventQueue queue_;                    // events after Now()
  std::vector<detail::QueuedEvent> now_queue_;  // ring buffer of events at Now()
  detail::QueuedEvent* now_data_ = nullptr;     // now_queue_.data()
  std::size_t now_mask_ = 0;                    // now_queue_.size() - 1
  std::size_t now_head_ = 0;                    // monotonically increasing; index & mask
  std::size_t now_tail_ = 0;
  // Unfinished processes. A free slot holds (next free slot << 1) | 1, so the table doubles as
  // its own free list; kNoFreeSlot ends it.
  static constexpr std::uintptr_t kNoFreeSlot = ~std::uintptr_t{0} >> 1;
  std::vector<std::uintptr_t> live_slots_;
  std::uintptr_t free_live_slot_ = kNoFreeSlot;
  std::size_t live_count_ = 0;
  std::exception_ptr failure_;
  std::function<void(Time, std::uint64_t)> trace_;
};

// ---- Awaitables ----

class TimeoutAwaiter {
 public:
  TimeoutAwaiter(Simulation* sim, Time when) : sim_(sim), when_(when) {}
  Time when() const { return when_; }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<detail::ProcessPromise> h);
  WaitResult await_resume() { return state_->TakeResult(); }

 private:
  Simulation* sim_;
  Time when_;
  detail::ProcessState* state_ = nullptr;
};

// A one-shot signal processes wait on and others trigger (e.g. "the court order is issued").
// co_await event returns at once if it has already been triggered.
class Event {
 public:
  explicit Event(Simulation& sim) : sim_(&sim) {}
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  // Triggers the event at Now(): every waiter is woken (in the order they started waiting) and
  // later waits return at once. Returns false (and does nothing) if already triggered.
  bool Trigger(std::int64_t value = 0);
  // Makes the event untriggered again (for recurring signals). Waiters already woken stay woken.
  void Reset() { triggered_ = false; }

  bool triggered() const { return triggered_; }
  // The value given to Trigger.
  std::int64_t value() const { return value_; }
  std::size_t waiters() const { return waiters_.size(); }
  Simulation& simulation() const { return *sim_; }

  class Awaiter;
  Awaiter operator co_await();

 private:
  template <bool kAll, class... Ops>
  friend class ConditionAwaiter;
  Simulation* sim_;
  detail::WaitList waiters_;
  std::int64_t value_ = 0;
  bool triggered_ = false;
};

// ---- Any-of / all-of conditions ----

// How a condition wait ended.
class ConditionResult {
 public:
  ConditionResult() = default;
  ConditionResult(int index, std::uint64_t fired, WaitResult wait)
      : index_(index), fired_(fired), wait_(wait) {}

  bool ok() const { return wait_.ok(); }
  bool interrupted() const { return wait_.interrupted(); }
  Interruption interruption() const { return wait_.interruption(); }
  // AnyOf: the operand that completed first (the lowest index if several were already complete
  // when the wait began). AllOf: the operand that completed last. -1 when interrupted.
  int index() const { return index_; }
  // Whether operand i had completed when the process resumed (operands below 64).
  bool fired(int i) const { return i >= 0 && i < 64 && ((fired_ >> i) & 1U) != 0; }

 private:
  int index_ = -1;
  std::uint64_t fired_ = 0;
  WaitResult wait_;
};

namespace detail {

// Operand adapters. An operand is an Event&, a ProcessHandle or a TimeoutAwaiter.
struct EventOperand {
  Event* event;
};
struct ProcessOperand {
  ProcessHandle handle;
};
struct TimerOperand {
  Time when;
};
inline EventOperand MakeOperand(Event& e) { return {&e}; }
inline ProcessOperand MakeOperand(const ProcessHandle& h) { return {h}; }
inline TimerOperand MakeOperand(const TimeoutAwaiter& t) { return {t.when()}; }

}  // namespace detail

// Awaiter behind AnyOf / AllOf. kAll = false: resumes when any operand completes; true: when all
// have. Returns ConditionResult. Interrupts cancel the whole condition.
template <bool kAll, class... Ops>
class ConditionAwaiter {
 public:
  static constexpr int kCount = sizeof...(Ops);
  static_assert(kCount >= 1 && kCount <= 64, "a condition takes 1 to 64 operands");

  explicit ConditionAwaiter(Ops... ops) : ops_(std::move(ops)...) {}
  ConditionAwaiter(const ConditionAwaiter&) = delete;
  ConditionAwaiter& operator=(const ConditionAwaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<detail::ProcessPromise> h);
  ConditionResult await_resume() {
    WaitResult w = state_->TakeResult();
    if (w.interrupted()) return ConditionResult(-1, fired_, w);
    return ConditionResult(index_, fired_, w);
  }

 private:
  struct Node {
    detail::WaitNode link;
    ConditionAwaiter* owner = nullptr;
    int index = 0;
  };

  static void FireNode(detail::WaitNode* n);
  static void Cancel(void* ctx);
  static bool Timer(void* ctx);
  void Complete(int i);
  bool Done() const { return kAll ? remaining_ == 0 : index_ >= 0; }
  void UnlinkAll();
  // Returns true if operand i is complete now; otherwise links its node / notes its timer.
  template <std::size_t I>
  bool Arm();

  static constexpr detail::WaitHooks kHooks{&Cancel, &Timer};

  std::tuple<Ops...> ops_;
  std::array<Node, kCount> nodes_{};
  Simulation* sim_ = nullptr;
  detail::ProcessState* state_ = nullptr;
  int index_ = -1;
  int remaining_ = kCount;
  std::uint64_t fired_ = 0;
  Time timer_when_ = kInfinity;   // AnyOf: earliest timer; AllOf: latest
  std::uint64_t timer_mask_ = 0;  // operands that are timers
  std::array<Time, kCount> timer_whens_{};
};

// co_await AnyOf(event, handle, sim.Timeout(24)): waits until one of them completes.
template <class... W>
auto AnyOf(W&&... operands) {
  return ConditionAwaiter<false, decltype(detail::MakeOperand(operands))...>(
      detail::MakeOperand(operands)...);
}
// co_await AllOf(a, b, c): waits until all of them have completed.
template <class... W>
auto AllOf(W&&... operands) {
  return ConditionAwaiter<true, decltype(detail::MakeOperand(operands))...>(
      detail::MakeOperand(operands)...);
}

// ---- Implementation details ----

namespace detail {

struct ProcessPromise {
  ProcessState* state = nullptr;

  Process get_return_object() {
    return Process(std::coroutine_handle<ProcessPromise>::from_promise(*this));
  }
  std::suspend_always initial_suspend() noexcept { return {}; }
  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<ProcessPromise> h) noexcept {
      ProcessState* s = h.promise().state;
      s->sim->OnProcessDone(s);  // destroys the frame
    }
    void await_resume() const noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void return_void() noexcept {}
  void unhandled_exception() { state->sim->OnProcessException(std::current_exception()); }

  static void* operator new(std::size_t size) { return PoolAllocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { PoolFree(p, size); }
};

}  // namespace detail

inline void Process::Reset() {
  if (handle_) {
    handle_.destroy();
    handle_ = {};
  }
}

inline bool TimeoutAwaiter::await_suspend(std::coroutine_handle<detail::ProcessPromise> h) {
  state_ = h.promise().state;
  if (state_->TakePendingAsResult()) return false;
  sim_->BeginWait(state_, nullptr, nullptr);
  sim_->ScheduleTimer(state_, when_);
  return true;
}

class Event::Awaiter {
 public:
  explicit Awaiter(Event* e) : event_(e) {}
  Awaiter(const Awaiter&) = delete;
  Awaiter& operator=(const Awaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<detail::ProcessPromise> h) {
    state_ = h.promise().state;
    if (state_->TakePendingAsResult()) return false;
    if (event_->triggered_) return false;
    node_.self = this;
    node_.link.fire = &Fire;
    event_->waiters_.PushBack(&node_.link);
    event_->sim_->BeginWait(state_, &kHooks, this);
    return true;
  }
  WaitResult await_resume() { return state_->TakeResult(); }

 private:
  struct Node {
    detail::WaitNode link;  // first member: WaitNode* <-> Node*
    Awaiter* self = nullptr;
  };
  static void Fire(detail::WaitNode* n) {
    Awaiter* a = reinterpret_cast<Node*>(n)->self;
    a->event_->sim_->Wake(a->state_);
  }
  static void Cancel(void* ctx) {
    auto* a = static_cast<Awaiter*>(ctx);
    a->event_->waiters_.Remove(&a->node_.link);
  }
  static constexpr detail::WaitHooks kHooks{&Cancel, nullptr};

  Event* event_;
  detail::ProcessState* state_ = nullptr;
  Node node_;
};

inline Event::Awaiter Event::operator co_await() { return Awaiter(this); }

class ProcessHandle::JoinAwaiter {
 public:
  explicit JoinAwaiter(detail::ProcessState* target) : target_(target) {}
  JoinAwaiter(const JoinAwaiter&) = delete;
  JoinAwaiter& operator=(const JoinAwaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<detail::ProcessPromise> h) {
    state_ = h.promise().state;
    if (state_->TakePendingAsResult()) return false;
    if (target_ == nullptr || target_->status == detail::ProcStatus::kDone) return false;
    node_.self = this;
    node_.link.fire = &Fire;
    target_->done_waiters.PushBack(&node_.link);
    state_->sim->BeginWait(state_, &kHooks, this);
    return true;
  }
  WaitResult await_resume() { return state_->TakeResult(); }

 private:
  struct Node {
    detail::WaitNode link;
    JoinAwaiter* self = nullptr;
  };
  static void Fire(detail::WaitNode* n) {
    JoinAwaiter* a = reinterpret_cast<Node*>(n)->self;
    a->state_->sim->Wake(a->state_);
  }
  static void Cancel(void* ctx) {
    auto* a = static_cast<JoinAwaiter*>(ctx);
    a->target_->done_waiters.Remove(&a->node_.link);
  }
  static constexpr detail::WaitHooks kHooks{&Cancel, nullptr};

  detail::ProcessState* target_;  // kept alive by the handle the awaiter was made from
  detail::ProcessState* state_ = nullptr;
  Node node_;
};

inline ProcessHandle::JoinAwaiter ProcessHandle::operator co_await() const {
  return JoinAwaiter(state_);
}

// Awaiting a Process spawns it into the awaiting process's Simulation and joins it.
namespace detail {
class SpawnJoinAwaiter {
 public:
  explicit SpawnJoinAwaiter(Process p) : child_(std::move(p)) {}
  SpawnJoinAwaiter(const SpawnJoinAwaiter&) = delete;
  SpawnJoinAwaiter& operator=(const SpawnJoinAwaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<ProcessPromise> h);
  WaitResult await_resume() { return join_ ? join_->await_resume() : state_->TakeResult(); }

 private:
  Process child_;
  ProcessHandle handle_;
  std::optional<ProcessHandle::JoinAwaiter> join_;
  ProcessState* state_ = nullptr;
};
}  // namespace detail

inline auto Process::operator co_await() && { return detail::SpawnJoinAwaiter(std::move(*this)); }

// ---- ConditionAwaiter ----

template <bool kAll, class... Ops>
void ConditionAwaiter<kAll, Ops...>::FireNode(detail::WaitNode* n) {
  Node* node = reinterpret_cast<Node*>(n);
  ConditionAwaiter* self = node->owner;
  const bool was_done = self->Done();
  self->Complete(node->index);
  if (!was_done && self->Done()) {
    self->UnlinkAll();
    self->sim_->Wake(self->state_);
  }
}

template <bool kAll, class... Ops>
void ConditionAwaiter<kAll, Ops...>::Cancel(void* ctx) {
  static_cast<ConditionAwaiter*>(ctx)->UnlinkAll();
}

template <bool kAll, class... Ops>
bool ConditionAwaiter<kAll, Ops...>::Timer(void* ctx) {
  auto* self = static_cast<ConditionAwaiter*>(ctx);
  if (!kAll) {
    // AnyOf: the mask holds the earliest timers; report the first of them.
    for (int i = 0; i < kCount; ++i) {
      if (((self->timer_mask_ >> i) & 1U) != 0) {
        self->Complete(i);
        break;
      }
    }
  } else {
    // AllOf: the latest timer expired, so every timer operand is complete; the latest (first of
    // them if tied) completes last.
    int latest = -1;
    for (int i = 0; i < kCount; ++i) {
      if (((self->timer_mask_ >> i) & 1U) == 0) continue;
      if (latest < 0 && self->timer_whens_[i] == self->timer_when_) {
        latest = i;
        continue;
      }
      self->Complete(i);
    }
    if (latest >= 0) self->Complete(latest);
  }
  if (self->Done()) {
    self->UnlinkAll();
    return true;
  }
  return false;
}

template <bool kAll, class... Ops>
void ConditionAwaiter<kAll, Ops...>::Complete(int i) {
  const std::uint64_t bit = std::uint64_t{1} << i;
  if ((fired_ & bit) != 0) return;
  fired_ |= bit;
  --remaining_;
  if (kAll) {
    if (remaining_ == 0) index_ = i;
  } else if (index_ < 0) {
    index_ = i;
  }
}

template <bool kAll, class... Ops>
void ConditionAwaiter<kAll, Ops...>::UnlinkAll() {
  [this]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [this] {
          using Op = std::tuple_element_t<I, std::tuple<Ops...>>;
          Node& node = nodes_[I];
          if (!node.link.linked) return;
          if constexpr (std::is_same_v<Op, detail::EventOperand>) {
            std::get<I>(ops_).event->waiters_.Remove(&node.link);
          } else if constexpr (std::is_same_v<Op, detail::ProcessOperand>) {
            std::get<I>(ops_).handle.state_->done_waiters.Remove(&node.link);
          }
        }(),
        ...);
  }
  (std::index_sequence_for<Ops...>{});
}

template <bool kAll, class... Ops>
template <std::size_t I>
bool ConditionAwaiter<kAll, Ops...>::Arm() {
  using Op = std::tuple_element_t<I, std::tuple<Ops...>>;
  Op& op = std::get<I>(ops_);
  Node& node = nodes_[I];
  node.owner = this;
  node.index = static_cast<int>(I);
  node.link.fire = &FireNode;
  if constexpr (std::is_same_v<Op, detail::EventOperand>) {
    if (op.event->triggered_) return true;
    op.event->waiters_.PushBack(&node.link);
    return false;
  } else if constexpr (std::is_same_v<Op, detail::ProcessOperand>) {
    detail::ProcessState* t = op.handle.state_;
    if (t == nullptr || t->status == detail::ProcStatus::kDone) return true;
    t->done_waiters.PushBack(&node.link);
    return false;
  } else {
    static_assert(std::is_same_v<Op, detail::TimerOperand>, "unsupported condition operand");
    timer_mask_ |= std::uint64_t{1} << I;
    timer_whens_[I] = op.when;
    if (kAll ? (timer_when_ == kInfinity || op.when > timer_when_) : op.when < timer_when_) {
      timer_when_ = op.when;
    }
    return false;
  }
}

template <bool kAll, class... Ops>
bool ConditionAwaiter<kAll, Ops...>::await_suspend(
    std::coroutine_handle<detail::ProcessPromise> h) {
  state_ = h.promise().state;
  sim_ = state_->sim;
  if (state_->TakePendingAsResult()) return false;
  // Arm every operand; note the ones already complete.
  std::uint64_t ready = 0;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((Arm<I>() ? (ready |= std::uint64_t{1} << I) : 0), ...);
  }
  (std::index_sequence_for<Ops...>{});
  for (int i = 0; i < kCount; ++i) {
    if (((ready >> i) & 1U) != 0) Complete(i);
  }
  if (Done()) {
    UnlinkAll();
    return false;
  }
  if (timer_mask_ != 0) {
    if (!kAll) {
      // Keep only the earliest timers in the mask so Timer() reports the right operand.
      std::uint64_t earliest = 0;
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
              using Op = std::tuple_element_t<I, std::tuple<Ops...>>;
              if constexpr (std::is_same_v<Op, detail::TimerOperand>) {
                if (std::get<I>(ops_).when == timer_when_) earliest |= std::uint64_t{1} << I;
              }
            }(),
            ...);
      }
      (std::index_sequence_for<Ops...>{});
      timer_mask_ = earliest;
    }
  }
  sim_->BeginWait(state_, &kHooks, this);
  if (timer_mask_ != 0) sim_->ScheduleTimer(state_, timer_when_);
  return true;
}

// ---- Kernel hot paths (inline: every awaitable goes through them) ----

inline void Simulation::NowPush(const detail::QueuedEvent& e) {
  if (now_tail_ - now_head_ > now_mask_) GrowNowQueue();
  now_data_[now_tail_++ & now_mask_] = e;
}

inline std::uint64_t Simulation::Push(Time when, Kind kind, void* ptr, std::uint64_t aux) {
  const detail::QueuedEvent e{when, (seq_++ << 2) | kind, ptr, aux};
  if (when == now_) {
    NowPush(e);
  } else {
    queue_.Push(e);
  }
  return e.key;
}

inline void Simulation::Wake(detail::ProcessState* s) {
  s->status = detail::ProcStatus::kScheduled;
  s->hooks = nullptr;
  s->hook_ctx = nullptr;
  ++s->refs;
  const std::uint64_t key = (seq_++ << 2) | kWake;
  s->wait_id = key;
  NowPush(detail::QueuedEvent{now_, key, s, FrameOf(s)});
}

inline TimeoutAwaiter Simulation::Timeout(Time delay) {
  if (!(delay >= 0)) ThrowBadDelay(delay);
  return TimeoutAwaiter(this, now_ + delay);
}

inline TimeoutAwaiter Simulation::WaitUntil(Time when) {
  if (!(when >= now_)) ThrowBadDelay(when - now_);
  return TimeoutAwaiter(this, when);
}

inline void Simulation::ScheduleTimer(detail::ProcessState* s, Time when) {
  ++s->refs;
  s->wait_id = Push(when, kTimer, s, FrameOf(s));
}

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_ENGINE_SIMULATION_H_
