// The kernel's queue of future events, ordered by (time, key): a 4-ary heap for the near future
// and, once many events are pending, a one-rung calendar of time buckets for the far future.
//
// Internal to the engine (namespace detail); Simulation owns one. Entries pop in exactly the
// order a plain heap on (time, key) gives (keys are unique), whatever the mix of near and far
// entries, so a run's event order does not depend on how the queue stores them.
//
// Why two tiers: a pipeline year keeps tens of thousands of timers pending (detention stays of
// weeks). In one heap of that size every pop walks levels that no longer fit in the L2 cache,
// and those misses dominated the event loop. With the calendar the heap holds only the events of
// the current bucket (a few hundred), while far events wait in buckets (appended sequentially),
// each loaded and sorted when the clock reaches it.
//
// How it stays exact: an entry's bucket index is x = (time - start) * inverse_width, a
// non-decreasing function of time, computed the same way on every push and at every rebuild.
// The heap holds every entry with x < current + 1, bucket j every entry with j <= x < j + 1, and
// `top` everything beyond the last bucket. So every heap entry precedes every bucket entry, and
// bucket j precedes bucket j + 1. When the heap runs dry the next non-empty bucket is sorted into
// it; when the buckets run dry the calendar is rebuilt from `top` (bounds = its earliest and
// latest finite times, about kEntriesPerBucket entries per bucket).
//
// Small queues (the M/M/1 benchmark keeps two entries) never leave plain-heap mode; the calendar
// starts when the heap exceeds `calendar_above` entries and ends when a rebuild finds fewer than
// a quarter of that.
//
//   EventQueue q;
//   q.Push({5.0, key, ptr, 0});
//   if (q.PrepareNear()) { QueuedEvent e = q.PopNear(); }
//
// Thread safety: none (one Simulation, one thread at a time).
#ifndef KINLINK_SIM_ENGINE_EVENT_QUEUE_H_
#define KINLINK_SIM_ENGINE_EVENT_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace kinlink::sim::detail {

// One entry of the event queue: 32 bytes, ordered by (time, key). key = sequence << 2 | kind.
// For process entries ptr is the ProcessState and aux the coroutine frame (prefetched only).
struct QueuedEvent {
  double time;
  std::uint64_t key;
  void* ptr;
  std::uint64_t aux;
};

inline constexpr unsigned kHeapArity = 4;

// Branch-free (the heap's comparisons are unpredictable).
inline bool EventBefore(const QueuedEvent& a, const QueuedEvent& b) {
  return (a.time < b.time) | ((a.time == b.time) & (a.key < b.key));
}

class EventQueue {
 public:
  static constexpr std::size_t kDefaultCalendarAbove = 4096;
  static constexpr std::size_t kEntriesPerBucket = 8;
  static constexpr std::size_t kMaxBuckets = std::size_t{1} << 18;
  // A loaded bucket with a larger capacity gives its memory back.
  static constexpr std::size_t kKeptBucketCapacity = 64;

  explicit EventQueue(std::size_t calendar_above = kDefaultCalendarAbove);
  ~EventQueue();
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  std::size_t size() const { return heap_size_ + far_count_; }
  bool empty() const { return size() == 0; }
  // Whether the calendar tier is in use (for tests).
  bool calendar_active() const { return calendar_; }

  void Push(const QueuedEvent& e);

  // The near tier: the earliest pending entry is heap_[0] when the heap is not empty.
  bool near_empty() const { return heap_size_ == 0; }
  const QueuedEvent& NearTop() const { return heap_[0]; }
  // Makes the earliest pending entry the heap's top (loading a bucket or rebuilding the calendar
  // when the heap is empty). False when the queue is empty.
  bool PrepareNear() { return heap_size_ != 0 || Refill(); }
  // Removes and returns the heap's top. Requires !near_empty().
  QueuedEvent PopNear();

  // Time of the earliest entry, or +infinity. Does not reorganise (scans the far tier when the
  // heap is empty).
  double PeekTime() const;

  // Calls fn(entry) for every entry, in no particular order, then empties the queue.
  template <class Fn>
  void Drain(Fn fn) {
    for (std::size_t i = 0; i < heap_size_; ++i) fn(heap_[i]);
    for (auto& bucket : buckets_) {
      for (const auto& e : bucket) fn(e);
      bucket.clear();
    }
    for (const auto& e : top_) fn(e);
    top_.clear();
    heap_size_ = 0;
    far_count_ = 0;
    ResetCalendar(false);
  }

 private:
  // Appends to the heap; requires heap_size_ < heap_cap_.
  void SiftUp(const QueuedEvent& e);
  // Grows the heap if needed, then SiftUp.
  void HeapPush(const QueuedEvent& e);
  void PushSlow(const QueuedEvent& e);
  void PushCalendar(const QueuedEvent& e);
  void GrowHeap(std::size_t at_least);
  void UpdateFastPushLimit();
  // Loads the next bucket or rebuilds the calendar; true if the heap is then non-empty.
  bool Refill();
  void LoadBucket(std::size_t j);
  void Rebuild();
  void StartCalendar();
  // No buckets; every push goes to top_ (calendar on) or the heap (calendar off).
  void ResetCalendar(bool calendar);
  // Moves `entries` (sorted here) into the empty heap.
  void LoadHeapFrom(std::vector<QueuedEvent>& entries);

  // 4-ary min-heap on (time, key). heap_ + 1 is 128-byte aligned, so the four children of a node
  // (heap_[4i+1 .. 4i+4], 128 bytes) share one pair of adjacent cache lines.
  QueuedEvent* heap_ = nullptr;
  std::size_t heap_size_ = 0;
  std::size_t heap_cap_ = 0;
  void* heap_mem_ = nullptr;
  // Push may go straight to SiftUp while heap_size_ is below this: the heap's capacity in
  // plain-heap mode (at most calendar_above_), 0 in calendar mode.
  std::size_t fast_push_limit_ = 0;

  // Calendar tier.
  std::size_t calendar_above_;
  bool calendar_ = false;
  double start_ = 0;                                           // time of bucket 0's lower edge
  double inverse_width_ = 0;                                   // buckets per time unit
  double near_end_ = std::numeric_limits<double>::infinity();  // x below this goes to the heap
  double bucket_end_ = 0;    // x below this (and not near) goes to buckets_[x]
  std::size_t current_ = 0;  // bucket merged into the heap last
  std::size_t bucket_count_ = 0;
  std::vector<std::vector<QueuedEvent>> buckets_;
  std::vector<QueuedEvent> top_;
  std::vector<QueuedEvent> scratch_;
  std::size_t far_count_ = 0;  // entries in buckets_ and top_
};

// ---- Hot paths ----

inline void EventQueue::SiftUp(const QueuedEvent& e) {
  std::size_t i = heap_size_++;
  QueuedEvent* h = heap_;
  while (i > 0) {
    const std::size_t parent = (i - 1) / kHeapArity;
    if (!EventBefore(e, h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = e;
}

inline void EventQueue::Push(const QueuedEvent& e) {
  // One comparison on the common path: a plain heap with room to spare.
  if (heap_size_ < fast_push_limit_) {
    SiftUp(e);
  } else {
    PushSlow(e);  // out of line: keeps this path small enough to inline everywhere
  }
}

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline QueuedEvent
EventQueue::PopNear() {
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

}  // namespace kinlink::sim::detail

#endif  // KINLINK_SIM_ENGINE_EVENT_QUEUE_H_
