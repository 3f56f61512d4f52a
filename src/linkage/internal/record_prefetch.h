// Prefetching the records of the pairs a loop will compare a few iterations from now.
//
// Candidate and sampled pairs join records that lie anywhere among a million PreparedRecords
// (about 420 bytes each, plus the heap buffers of their token lists and fields), so comparing a
// pair mostly waits for memory: a profile of the 1 M-record benchmark showed over two thirds of
// Comparison::Level's own time on the first loads of a record's fields. ForEachPrefetched asks
// for the records of pair i + kRecordDistance (every cache line of both records) and for the
// heap buffers of pair i + kHeapDistance (whose pointers are in cache by then), then calls
// visit(i). It changes no result, only when memory is read.
//
// Thread safety: reads only. Usage:
//   detail::ForEachPrefetched(pairs, begin, end, records, [&](size_t i) {
//     ++counts[ComparePair(comparisons, records[pairs[i].a], records[pairs[i].b])];
//   });
#ifndef KINLINK_LINKAGE_INTERNAL_RECORD_PREFETCH_H_
#define KINLINK_LINKAGE_INTERNAL_RECORD_PREFETCH_H_

#include <cstddef>
#include <vector>

#include "linkage/prepared_record.h"

namespace kinlink::linkage::detail {

inline constexpr size_t kRecordDistance = 12;
inline constexpr size_t kHeapDistance = 6;

// Every cache line of the record itself.
inline void PrefetchRecord(const PreparedRecord& record) {
  const char* bytes = reinterpret_cast<const char*>(&record);
  for (size_t offset = 0; offset < sizeof(PreparedRecord); offset += 64) {
    __builtin_prefetch(bytes + offset);
  }
  __builtin_prefetch(bytes + sizeof(PreparedRecord) - 1);
}

// The heap buffers a comparison reads: the given-name tokens, the birth dates and the fields.
inline void PrefetchRecordBuffers(const PreparedRecord& record) {
  if (!record.given_tokens.empty()) __builtin_prefetch(record.given_tokens.data());
  if (!record.birth_dates.empty()) __builtin_prefetch(record.birth_dates.data());
  if (!record.fields.empty()) {
    const char* bytes = reinterpret_cast<const char*>(record.fields.data());
    const size_t size = record.fields.size() * sizeof(record.fields.front());
    for (size_t offset = 0; offset < size; offset += 64) __builtin_prefetch(bytes + offset);
  }
}

// visit(i) for i in [begin, end), with the records of pairs[i + kRecordDistance] and the buffers
// of pairs[i + kHeapDistance] prefetched. `Pairs` is any indexable sequence of elements with
// record indexes `a` and `b`.
template <typename Pairs, typename Visit>
void ForEachPrefetched(const Pairs& pairs, size_t begin, size_t end,
                       const std::vector<PreparedRecord>& records, Visit&& visit) {
  for (size_t i = begin; i < end && i < begin + kRecordDistance; ++i) {
    PrefetchRecord(records[pairs[i].a]);
    PrefetchRecord(records[pairs[i].b]);
  }
  for (size_t i = begin; i < end; ++i) {
    if (i + kRecordDistance < end) {
      PrefetchRecord(records[pairs[i + kRecordDistance].a]);
      PrefetchRecord(records[pairs[i + kRecordDistance].b]);
    }
    if (i + kHeapDistance < end) {
      PrefetchRecordBuffers(records[pairs[i + kHeapDistance].a]);
      PrefetchRecordBuffers(records[pairs[i + kHeapDistance].b]);
    }
    visit(i);
  }
}

}  // namespace kinlink::linkage::detail

#endif  // KINLINK_LINKAGE_INTERNAL_RECORD_PREFETCH_H_
