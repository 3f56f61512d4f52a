// Record rendering: a draft's true facts -> one agency row, through the error models.
//
// Each Render* function lays a draft out in its agency's columns (docs/agency-formats.md),
// drawing every error from the record's own Rng and recording it in the record's ErrorRecorder;
// it also fills the answer-key entry (true person, family, events, claims). The caller decides
// the record id, the entry date and lateness, copies the recorder's applied errors into the
// entry (RecordEmitter does), and writes the row.
//
//   RenderedRecord r = RenderUsms(draft, context, {"B000000017", entry_day}, rng, errors);
//   writer.Write(r.row);
//
// Thread safety: not thread-safe (the registry draws names and assigns agency ids on first use).
#ifndef KINLINK_SYNTH_RECORD_RENDERER_H_
#define KINLINK_SYNTH_RECORD_RENDERER_H_

#include <cstdint>
#include <span>
#include <string>

#include "synth/answer_key.h"
#include "synth/error_recorder.h"
#include "synth/export_layout.h"
#include "synth/name_tables.h"
#include "synth/person_registry.h"
#include "synth/random.h"
#include "synth/record_drafts.h"
#include "synth/synth_config.h"

namespace kinlink::synth {

struct RenderContext {
  PersonRegistry& registry;
  const NameTables& tables;
  const SynthConfig& config;
  uint64_t seed;
};

// What the caller decided about the row before rendering.
struct RowIdentity {
  std::string record_id;
  Date entered;
};

struct RenderedRecord {
  ExportRow row;
  AnswerKeyEntry key;
};

// An adult or family recently seen by CBP, for the wrong-unit and false-claim errors.
struct RecentCbpAdult {
  PersonIndex person = 0;
  FamilyIndex family = kNoFamily;
  uint32_t subject_number = 0;
};
struct RecentCbpFamily {
  FamilyIndex family = kNoFamily;
  std::string number;  // "FMU-RGV-0001234"
};

struct CbpExtras {
  uint32_t subject_number = 0;  // the SUBJECT_ID to write
  std::span<const RecentCbpAdult> recent_adults;
  std::span<const RecentCbpFamily> recent_families;
};

// The row as first entered: with the family unit as recorded and no book-out. `unit_deleted`
// says whether e3 later deleted the unit (family_unit_dropped_after_separation, counted here).
RenderedRecord RenderCbp(const CbpDraft& draft, RenderContext& context, const RowIdentity& id,
                         const CbpExtras& extras, Rng& rng, ErrorRecorder& errors,
                         bool& unit_deleted);
RenderedRecord RenderDocket(const DocketDraft& draft, RenderContext& context, const RowIdentity& id,
                            Rng& rng, ErrorRecorder& errors);
RenderedRecord RenderUsms(const UsmsDraft& draft, RenderContext& context, const RowIdentity& id,
                          Rng& rng, ErrorRecorder& errors);
RenderedRecord RenderIce(const IceDraft& draft, RenderContext& context, const RowIdentity& id,
                         Rng& rng, ErrorRecorder& errors);
RenderedRecord RenderOrr(const OrrDraft& draft, RenderContext& context, const RowIdentity& id,
                         Rng& rng, ErrorRecorder& errors);

// The CBP SUBJECT_ID text for a subject number: "S" + 9 digits.
std::string CbpSubjectId(uint32_t subject_number);

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_RECORD_RENDERER_H_
