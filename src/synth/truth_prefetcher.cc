#include "synth/truth_prefetcher.h"

#include <fmt/format.h>

namespace kinlink::synth {

TruthPrefetcher::TruthPrefetcher(TruthReader& reader) : reader_(reader) {
  for (size_t i = 0; i < kBatchesInFlight; ++i) {
    auto batch = std::make_unique<Batch>();
    batch->entries.resize(kBatchItems);
    free_.push_back(std::move(batch));
  }
  line_number_ = reader_.line_number();
  bytes_read_ = reader_.bytes_read();
  thread_ = std::thread([this] { Run(); });
}

TruthPrefetcher::~TruthPrefetcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  free_cv_.notify_all();
  thread_.join();
}

void TruthPrefetcher::Run() {
  while (true) {
    std::unique_ptr<Batch> batch;
    {
      std::unique_lock lock(mutex_);
      free_cv_.wait(lock, [&] { return stopping_ || !free_.empty(); });
      if (stopping_) return;
      batch = std::move(free_.back());
      free_.pop_back();
    }
    batch->size = 0;
    batch->last = false;
    batch->status = Status::Ok();
    while (batch->size < batch->entries.size()) {
      Entry& entry = batch->entries[batch->size];
      Result<bool> more = reader_.Next(&entry.item);
      if (!more.ok() || !*more) {
        batch->last = true;
        if (!more.ok()) batch->status = more.status();
        batch->final_line = reader_.line_number();
        batch->final_bytes = reader_.bytes_read();
        break;
      }
      entry.line = reader_.line_number();
      entry.bytes = reader_.bytes_read();
      ++batch->size;
    }
    const bool last = batch->last;
    {
      std::lock_guard lock(mutex_);
      filled_.push_back(std::move(batch));
    }
    filled_cv_.notify_one();
    if (last) return;
  }
}

Result<TruthItem*> TruthPrefetcher::Next() {
  while (true) {
    if (current_ && position_ < current_->size) {
      Entry& entry = current_->entries[position_++];
      line_number_ = entry.line;
      bytes_read_ = entry.bytes;
      return &entry.item;
    }
    if (current_ && current_->last && !finished_) {
      finished_ = true;
      final_status_ = current_->status;
      if (final_status_.ok()) {  // the footer line counts as read, as with the reader itself
        line_number_ = current_->final_line;
        bytes_read_ = current_->final_bytes;
      }
    }
    if (finished_) {
      if (!final_status_.ok()) return final_status_;
      return static_cast<TruthItem*>(nullptr);
    }
    std::unique_lock lock(mutex_);
    if (current_) {
      free_.push_back(std::move(current_));
      free_cv_.notify_one();
    }
    filled_cv_.wait(lock, [&] { return !filled_.empty(); });
    current_ = std::move(filled_.front());
    filled_.pop_front();
    position_ = 0;
  }
}

Status TruthPrefetcher::Error(std::string_view message) const {
  // The reader's own Error() would name its current line, which runs ahead of the consumer.
  return InvalidArgumentError(
      fmt::format("{}:{}: {}", reader_.source_name(), line_number_, message));
}

}  // namespace kinlink::synth
