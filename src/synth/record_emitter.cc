#include "synth/record_emitter.h"

#include <fmt/format.h>

#include <tuple>

namespace kinlink::synth {
RecordEmitter::RecordEmitter(std::array<std::ostream*, kExportAgencyCount> exports,
                             std::ostream& key, const SynthConfig& config, uint64_t seed,
                             ErrorTally& tally)
    : key_stream_(key), key_(key), config_(config), seed_(seed), tally_(tally) {
  for (ExportAgency agency : kAllExportAgencies) {
    writers_.push_back(
        std::make_unique<ExportWriter>(LayoutFor(agency), *exports[static_cast<int>(agency)]));
  }
}

std::string RecordEmitter::NextRecordId(ExportAgency agency) {
  int64_t number = ++next_id_[static_cast<int>(agency)];
  switch (agency) {
    case ExportAgency::kCbp:
      return fmt::format("E3-{:09}", number);
    case ExportAgency::kUsao:
      return fmt::format("D{:09}", number);
    case ExportAgency::kUsms:
      return fmt::format("B{:09}", number);
    case ExportAgency::kIce:
      return fmt::format("ST{:09}", number);
    case ExportAgency::kOrr:
      return fmt::format("PL{:09}", number);
  }
  return std::to_string(number);
}

void RecordEmitter::Emit(ExportAgency agency, std::string_view record_key, Timestamp base,
                         const RenderFn& render) {
  for (const RenderedCopy& copy : RenderCopies(agency, record_key, base, render)) {
    WriteRow(agency, copy.record.row, copy.record.key, copy.id.entered, copy.late);
  }
}

std::vector<RecordEmitter::RenderedCopy> RecordEmitter::RenderCopies(ExportAgency agency,
                                                                     std::string_view record_key,
                                                                     Timestamp base,
                                                                     const RenderFn& render) {
  const std::string_view domain = ToString(agency);
  // Whether the agency entered this record twice: one opportunity per original record.
  bool duplicated = Rng::ForKey(seed_, "duplicate", record_key, static_cast<int>(agency))
                        .Chance(config_.rate(ErrorKind::kDuplicateRecord));
  {
    ErrorRecorder duplicate_recorder(config_, tally_);
    duplicate_recorder.Record(ErrorKind::kDuplicateRecord, duplicated, "record");
  }
  std::vector<RenderedCopy> copies;
  for (int copy = 0; copy < (duplicated ? 2 : 1); ++copy) {
    Rng rng = Rng::ForKey(seed_, domain, record_key, static_cast<uint64_t>(copy));
    ErrorRecorder errors(config_, tally_);
    bool late = errors.Draw(ErrorKind::kLateRecord, rng, "record");
    int lag_days = late ? rng.Between(config_.late_min_days, config_.late_max_days)
                        : (rng.Chance(config_.entry_lag_one_day) ? 1 : 0);
    RowIdentity id{NextRecordId(agency), DateOf(base) + std::chrono::days(lag_days)};
    RenderedRecord record = render(id, rng, errors, copy == 1);
    record.key.errors = errors.applied();
    record.key.late = late;
    if (copy == 1) {
      record.key.duplicate_of = copies.front().id.record_id;
      record.key.errors.insert(record.key.errors.begin(),
                               AppliedError{ErrorKind::kDuplicateRecord, "record"});
      ++duplicate_rows_;
    }
    copies.push_back(RenderedCopy{std::move(id), late, std::move(record)});
  }
  return copies;
}

void RecordEmitter::WriteRow(ExportAgency agency, const ExportRow& row, const AnswerKeyEntry& key,
                             Date entered, bool late) {
  line_buffer_.clear();
  key_buffer_.clear();
  writers_[static_cast<int>(agency)]->AppendLine(row, line_buffer_);
  AnswerKeyWriter::AppendRecord(key, key_buffer_);
  if (key.version > 1) ++revision_rows_;
  if (late) {
    ++late_rows_;
    late_.push(LateRow{StartOfDay(entered), late_sequence_++, agency, line_buffer_, key_buffer_});
  } else {
    Write(agency, line_buffer_, key_buffer_);
  }
}

void RecordEmitter::Write(ExportAgency agency, std::string_view line, std::string_view key_line) {
  writers_[static_cast<int>(agency)]->WriteFormattedLine(line);
  key_stream_.write(key_line.data(), static_cast<std::streamsize>(key_line.size()));
  key_stream_.put('\n');
  ++rows_[static_cast<int>(agency)];
}

void RecordEmitter::ReleaseDue(Timestamp now) {
  while (!late_.empty() && late_.top().due <= now) {
    const LateRow& row = late_.top();
    Write(row.agency, row.line, row.key_line);
    late_.pop();
  }
}

void RecordEmitter::ReleaseAll() {
  while (!late_.empty()) {
    const LateRow& row = late_.top();
    Write(row.agency, row.line, row.key_line);
    late_.pop();
  }
}

int64_t RecordEmitter::rows_total() const {
  int64_t total = 0;
  for (int64_t n : rows_) total += n;
  return total;
}

Status RecordEmitter::status() const {
  for (const auto& writer : writers_) KINLINK_RETURN_IF_ERROR(writer->status());
  if (!key_stream_) return UnavailableError("writing the answer key failed");
  return Status::Ok();
}

}  // namespace kinlink::synth
