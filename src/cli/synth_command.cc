// `kinlink synth --truth FILE --out DIR [--config FILE] [--seed S] [--json]`: turns a simulator
// truth stream into the messy per-agency records (docs/agency-formats.md) and their answer key,
// and prints how many records each agency got and how many errors of each kind were applied.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "core/progress_bar.h"
#include "synth/export_layout.h"
#include "synth/export_sink.h"
#include "synth/synth_config.h"
#include "synth/synthesizer.h"

namespace kinlink::cli {
namespace {

struct SynthCommandOptions {
  std::string truth;
  std::string out;
  std::string config;
  uint64_t seed = 1;
  bool json = false;
};

nlohmann::ordered_json SummaryJson(const SynthCommandOptions& options,
                                   const synth::SynthSummary& summary,
                                   const synth::SynthConfig& config) {
  nlohmann::ordered_json records = nlohmann::ordered_json::object();
  for (auto agency : synth::kAllExportAgencies) {
    records[std::string(synth::ToString(agency))] = {
        {"file", synth::LayoutFor(agency).file_name},
        {"records", summary.rows[static_cast<int>(agency)]}};
  }
  nlohmann::ordered_json errors = nlohmann::ordered_json::object();
  for (const auto& info : synth::AllErrorKinds()) {
    errors[std::string(info.code)] = {{"applied", summary.errors.applied_of(info.kind)},
                                      {"opportunities", summary.errors.opportunities_of(info.kind)},
                                      {"configured_rate", config.rate(info.kind)}};
  }
  return {{"truth", options.truth},
          {"out", options.out},
          {"scenario", summary.truth.scenario},
          {"seed", options.seed},
          {"persons", summary.persons},
          {"families", summary.families},
          {"relationships", summary.relationships},
          {"events", summary.events},
          {"records_total", summary.total_rows()},
          {"late_records", summary.late_rows},
          {"duplicate_records", summary.duplicate_rows},
          {"revision_rows", summary.revision_rows},
          {"answer_key", synth::kAnswerKeyFileName},
          {"records", records},
          {"errors", errors}};
}

void PrintSummary(std::ostream& out, const SynthCommandOptions& options,
                  const synth::SynthSummary& summary, const synth::SynthConfig& config) {
  out << fmt::format("synthesized {} records for {} persons in {} families from {} events\n",
                     summary.total_rows(), summary.persons, summary.families, summary.events);
  if (summary.revision_rows > 0) {
    out << fmt::format("{} of the rows are later versions of a CBP record (e3 revisions)\n",
                       summary.revision_rows);
  }
  out << fmt::format("scenario {}, seed {}, written to {}/ with {}\n",
                     summary.truth.scenario.empty() ? "(unnamed)" : summary.truth.scenario,
                     options.seed, options.out, synth::kAnswerKeyFileName);
  out << fmt::format("{:<6} {:<24} {:>10}\n", "agency", "file", "records");
  for (auto agency : synth::kAllExportAgencies) {
    out << fmt::format("{:<6} {:<24} {:>10}\n", synth::ToString(agency),
                       synth::LayoutFor(agency).file_name, summary.rows[static_cast<int>(agency)]);
  }
  out << fmt::format("{:<37} {:>9} {:>13} {:>7} {:>10}\n", "error", "applied", "opportunities",
                     "rate", "configured");
  for (const auto& info : synth::AllErrorKinds()) {
    int64_t applied = summary.errors.applied_of(info.kind);
    int64_t opportunities = summary.errors.opportunities_of(info.kind);
    std::string rate =
        opportunities > 0 ? fmt::format("{:.1f}%", 100.0 * applied / opportunities) : "-";
    out << fmt::format("{:<37} {:>9} {:>13} {:>7} {:>9.1f}%\n", info.code, applied, opportunities,
                       rate, 100 * config.rate(info.kind));
  }
}

ExitCode RunSynth(const SynthCommandOptions& options, CommandIo& io) {
  synth::SynthConfig config;
  if (!options.config.empty()) {
    auto loaded = synth::LoadSynthConfig(options.config);
    if (!loaded.ok()) return ReportError(io, loaded.status());
    config = *loaded;
  }
  std::ifstream truth(options.truth, std::ios::binary);
  if (!truth) {
    return ReportError(io,
                       NotFoundError(fmt::format("cannot open truth file '{}'", options.truth)));
  }
  std::error_code size_error;
  int64_t total = static_cast<int64_t>(std::filesystem::file_size(options.truth, size_error));
  if (size_error) total = 0;
  std::unique_ptr<ProgressBar> bar;
  synth::SynthProgressCallback progress;
  if (io.stderr_is_terminal) {
    bar = std::make_unique<ProgressBar>(io.err);
    progress = [&bar, total](const synth::SynthProgress& p) {
      double fraction = total > 0 ? double(p.truth_bytes_read) / double(total) : 0.0;
      bar->Update("synth", fraction, fmt::format("{} rows", p.rows_written));
    };
  }
  synth::DirectorySink sink(options.out);
  synth::SynthOptions synth_options{options.seed, config, options.truth};
  auto summary = synth::Synthesize(truth, sink, synth_options, progress);
  if (bar) bar->Finish();
  if (!summary.ok()) return ReportError(io, summary.status());
  if (options.json) {
    io.out << SummaryJson(options, *summary, config).dump(2) << "\n";
  } else {
    PrintSummary(io.out, options, *summary, config);
  }
  return ExitCode::kOk;
}

CommandRunner SetUpSynth(CLI::App& app) {
  auto options = std::make_shared<SynthCommandOptions>();
  app.add_option("--truth", options->truth, "Truth stream from `kinlink simulate --truth`")
      ->required();
  app.add_option("--out", options->out, "Directory for the agency exports and answer_key.jsonl")
      ->required();
  app.add_option("--config", options->config,
                 "Error-model rates (TOML; defaults: config/synth.toml, docs/synthesizer.md)");
  app.add_option("--seed", options->seed, "Seed for names and errors (same seed, same files)")
      ->capture_default_str();
  app.add_flag("--json", options->json, "Print the summary as JSON");
  app.footer("Layouts: docs/agency-formats.md. Error models: docs/synthesizer.md.");
  return [options](CommandIo& io) { return RunSynth(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(synth, "Turn a simulated truth stream into messy per-agency records",
                         SetUpSynth);

}  // namespace kinlink::cli
