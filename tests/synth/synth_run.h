// Helpers for end-to-end tests of Synthesize: run it into memory, read an export back in its
// layout (ReadExport: any bytes), read the answer key's lines of one kind, read one cell by column
// name.
//
//   auto run = testing::Synth(truth_text, options);
//   auto rows = testing::ReadRows(*run, ExportAgency::kCbp);
//   testing::Cell(rows[0], ExportAgency::kCbp, "BOOK_OUT_DATE");
#ifndef KINLINK_TESTS_SYNTH_SYNTH_RUN_H_
#define KINLINK_TESTS_SYNTH_SYNTH_RUN_H_

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "synth/export_reader.h"
#include "synth/synthesizer.h"

namespace kinlink::synth::testing {

struct Run {
  MemorySink sink;
  SynthSummary summary;
};

inline std::unique_ptr<Run> Synth(const std::string& truth, const SynthOptions& options) {
  auto run = std::make_unique<Run>();
  std::istringstream in(truth);
  auto summary = Synthesize(in, run->sink, options);
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  if (summary.ok()) run->summary = *summary;
  return run;
}

// The rows of an export's bytes, read back in its layout.
inline std::vector<ExportRow> ReadExport(const ExportLayout& layout, const std::string& bytes) {
  std::istringstream in(bytes);
  ExportReader reader(layout, in, std::string(layout.file_name));
  std::vector<ExportRow> rows;
  ExportRow row;
  while (true) {
    auto more = reader.Next(&row);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    rows.push_back(row);
  }
  return rows;
}

inline std::vector<ExportRow> ReadRows(const Run& run, ExportAgency agency) {
  const ExportLayout& layout = LayoutFor(agency);
  return ReadExport(layout, run.sink.Contents(layout.file_name));
}

inline std::vector<nlohmann::json> KeyLines(const Run& run, const std::string& kind) {
  std::istringstream in(run.sink.Contents(kAnswerKeyFileName));
  std::vector<nlohmann::json> lines;
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["kind"] == kind) lines.push_back(j);
  }
  return lines;
}

inline std::string Cell(const ExportRow& row, ExportAgency agency, std::string_view column) {
  int index = LayoutFor(agency).ColumnIndex(column);
  EXPECT_GE(index, 0) << column;
  return FieldText(row[static_cast<size_t>(index)]);
}

// tests/synth/data/small_truth.jsonl: two families and a single adult through the pipeline.
inline std::string SmallTruth() {
  std::ifstream in(std::string(KINLINK_TEST_DATA_DIR) + "/data/small_truth.jsonl");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace kinlink::synth::testing

#endif  // KINLINK_TESTS_SYNTH_SYNTH_RUN_H_
