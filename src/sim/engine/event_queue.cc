#include "sim/engine/event_queue.h"

#include <algorithm>
#include <cassert>
#include <new>

namespace kinlink::sim::detail {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

EventQueue::EventQueue(std::size_t calendar_above)
    : calendar_above_(std::max<std::size_t>(calendar_above, 4)) {}

EventQueue::~EventQueue() { ::operator delete(heap_mem_, std::align_val_t(128)); }

void EventQueue::GrowHeap(std::size_t at_least) {
  std::size_t cap = heap_cap_ == 0 ? 256 : heap_cap_ * 2;
  while (cap < at_least) cap *= 2;
  // 3 spare entries in front: heap_ = base + 3, so heap_ + 1 = base + 4 entries = base + 128.
  void* mem = ::operator new((cap + 3) * sizeof(QueuedEvent), std::align_val_t(128));
  auto* base = static_cast<QueuedEvent*>(mem);
  QueuedEvent* fresh = base + 3;
  std::copy(heap_, heap_ + heap_size_, fresh);
  ::operator delete(heap_mem_, std::align_val_t(128));
  heap_mem_ = mem;
  heap_ = fresh;
  heap_cap_ = cap;
  UpdateFastPushLimit();
}

void EventQueue::UpdateFastPushLimit() {
  fast_push_limit_ = calendar_ ? 0 : std::min(heap_cap_, calendar_above_);
}

void EventQueue::HeapPush(const QueuedEvent& e) {
  if (heap_size_ == heap_cap_) GrowHeap(heap_size_ + 1);
  SiftUp(e);
}

void EventQueue::PushSlow(const QueuedEvent& e) {
  if (!calendar_) {
    HeapPush(e);
    if (heap_size_ > calendar_above_) StartCalendar();
    return;
  }
  PushCalendar(e);
}

void EventQueue::PushCalendar(const QueuedEvent& e) {
  // NaN (an infinite time with a zero inverse width) compares false: it goes to top_.
  const double x = (e.time - start_) * inverse_width_;
  if (x < near_end_) {
    HeapPush(e);
  } else if (x < bucket_end_) {
    buckets_[static_cast<std::size_t>(x)].push_back(e);
    ++far_count_;
  } else {
    top_.push_back(e);
    ++far_count_;
  }
}

void EventQueue::ResetCalendar(bool calendar) {
  calendar_ = calendar;
  start_ = 0;
  inverse_width_ = 0;
  // Calendar on without buckets: every push goes to top_ (-infinity compares false).
  near_end_ = calendar ? -kInf : kInf;
  bucket_end_ = -kInf;
  current_ = 0;
  bucket_count_ = 0;
  UpdateFastPushLimit();
}

void EventQueue::LoadHeapFrom(std::vector<QueuedEvent>& entries) {
  assert(heap_size_ == 0);
  // A sorted array is a valid min-heap of any arity.
  std::sort(entries.begin(), entries.end(),
            [](const QueuedEvent& a, const QueuedEvent& b) { return EventBefore(a, b); });
  if (heap_cap_ < entries.size()) GrowHeap(entries.size());
  std::copy(entries.begin(), entries.end(), heap_);
  heap_size_ = entries.size();
  entries.clear();
}

void EventQueue::StartCalendar() {
  top_.insert(top_.end(), heap_, heap_ + heap_size_);
  far_count_ += heap_size_;
  heap_size_ = 0;
  ResetCalendar(true);
}

void EventQueue::LoadBucket(std::size_t j) {
  current_ = j;
  near_end_ = static_cast<double>(j) + 1.0;
  std::vector<QueuedEvent>& bucket = buckets_[j];
  far_count_ -= bucket.size();
  LoadHeapFrom(bucket);
  // Buckets near the clock fill up far more than the average; keeping every bucket's largest
  // capacity ever would hold tens of MB. Small ones keep theirs (no reallocation churn).
  if (bucket.capacity() > kKeptBucketCapacity) std::vector<QueuedEvent>().swap(bucket);
}

bool EventQueue::Refill() {
  if (!calendar_ || far_count_ == 0) return false;
  for (std::size_t j = current_ + 1; j < bucket_count_; ++j) {
    if (!buckets_[j].empty()) {
      LoadBucket(j);
      return true;
    }
  }
  Rebuild();
  return heap_size_ != 0;
}

void EventQueue::Rebuild() {
  // The heap and every bucket are empty: all far entries are in top_.
  assert(heap_size_ == 0 && far_count_ == top_.size());
  if (top_.size() < calendar_above_ / 4) {
    // Few entries left: back to a plain heap.
    far_count_ = 0;
    LoadHeapFrom(top_);
    ResetCalendar(false);
    return;
  }
  double lo = kInf;
  double hi = -kInf;
  for (const auto& e : top_) {
    if (e.time < kInf) {
      lo = std::min(lo, e.time);
      hi = std::max(hi, e.time);
    }
  }
  if (lo == kInf) {
    // Only entries at +infinity: a plain heap orders them by key.
    far_count_ = 0;
    LoadHeapFrom(top_);
    ResetCalendar(false);
    return;
  }
  const std::size_t count =
      std::clamp<std::size_t>(top_.size() / kEntriesPerBucket, 1, kMaxBuckets);
  double inverse = hi > lo ? static_cast<double>(count) / (hi - lo) : 0;
  if (!(inverse < kInf)) inverse = 0;  // a span too narrow to divide
  start_ = lo;
  inverse_width_ = inverse;
  current_ = 0;
  if (inverse == 0) {
    // Every finite time maps to x = 0: the finite entries go to the heap (and so will later
    // finite pushes); entries at +infinity (x = NaN) stay in top_.
    near_end_ = 1;
    bucket_end_ = -kInf;
    bucket_count_ = 0;
    scratch_.clear();
    std::size_t keep = 0;
    for (const auto& e : top_) {
      if (e.time < kInf) {
        scratch_.push_back(e);
      } else {
        top_[keep++] = e;
      }
    }
    top_.resize(keep);
    far_count_ = keep;
    LoadHeapFrom(scratch_);
    return;
  }
  if (buckets_.size() < count) buckets_.resize(count);
  bucket_count_ = count;
  bucket_end_ = static_cast<double>(count);
  near_end_ = -kInf;  // set by LoadBucket
  std::size_t keep = 0;
  for (const auto& e : top_) {
    const double x = (e.time - start_) * inverse_width_;
    if (x < bucket_end_) {
      buckets_[static_cast<std::size_t>(x)].push_back(e);
    } else {
      top_[keep++] = e;
    }
  }
  top_.resize(keep);
  LoadBucket(0);  // holds the earliest entry (x = 0)
}

double EventQueue::PeekTime() const {
  if (heap_size_ != 0) return heap_[0].time;
  if (far_count_ == 0) return kInf;
  auto earliest = [](const std::vector<QueuedEvent>& entries) {
    double t = kInf;
    for (const auto& e : entries) t = std::min(t, e.time);
    return t;
  };
  for (std::size_t j = current_ + 1; j < bucket_count_; ++j) {
    if (!buckets_[j].empty()) return earliest(buckets_[j]);
  }
  return earliest(top_);
}

}  // namespace kinlink::sim::detail
