// Stores: a FIFO buffer of items that processes put into and get from, optionally bounded, with
// filtered gets (take the first item that satisfies a predicate).
//
//   Store<PersonId> awaiting_placement(sim);                  // unbounded
//   co_await awaiting_placement.Put(child);                  // returns WaitResult
//   GetResult<PersonId> got = co_await awaiting_placement.Get();
//   if (got) Place(*got);
//   auto parent = co_await detained.Get([&](const PersonId& p) { return p == wanted; });
//
// Order: items are kept in the order they were put. A Get takes the oldest item its filter accepts.
// Waiting getters are served in the order they started waiting: a new item goes to the first
// waiting getter whose filter accepts it (a getter whose filter rejects it does not block those
// behind it). Waiting putters (bounded store, full) enter in order as room appears.
//
// Wake-ups happen at Now() through the event queue, like every engine wake-up. Interrupts: an
// interrupted getter or putter leaves its queue; a putter's item is then not stored (GetResult /
// WaitResult say interrupted()).
#ifndef KINLINK_SIM_ENGINE_STORE_H_
#define KINLINK_SIM_ENGINE_STORE_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <utility>

#include "sim/engine/simulation.h"

namespace kinlink::sim {

// The outcome of a Get: the item, or an interruption.
template <class T>
class GetResult {
 public:
  GetResult() = default;
  explicit GetResult(T item) : item_(std::move(item)) {}
  explicit GetResult(WaitResult w) : wait_(w) {}

  explicit operator bool() const { return item_.has_value(); }
  bool ok() const { return item_.has_value(); }
  bool interrupted() const { return wait_.interrupted(); }
  Interruption interruption() const { return wait_.interruption(); }
  T& operator*() { return *item_; }
  const T& operator*() const { return *item_; }
  T* operator->() { return &*item_; }
  const T* operator->() const { return &*item_; }
  std::optional<T>& item() { return item_; }

 private:
  std::optional<T> item_;
  WaitResult wait_;
};

template <class T>
class Store {
 public:
  using Filter = std::function<bool(const T&)>;
  static constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();

  explicit Store(Simulation& sim, std::size_t capacity = kUnbounded)
      : sim_(&sim), capacity_(capacity) {}
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  class PutAwaiter;
  class GetAwaiter;

  // co_await: stores `item`, waiting while the store is full. Returns WaitResult.
  PutAwaiter Put(T item) { return PutAwaiter(this, std::move(item)); }
  // co_await: takes the oldest item (accepted by `filter`, if given), waiting until there is one.
  // Returns GetResult<T>.
  GetAwaiter Get() { return GetAwaiter(this, Filter()); }
  GetAwaiter Get(Filter filter) { return GetAwaiter(this, std::move(filter)); }

  // Non-blocking forms. TryPut fails if full; TryGet returns nullopt if no item qualifies.
  bool TryPut(T item) {
    if (items_.size() >= capacity_) return false;
    items_.push_back(std::move(item));
    ServeGetters();
    return true;
  }
  std::optional<T> TryGet(const Filter& filter = Filter()) {
    auto it = Find(filter);
    if (it == items_.end()) return std::nullopt;
    T item = std::move(*it);
    items_.erase(it);
    AdmitPutters();
    return item;
  }

  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  std::size_t capacity() const { return capacity_; }
  const std::deque<T>& items() const { return items_; }
  std::size_t waiting_getters() const { return getters_.size(); }
  std::size_t waiting_putters() const { return putters_.size(); }

 private:
  struct GetNode {
    detail::WaitNode link;  // first member
    GetAwaiter* self;
  };
  struct PutNode {
    detail::WaitNode link;  // first member
    PutAwaiter* self;
  };

  typename std::deque<T>::iterator Find(const Filter& filter) {
    if (!filter) return items_.begin();
    for (auto it = items_.begin(); it != items_.end(); ++it) {
      if (filter(*it)) return it;
    }
    return items_.end();
  }

