// TruthPrefetcher: runs a TruthReader on a thread of its own, so the truth stream is parsed (JSON
// to core types, the larger half of the work) while the synthesizer renders the records before
// it. Items arrive in stream order, in batches through a bounded queue, so memory stays bounded
// (kBatchItems x kBatchesInFlight items) and the result is the same as reading on one thread.
//
//   TruthReader reader(file, "truth.jsonl");
//   KINLINK_ASSIGN_OR_RETURN(TruthHeader header, reader.ReadHeader());
//   TruthPrefetcher prefetcher(reader);          // starts the thread
//   while (true) {
//     KINLINK_ASSIGN_OR_RETURN(TruthItem* item, prefetcher.Next());
//     if (item == nullptr) break;                // footer read and checked
//     if (bad) return prefetcher.Error("...");   // "truth.jsonl:<line of item>: ..."
//   }
//
// Errors: a reader error is returned by Next() after every item before it has been handed out,
// exactly where a single-threaded read would have stopped. Ownership: the reader must outlive
// the prefetcher, and nobody else may touch it (or its stream) until the prefetcher is destroyed.
// Thread safety: Next/Error/line_number are for one consumer thread; the destructor stops and
// joins the reader thread (also when the consumer stops early).
#ifndef KINLINK_SYNTH_TRUTH_PREFETCHER_H_
#define KINLINK_SYNTH_TRUTH_PREFETCHER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "core/status.h"
#include "synth/truth_reader.h"

namespace kinlink::synth {

class TruthPrefetcher {
 public:
  static constexpr size_t kBatchItems = 512;
  static constexpr size_t kBatchesInFlight = 8;

  explicit TruthPrefetcher(TruthReader& reader);
  ~TruthPrefetcher();
  TruthPrefetcher(const TruthPrefetcher&) = delete;
  TruthPrefetcher& operator=(const TruthPrefetcher&) = delete;

  // The next item (owned by the prefetcher, valid until the next call), nullptr at the end, or
  // the reader's error.
  Result<TruthItem*> Next();
  // InvalidArgument "<source>:<line>: <message>" at the line of the item last returned.
  Status Error(std::string_view message) const;
  int64_t line_number() const { return line_number_; }
  int64_t bytes_read() const { return bytes_read_; }
  // The reader's counts; complete once Next() has returned nullptr.
  const TruthFooter& counts() const { return reader_.counts(); }

 private:
  struct Entry {
    TruthItem item;
    int64_t line = 0;
    int64_t bytes = 0;
  };
  struct Batch {
    std::vector<Entry> entries;
    size_t size = 0;
    bool last = false;       // the reader finished (footer or error) with this batch
    Status status;           // the reader's error, when last and not ok
    int64_t final_line = 0;  // when last: where the reader stopped
    int64_t final_bytes = 0;
  };

  void Run();

  TruthReader& reader_;
  std::mutex mutex_;
  std::condition_variable filled_cv_;
  std::condition_variable free_cv_;
  std::deque<std::unique_ptr<Batch>> filled_;
  std::vector<std::unique_ptr<Batch>> free_;
  bool stopping_ = false;

  std::unique_ptr<Batch> current_;  // consumer side
  size_t position_ = 0;
  bool finished_ = false;
  Status final_status_;
  int64_t line_number_ = 0;
  int64_t bytes_read_ = 0;

  std::thread thread_;  // last: started once everything above is ready
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_TRUTH_PREFETCHER_H_
