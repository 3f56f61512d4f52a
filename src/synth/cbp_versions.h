// CbpVersions: the rows one CBP e3 record is written as.
//
// e3 kept one record per person per apprehension and overwrote it: the record was entered with
// the family unit as recorded at processing; when a parent of the unit was referred, agents
// deleted the unit (FAMILY_UNIT_ID, FAMILY_ROLE and CLAIMED_PARENT_ID gone); the detention module
// filled in the book-out when the person left CBP. The export writes each state that was entered
// as a row of its own, with the same EVENT_NO and a later ENTRY_DATE (a *revision*), so a reader
// sees what was known when (docs/agency-formats.md, "Versions of a CBP record").
//
// PlanCbpVersions decides the versions from the copy's first entry day and the times of the
// changes; ApplyCbpVersion lays one version onto the row and answer-key entry as first rendered.
//
//   auto versions = PlanCbpVersions(entered, /*has_unit=*/true, deleted_at, book_out->at);
//   for (size_t i = 0; i < versions.size(); ++i) {
//     ExportRow row = first_row;  AnswerKeyEntry key = first_key;
//     ApplyCbpVersion(versions[i], static_cast<int>(i) + 1, &*book_out, false, row, key);
//   }
//
// Thread safety: pure functions.
#ifndef KINLINK_SYNTH_CBP_VERSIONS_H_
#define KINLINK_SYNTH_CBP_VERSIONS_H_

#include <optional>
#include <vector>

#include "core/civil_time.h"
#include "synth/answer_key.h"
#include "synth/export_layout.h"
#include "synth/record_drafts.h"

namespace kinlink::synth {

struct CbpVersion {
  Date entered;           // the row's ENTRY_DATE
  bool unit = true;       // FAMILY_UNIT_ID, FAMILY_ROLE, CLAIMED_PARENT_ID as first recorded
  bool book_out = false;  // BOOK_OUT_* filled in
  friend bool operator==(const CbpVersion&, const CbpVersion&) = default;
};

// The versions of a record first entered on `first_entered`. A deletion of the unit (only when
// `has_unit`) is always a row of its own, entered on its day or, if later, the day the record was
// entered; a book-out is folded into the row being entered the same day, else a row of its own.
// Entry days never go backwards.
std::vector<CbpVersion> PlanCbpVersions(Date first_entered, bool has_unit,
                                        std::optional<Timestamp> unit_deleted_at,
                                        std::optional<Timestamp> book_out_at);

// The row written when a book-out becomes known after `last` was written.
CbpVersion NextCbpBookOutVersion(const CbpVersion& last, Timestamp book_out_at);

// Rewrites `row` and `key` (the record as first rendered by RenderCbp) into version number
// `number` (1-based): ENTRY_DATE, the unit's columns emptied when the unit is gone (with the
// claim and the unit's errors off the key), the book-out from `book_out` (its truth event added
// to the key's events). `book_out_hole` lists book_out_not_recorded on this row.
void ApplyCbpVersion(const CbpVersion& version, int number, const CbpBookOut* book_out,
                     bool book_out_hole, ExportRow& row, AnswerKeyEntry& key);

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_CBP_VERSIONS_H_
