// RecordEmitter: gives each rendered record its id and entry date, makes duplicates and late
// arrivals, and writes rows and answer-key lines in the order the agencies entered them.
//
// For each finished draft the synthesizer calls Emit with a render function. The emitter draws,
// from the record's own Rng, whether the record is late (entered late_min..late_max days after
// its events, and written only when the stream reaches that day) and whether the agency entered
// it twice (a duplicate with a new id and its own errors). Late rows wait in a queue ordered by
// entry day, holding only their formatted text.
//
//   emitter.Emit(ExportAgency::kUsms, draft_key, release_time, [&](const RowIdentity& id, Rng& rng,
//                ErrorRecorder& errors, bool duplicate) { return RenderUsms(...); });
//   emitter.ReleaseDue(now);   // as stream time advances
//   emitter.ReleaseAll();      // at the end
//
// Thread safety: not thread-safe.
#ifndef KINLINK_SYNTH_RECORD_EMITTER_H_
#define KINLINK_SYNTH_RECORD_EMITTER_H_

#include <array>
#include <functional>
#include <memory>
#include <ostream>
#include <queue>
#include <string>
#include <tuple>
#include <vector>

#include "synth/answer_key.h"
#include "synth/error_recorder.h"
#include "synth/export_writer.h"
#include "synth/record_renderer.h"
#include "synth/synth_config.h"

namespace kinlink::synth {

class RecordEmitter {
 public:
  using RenderFn =
      std::function<RenderedRecord(const RowIdentity&, Rng&, ErrorRecorder&, bool duplicate)>;

  // `exports[agency]` and `key` must outlive the emitter.
  RecordEmitter(std::array<std::ostream*, kExportAgencyCount> exports, std::ostream& key,
                const SynthConfig& config, uint64_t seed, ErrorTally& tally);

  // One copy of a record (the original, or the agency's duplicate), rendered but not written.
  struct RenderedCopy {
    RowIdentity id;  // record id and the day the copy was first entered
    bool late = false;
    RenderedRecord record;  // the key's errors, `late` and `duplicate_of` are filled in
  };

  // `record_key` names the record stably (its first truth event id); `base` is when its events
  // ended (entry dates count from there).
  void Emit(ExportAgency agency, std::string_view record_key, Timestamp base,
            const RenderFn& render);
  // What Emit does before writing: draws the duplicate, each copy's lateness, id and entry day,
  // and renders each copy. A record kept in versions (CBP) writes them with WriteRow.
  std::vector<RenderedCopy> RenderCopies(ExportAgency agency, std::string_view record_key,
                                         Timestamp base, const RenderFn& render);
  // Writes one row and its key line now, or, for a late copy, when the stream reaches
  // `entered` (rows due the same day keep the order they were given in).
  void WriteRow(ExportAgency agency, const ExportRow& row, const AnswerKeyEntry& key, Date entered,
                bool late);
  void ReleaseDue(Timestamp now);
  void ReleaseAll();

  AnswerKeyWriter& key() { return key_; }
  const SynthConfig& config() const { return config_; }
  ErrorTally& tally() { return tally_; }
  const std::array<int64_t, kExportAgencyCount>& rows() const { return rows_; }
  int64_t rows_total() const;
  int64_t late_rows() const { return late_rows_; }
  int64_t duplicate_rows() const { return duplicate_rows_; }
  int64_t revision_rows() const { return revision_rows_; }
  Status status() const;

 private:
  struct LateRow {
    Timestamp due;
    uint64_t sequence;
    ExportAgency agency;
    std::string line;
    std::string key_line;
    bool operator>(const LateRow& other) const {
      return std::tie(due, sequence) > std::tie(other.due, other.sequence);
    }
  };

  std::string NextRecordId(ExportAgency agency);
  void Write(ExportAgency agency, std::string_view line, std::string_view key_line);

  std::vector<std::unique_ptr<ExportWriter>> writers_;
  std::ostream& key_stream_;
  AnswerKeyWriter key_;
  const SynthConfig& config_;
  uint64_t seed_;
  ErrorTally& tally_;
  std::array<int64_t, kExportAgencyCount> next_id_{};
  std::array<int64_t, kExportAgencyCount> rows_{};
  int64_t late_rows_ = 0;
  int64_t duplicate_rows_ = 0;
  int64_t revision_rows_ = 0;
  uint64_t late_sequence_ = 0;
  std::priority_queue<LateRow, std::vector<LateRow>, std::greater<>> late_;
  // Reused from row to row: the row's line and its answer-key line.
  std::string line_buffer_;
  std::string key_buffer_;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_RECORD_EMITTER_H_