  // Offers stored items to waiting getters, in getter order.
  void ServeGetters() {
    if (getters_.empty() || items_.empty()) return;
    bool took = false;
    for (GetNode* n = Head(getters_); n != nullptr && !items_.empty();) {
      GetNode* next = Next(n);
      GetAwaiter* g = n->self;
      auto it = Find(g->filter_);
      if (it != items_.end()) {
        g->result_.emplace(std::move(*it));
        items_.erase(it);
        getters_.Remove(&n->link);
        sim_->Wake(g->state_);
        took = true;
      }
      n = next;
    }
    if (took) AdmitPutters();
  }

  // Moves waiting putters' items in while there is room.
  void AdmitPutters() {
    bool added = false;
    while (items_.size() < capacity_ && !putters_.empty()) {
      auto* n = reinterpret_cast<PutNode*>(putters_.PopFront());
      PutAwaiter* p = n->self;
      items_.push_back(std::move(p->item_));
      p->stored_ = true;
      sim_->Wake(p->state_);
      added = true;
    }
    if (added) ServeGetters();
  }

  static GetNode* Head(detail::WaitList& list) { return reinterpret_cast<GetNode*>(list.front()); }
  static GetNode* Next(GetNode* n) { return reinterpret_cast<GetNode*>(n->link.next); }

  Simulation* sim_;
  std::size_t capacity_;
  std::deque<T> items_;
  detail::WaitList getters_;
  detail::WaitList putters_;

 public:
  class PutAwaiter {
   public:
    PutAwaiter(Store* store, T item) : store_(store), item_(std::move(item)) {}
    PutAwaiter(const PutAwaiter&) = delete;
    PutAwaiter& operator=(const PutAwaiter&) = delete;

    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<detail::ProcessPromise> h) {
      state_ = h.promise().state;
      if (state_->TakePendingAsResult()) return false;
      if (store_->items_.size() < store_->capacity_) {
        store_->items_.push_back(std::move(item_));
        stored_ = true;
        store_->ServeGetters();
        return false;
      }
      node_.self = this;
      store_->putters_.PushBack(&node_.link);
      store_->sim_->BeginWait(state_, &kHooks, this);
      return true;
    }
    WaitResult await_resume() { return state_->TakeResult(); }

   private:
    friend class Store;
    static void Cancel(void* ctx) {
      auto* a = static_cast<PutAwaiter*>(ctx);
      a->store_->putters_.Remove(&a->node_.link);
    }
    static constexpr detail::WaitHooks kHooks{&Cancel, nullptr};

    Store* store_;
    T item_;
    detail::ProcessState* state_ = nullptr;
    PutNode node_{};
    bool stored_ = false;
  };

  class GetAwaiter {
   public:
    GetAwaiter(Store* store, Filter filter) : store_(store), filter_(std::move(filter)) {}
    GetAwaiter(const GetAwaiter&) = delete;
    GetAwaiter& operator=(const GetAwaiter&) = delete;

    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<detail::ProcessPromise> h) {
      state_ = h.promise().state;
      if (state_->TakePendingAsResult()) return false;
      auto it = store_->Find(filter_);
      if (it != store_->items_.end()) {
        result_.emplace(std::move(*it));
        store_->items_.erase(it);
        store_->AdmitPutters();
        return false;
      }
      node_.self = this;
      store_->getters_.PushBack(&node_.link);
      store_->sim_->BeginWait(state_, &kHooks, this);
      return true;
    }
    GetResult<T> await_resume() {
      WaitResult w = state_->TakeResult();
      if (result_.has_value()) return GetResult<T>(std::move(*result_));
      return GetResult<T>(w);
    }

   private:
    friend class Store;
    static void Cancel(void* ctx) {
      auto* a = static_cast<GetAwaiter*>(ctx);
      a->store_->getters_.Remove(&a->node_.link);
    }
    static constexpr detail::WaitHooks kHooks{&Cancel, nullptr};

    Store* store_;
    Filter filter_;
    detail::ProcessState* state_ = nullptr;
    GetNode node_{};
    std::optional<T> result_;
  };
};

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_ENGINE_STORE_H_
