// RowPipeline: runs a RowSource on its own thread and hands its rows to the consumer in chunks
// through a bounded queue (detail of ingest.cc), so parsing overlaps the writer's appends.
//
//   RowPipeline pipeline(source, /*threaded=*/true);
//   std::vector<PreparedRow> chunk;
//   while (pipeline.Pop(chunk)) Consume(chunk);
//
// The destructor stops the producer (even mid-file) and joins it. With threaded=false, Pop pulls
// from the source on the caller's thread. Thread safety: Pop from one thread.
#ifndef KINLINK_LEDGER_INTERNAL_ROW_PIPELINE_H_
#define KINLINK_LEDGER_INTERNAL_ROW_PIPELINE_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "ledger/internal/prepared_row.h"

namespace kinlink::ledger::detail {

class RowPipeline {
 public:
  static constexpr size_t kChunkRows = 512;
  static constexpr size_t kMaxChunks = 16;

  RowPipeline(RowSource& source, bool threaded) : source_(source), threaded_(threaded) {
    if (threaded_) producer_ = std::thread([this] { Produce(); });
  }
  ~RowPipeline() {
    if (!threaded_) return;
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    space_.notify_all();
    producer_.join();
  }
  RowPipeline(const RowPipeline&) = delete;
  RowPipeline& operator=(const RowPipeline&) = delete;

  // Replaces `chunk` with the next rows; false at the end of the input. The rows handed back
  // (what the consumer left of the previous chunk) are destroyed on the producer's thread, which
  // allocated them: the consumer spends no time in free() and memory stays in one malloc arena.
  bool Pop(std::vector<PreparedRow>& chunk) {
    if (!threaded_) {
      chunk.clear();
      return source_.Next(chunk, kChunkRows);
    }
    std::unique_lock lock(mutex_);
    if (!chunk.empty() && !done_) spent_.push_back(std::move(chunk));
    chunk.clear();
    ready_.wait(lock, [this] { return !chunks_.empty() || done_; });
    if (chunks_.empty()) return false;
    chunk = std::move(chunks_.front());
    chunks_.pop_front();
    lock.unlock();
    space_.notify_one();
    return true;
  }

 private:
  void Produce() {
    std::deque<std::vector<PreparedRow>> spent;
    while (true) {
      spent.clear();  // the rows the consumer is done with, freed here (outside the lock)
      std::vector<PreparedRow> chunk;
      chunk.reserve(kChunkRows);
      bool more = source_.Next(chunk, kChunkRows);
      std::unique_lock lock(mutex_);
      spent.swap(spent_);
      if (!more || stop_) break;
      space_.wait(lock, [this] { return chunks_.size() < kMaxChunks || stop_; });
      if (stop_) break;
      chunks_.push_back(std::move(chunk));
      lock.unlock();
      ready_.notify_one();
    }
    std::lock_guard lock(mutex_);
    done_ = true;
    ready_.notify_all();
  }

  RowSource& source_;
  bool threaded_;
  std::thread producer_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<std::vector<PreparedRow>> chunks_;
  std::deque<std::vector<PreparedRow>> spent_;  // consumed rows for the producer to free
  bool stop_ = false;
  bool done_ = false;
};

}  // namespace kinlink::ledger::detail

#endif  // KINLINK_LEDGER_INTERNAL_ROW_PIPELINE_H_
