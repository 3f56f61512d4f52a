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
  if (use_monitor_ != nullptr) use_monitor_->SetThreshold(sim_->Now(), static_cast<double>(capacity_));
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
    queue_monitor_->Set(sim_->Now(), static_cast<double>(queue_.size()));
  }
}

void Resource::Return(std::int64_t units) {
  in_use_ -= units;
  NoteUse();
  Dispatch();
}

void Resource::Enqueue(Waiter* w, int priority) {
  Entry e{discipline_ == QueueDiscipline::kPriority ? priority : 0, seq_++, w};
  queue_.push_back(e);
  std::push_heap(queue_.begin(), queue_.end(), [](const Entry& a, const Entry& b) {
    return Before(b, a);
  });
  NoteQueue();
}

void Resource::Dispatch() {
  bool changed = false;
  auto cmp = [](const Entry& a, const Entry& b) { return Before(b, a); };
  while (!queue_.empty() && in_use_ + queue_.front().waiter->units <= capacity_) {
    Waiter* w = queue_.front().waiter;
    std::pop_heap(queue_.begin(), queue_.end(), cmp);
    queue_.pop_back();
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
  auto it = std::find_if(queue_.begin(), queue_.end(),
                         [w](const Entry& e) { return e.waiter == w; });
  if (it == queue_.end()) return;
  queue_.erase(it);
  std::make_heap(queue_.begin(), queue_.end(),
                 [](const Entry& a, const Entry& b) { return Before(b, a); });
  NoteQueue();
  // The head may have been the request blocking smaller ones behind it.
  Dispatch();
}

}  // namespace kinlink::sim
