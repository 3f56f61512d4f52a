// `kinlink simulate SCENARIO`: runs the border-prosecution pipeline model (Monte Carlo) and
// prints the summary table, optionally the calibration table, writes CSV/JSON/SVG to a folder
// and the ground truth of one replication for the synthesizer.
//
// SCENARIO is a path to a TOML file or the name of a file in the scenarios folder, found in this
// order: $KINLINK_SCENARIOS_DIR, $KINLINK_SOURCE_DIR/scenarios, then the scenarios/ folder of the
// source tree the binary was built from. Published figures for --calibration are read from
// calibration.toml in that folder.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <ostream>

#include "cli/command.h"
#include "sim/pipeline/replications.h"
#include "sim/pipeline/truth_writer.h"
#include "sim/report/calibration.h"
#include "sim/report/report_files.h"
#include "sim/report/summary.h"
#include "sim/scenario/scenario_loader.h"

namespace kinlink::cli {
namespace {

namespace fs = std::filesystem;

struct SimulateOptions {
  std::string scenario;
  std::size_t replications = 10;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::string out_dir;
  std::string truth_file;
  bool json = false;
  bool calibration = false;
  bool list = false;
};

fs::path ScenariosDir() {
  if (const char* dir = std::getenv("KINLINK_SCENARIOS_DIR"); dir != nullptr && *dir) return dir;
  if (const char* src = std::getenv("KINLINK_SOURCE_DIR"); src != nullptr && *src) {
    return fs::path(src) / "scenarios";
  }
  // This file is <source>/src/cli/simulate_command.cc.
  return fs::path(__FILE__).parent_path().parent_path().parent_path() / "scenarios";
}

Status WriteTruth(const sim::Scenario& scenario, const SimulateOptions& options) {
  std::ofstream out(options.truth_file, std::ios::binary);
  if (!out) return UnavailableError(fmt::format("cannot write '{}'", options.truth_file));
  sim::TruthHeader header{scenario.name, options.seed, 0, StartOfDay(scenario.start),
                          StartOfDay(scenario.end)};
  sim::TruthWriter truth(out, header);
  sim::PipelineRunOptions run{options.seed, 0, &truth};
  sim::RunPipelineReplication(scenario, run);
  out.close();
  if (!out) return UnavailableError(fmt::format("cannot write '{}'", options.truth_file));
  return Status::Ok();
}

ExitCode Run(const SimulateOptions& options, CommandIo& io) {
  const fs::path dir = ScenariosDir();
  if (options.list) {
    for (const auto& name : sim::ScenarioNames(dir)) io.out << name << "\n";
    return ExitCode::kOk;
  }
  if (options.scenario.empty()) {
    return ReportError(io, InvalidArgumentError("give a SCENARIO (a file, or a name from --list)"));
  }
  auto path = sim::ResolveScenario(options.scenario, dir);
  if (!path.ok()) return ReportError(io, path.status());
  auto scenario = sim::LoadScenarioFile(*path);
  if (!scenario.ok()) return ReportError(io, scenario.status());
  std::vector<sim::PublishedFigure> figures;
  if (options.calibration) {
    auto loaded = sim::LoadPublishedFigures(dir / "calibration.toml");
    if (!loaded.ok()) return ReportError(io, loaded.status());
    figures = std::move(*loaded);
  }

  sim::PipelineReplicationOptions run;
  run.replications = options.replications;
  run.threads = options.threads;
  run.seed = options.seed;
  if (io.stderr_is_terminal) {
    run.progress = [&io](std::size_t done, std::size_t total) {
      const int width = 30;
      const int filled = static_cast<int>(width * done / total);
      io.err << fmt::format("\r[{}{}] {}/{} replications", std::string(filled, '#'),
                            std::string(width - filled, ' '), done, total)
             << (done == total ? "\n" : "") << std::flush;
    };
  }
  std::vector<sim::ReplicationOutput> runs;
  try {
    runs = sim::RunPipelineReplications(*scenario, run);
  } catch (const std::exception& e) {
    return ReportError(io, InternalError(fmt::format("the model failed: {}", e.what())));
  }
  sim::SimulationReport report = sim::BuildReport(*scenario, runs, options.seed);
  if (options.calibration) {
    auto rows = sim::Calibrate(*scenario, figures, runs);
    if (!rows.ok()) return ReportError(io, rows.status());
    report.calibration = std::move(*rows);
  }
  if (options.json) {
    io.out << sim::ReportJson(report).dump(2) << "\n";
  } else {
    io.out << sim::FormatSummary(report);
    if (report.calibration) io.out << "\n" << sim::FormatCalibration(*report.calibration);
  }
  if (!options.out_dir.empty()) {
    Status written = sim::WriteReportFiles(options.out_dir, report);
    if (!written.ok()) return ReportError(io, written);
    io.err << fmt::format("wrote {} files to {}\n",
                          sim::ReportFileNames(report.calibration.has_value()).size(),
                          options.out_dir);
  }
  if (!options.truth_file.empty()) {
    Status written = WriteTruth(*scenario, options);
    if (!written.ok()) return ReportError(io, written);
    io.err << fmt::format("wrote the ground truth of replication 0 to {}\n", options.truth_file);
  }
  return ExitCode::kOk;
}

CommandRunner SetUpSimulate(CLI::App& app) {
  auto options = std::make_shared<SimulateOptions>();
  app.add_option("scenario", options->scenario,
                 "Scenario: a TOML file, or a name from the scenarios folder (see --list)");
  app.add_option("--replications,-n", options->replications, "Monte Carlo replications")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--seed", options->seed, "Master random seed")->capture_default_str();
  app.add_option("--threads", options->threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  app.add_option("--out", options->out_dir,
                 "Write summary.json/.csv, daily.csv, calibration.csv and SVG charts here");
  app.add_option("--truth", options->truth_file,
                 "Write the ground truth of replication 0 (docs/truth-format.md) to this file");
  app.add_flag("--json", options->json, "Print the report as JSON");
  app.add_flag("--calibration", options->calibration,
               "Compare with the published figures of scenarios/calibration.toml");
  app.add_flag("--list", options->list, "List the scenarios in the scenarios folder");
  return [options](CommandIo& io) { return Run(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(simulate,
                         "Simulate the border-prosecution pipeline for a scenario (Monte Carlo)",
                         SetUpSimulate);

}  // namespace kinlink::cli
