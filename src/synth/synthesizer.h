// Synthesize: turns a simulator truth stream into per-agency exports and their answer key.
//
// The synthesizer reads the truth stream once (truth_reader.h), keeps a compact registry of
// persons and families (person_registry.h) and the agency records that are still open (a CBP unit
// waiting to see whether a parent is referred, a Marshals booking until release, an ICE stay
// until book-out, an ORR placement until discharge, a docket until sentence), and writes each
// record when it closes (record_emitter.h). Memory is bounded by the population and by what is
// open at once, never by the number of records. Layouts: docs/agency-formats.md; error models and
// their rates: docs/synthesizer.md.
//
//   std::ifstream truth("truth.jsonl");
//   DirectorySink sink("out/");
//   SynthOptions options{.seed = 7, .config = SynthConfig(), .truth_name = "truth.jsonl"};
//   KINLINK_ASSIGN_OR_RETURN(SynthSummary summary, Synthesize(truth, sink, options));
//
// Errors: a malformed truth stream is InvalidArgument naming the line ("truth.jsonl:12: ...");
// write failures are Unavailable. The same input, seed and config give byte-identical files.
// Thread safety: one call runs on the calling thread; separate calls are independent.
#ifndef KINLINK_SYNTH_SYNTHESIZER_H_
#define KINLINK_SYNTH_SYNTHESIZER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>

#include "core/status.h"
#include "synth/error_recorder.h"
#include "synth/export_layout.h"
#include "synth/export_sink.h"
#include "synth/synth_config.h"
#include "synth/truth_reader.h"

namespace kinlink::synth {

inline constexpr std::string_view kAnswerKeyFileName = "answer_key.jsonl";

struct SynthOptions {
  uint64_t seed = 1;
  SynthConfig config;
  std::string truth_name = "truth";
};

struct SynthProgress {
  int64_t truth_bytes_read = 0;
  int64_t truth_lines_read = 0;
  int64_t rows_written = 0;
};
using SynthProgressCallback = std::function<void(const SynthProgress&)>;

struct SynthSummary {
  TruthHeader truth;
  uint64_t seed = 0;
  int64_t persons = 0;
  int64_t families = 0;
  int64_t relationships = 0;
  int64_t events = 0;
  std::array<int64_t, kExportAgencyCount> rows{};
  int64_t late_rows = 0;
  int64_t duplicate_rows = 0;
  int64_t revision_rows = 0;  // rows that are a later version of a record (CBP), in `rows`
  ErrorTally errors;

  int64_t total_rows() const;
};

// Reads `truth`, writes the five exports and answer_key.jsonl through `sink`. `progress`, when
// set, is called every few thousand truth lines.
Result<SynthSummary> Synthesize(std::istream& truth, ExportSink& sink, const SynthOptions& options,
                                const SynthProgressCallback& progress = {});

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_SYNTHESIZER_H_
