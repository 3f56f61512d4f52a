// AnswerKeyWriter: writes answer_key.jsonl, the truth about every exported row
// (docs/agency-formats.md, "Answer key").
//
// One `record` line per exported row, one `relationship` line per true relationship, a header
// first and a footer with the per-agency row counts and the error tally last. The writer owns no
// file; the stream must outlive it.
//
//   AnswerKeyWriter key(stream);
//   key.WriteHeader(header_json);
//   key.WriteRecord(entry);
//   key.WriteFooter(rows_per_agency, relationships, tally);
//
// Thread safety: one writer per stream.
#ifndef KINLINK_SYNTH_ANSWER_KEY_H_
#define KINLINK_SYNTH_ANSWER_KEY_H_

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/family.h"
#include "synth/error_recorder.h"
#include "synth/export_layout.h"

namespace kinlink::synth {

struct AnswerKeyEntry {
  ExportAgency agency = ExportAgency::kCbp;
  std::string record_id;
  std::string person_id;
  std::optional<std::string> family_unit_id;
  std::vector<std::string> event_ids;
  std::optional<std::string> duplicate_of;
  bool late = false;
  // 1 for a record's first row; 2, 3, ... for later rows of the same record id (a revision: CBP's
  // e3 record rewritten when the family unit was deleted or the person booked out).
  int version = 1;
  std::vector<AppliedError> errors;
  std::optional<std::string> claimed_parent_id;
  std::optional<bool> claim_true;
};

class AnswerKeyWriter {
 public:
  explicit AnswerKeyWriter(std::ostream& out) : out_(out) {}
  AnswerKeyWriter(const AnswerKeyWriter&) = delete;
  AnswerKeyWriter& operator=(const AnswerKeyWriter&) = delete;

  void WriteHeader(const nlohmann::ordered_json& header);
  void WriteRecord(const AnswerKeyEntry& entry);
  // The record line WriteRecord writes, without the line end.
  static std::string FormatRecord(const AnswerKeyEntry& entry);
  // The same line appended to `out` (a buffer reused from row to row).
  static void AppendRecord(const AnswerKeyEntry& entry, std::string& out);
  void WriteRelationship(const ParentChildAssociation& association);
  void WriteFooter(const std::array<int64_t, kExportAgencyCount>& rows, int64_t relationships,
                   const ErrorTally& tally);

 private:
  std::ostream& out_;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_ANSWER_KEY_H_
