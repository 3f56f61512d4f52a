// The simulator's report: the summary table (mean and 95% CI across replications), the
// calibration table, and their JSON and CSV forms. Text is for people; JSON and CSV for programs.
//
//   SimulationReport report = BuildReport(scenario, runs, seed);
//   std::cout << FormatSummary(report);
//   std::cout << FormatCalibration(report.calibration);
//   nlohmann::json j = ReportJson(report);
//
// Thread safety: functions over values.
#ifndef KINLINK_SIM_REPORT_SUMMARY_H_
#define KINLINK_SIM_REPORT_SUMMARY_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/replication.h"
#include "sim/pipeline/pipeline_model.h"
#include "sim/report/calibration.h"
#include "sim/scenario/scenario.h"

namespace kinlink::sim {

struct SimulationReport {
  const Scenario* scenario = nullptr;  // borrowed
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  std::vector<MetricSummary> metrics;
  std::vector<DailySeries> daily_mean;
  std::vector<double> separation_days;  // pooled over replications
  std::optional<std::vector<CalibrationRow>> calibration;

  const Estimate* Find(const std::string& metric) const;
};

SimulationReport BuildReport(const Scenario& scenario, const std::vector<ReplicationOutput>& runs,
                             std::uint64_t seed);

// "12,345" for large numbers, "40.9" below 100 (one decimal unless integral).
std::string FormatQuantity(double value);

std::string FormatSummary(const SimulationReport& report);
std::string FormatCalibration(const std::vector<CalibrationRow>& rows);
nlohmann::json ReportJson(const SimulationReport& report);
// metric,mean,ci_lower,ci_upper,stddev,min,max,replications
std::string MetricsCsv(const SimulationReport& report);
// date,<series>... (means over replications)
std::string DailyCsv(const SimulationReport& report);
std::string CalibrationCsv(const std::vector<CalibrationRow>& rows);

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_REPORT_SUMMARY_H_
