// Calibration: the published figures of scenarios/calibration.toml beside the model's outputs.
//
// A PublishedFigure names a per-day output of the model (docs/simulator.md) and a window (kind
// "sum": the total from..to, inclusive) or a day (kind "level": the value on `on`), the published
// value, a relative tolerance, its source, and — when the figure was used to set an input — which
// input (so the table does not present a match by construction as a test). The figures are
// targets only: the model never reads them.
//
//   KINLINK_ASSIGN_OR_RETURN(auto figures, LoadPublishedFigures("scenarios/calibration.toml"));
//   std::vector<CalibrationRow> rows = Calibrate(scenario, figures, runs);
//   rows[0].within;   // |mean - value| <= tolerance * value
//
// Errors: InvalidArgument naming file:line and key (as scenario files). Thread safety: functions.
#ifndef KINLINK_SIM_REPORT_CALIBRATION_H_
#define KINLINK_SIM_REPORT_CALIBRATION_H_

#include <filesystem>
#include <string>
#include <vector>

#include "core/civil_time.h"
#include "core/status.h"
#include "sim/engine/replication.h"
#include "sim/pipeline/pipeline_model.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_loader.h"

namespace kinlink::sim {

struct PublishedFigure {
  std::string label;
  std::string metric;
  bool level = false;  // false: sum over [from, to]; true: value on `from`
  Date from;
  Date to;
  double value = 0;
  double tolerance = 0.1;
  std::string source;
  std::string sets_input;  // the input this figure set, or empty
  std::vector<std::string> scenarios;
};

Result<std::vector<PublishedFigure>> ParsePublishedFigures(std::string_view text,
                                                           const std::filesystem::path& file_name);
Result<std::vector<PublishedFigure>> LoadPublishedFigures(
    const std::filesystem::path& path, const FileReader& read = DiskFileReader());

// The figure's model value in one replication; NotFound when the metric is not a series of the
// model, OutOfRange when the window is not inside the scenario's period.
Result<double> FigureValue(const PublishedFigure& figure, const Scenario& scenario,
                           const ReplicationOutput& run);

struct CalibrationRow {
  PublishedFigure figure;
  Estimate model;        // across replications
  double deviation = 0;  // (mean - value) / value
  bool within = false;   // |deviation| <= tolerance
};

// Rows for the figures that list this scenario (by name) and fall inside its period.
Result<std::vector<CalibrationRow>> Calibrate(const Scenario& scenario,
                                              const std::vector<PublishedFigure>& figures,
                                              const std::vector<ReplicationOutput>& runs);

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_REPORT_CALIBRATION_H_
