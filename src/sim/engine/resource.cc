#include "sim/engine/resource.h"

#include <algorithm>
#include <stdexcept>

namespace kinlink::sim {

Resource::Resource(Simulation& sim, std::int64_t capacity, QueueDiscipline discipline)
    : sim_(&sim), capacity_(capacity), discipline_(discipline) {
  if (capacity < 0) throw std::invalid_argument("Resource: negative capacity");
}

Lease Resource::TryRequest(std::int64_t units) {
  if (!CanGrantNow(units)) return Lease();
  in_use_ += units;
  ++grants_;
  NoteUse();
  return Lease(this, units);
}

void Resource::SetCapacity(std::int64_t capacity) {
  if (capacity < 0) throw std::invalid_argument("Resource: negative capacity");
  capacity_ = capacity;
  if (use_monitor_ != nullptr)
    use_monitor_->SetThreshold(sim_->Now(), static_cast<double>(capacity_));
  Dispatch();
}

void Resource::AttachMonitors(LevelMonitor* in_use, LevelMonitor* queue) {
  use_monitor_ = in_use;
  queue_monitor_ = queue;
  if (use_monitor_ != nullptr) {
    use_monitor_->SetThreshold(sim_->Now(), static_cast<double>(capacity_));
    NoteUse();
  }
  NoteQueue();
}

void Resource::NoteUse() {
  if (use_monitor_ != nullptr) use_monitor_->Set(sim_->Now(), static_cast<double>(in_use_));
}

void Resource::NoteQueue() {
  if (queue_monitor_ != nullptr) {
    queue_monitor_->Set(sim_->Now(), static_cast<double>(queued_));
  }
}

namespace {
// std::*_heap build max-heaps; "a after b" makes the front the request to serve first.
struct ServedAfter {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return a.priority != b.priority ? a.priority > b.priority : a.seq > b.seq;
  }
};
}  // namespace

void Resource::Enqueue(Waiter* w, int priority) {
  if (discipline_ == QueueDiscipline::kFifo) {
    fifo_.PushBack(&w->link);
  } else {
    queue_.push_back(Entry{priority, seq_++, w});
    std::push_heap(queue_.begin(), queue_.end(), ServedAfter());
  }
  ++queued_;
  NoteQueue();
}

void Resource::PopHead() {
  if (discipline_ == QueueDiscipline::kFifo) {
    fifo_.PopFront();
  } else {
    std::pop_heap(queue_.begin(), queue_.end(), ServedAfter());
    queue_.pop_back();
  }
  --queued_;
}

void Resource::Dispatch() {
  bool changed = false;
  while (queued_ != 0) {
    Waiter* w = Head();
    if (in_use_ + w->units > capacity_) break;
    PopHead();
    in_use_ += w->units;
    ++grants_;
    w->granted = true;
    sim_->Wake(w->state);
    changed = true;
  }
  if (changed) {
    NoteUse();
    NoteQueue();
  }
}

void Resource::Cancel(Waiter* w) {
  if (discipline_ == QueueDiscipline::kFifo) {
    if (!w->link.linked) return;
    fifo_.Remove(&w->link);
  } else {
    auto it =
        std::find_if(queue_.begin(), queue_.end(), [w](const Entry& e) { return e.waiter == w; });
    if (it == queue_.end()) return;
    queue_.erase(it);
    std::make_heap(queue_.begin(), queue_.end(), ServedAfter());
  }
  --queued_;
  NoteQueue();
  // The cancelled request may have been the head blocking smaller ones behind it.
  Dispatch();
}

}  // namespace kinlink::sim
