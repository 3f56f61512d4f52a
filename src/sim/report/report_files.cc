#include "sim/report/report_files.h"

#include <fmt/format.h>

#include <fstream>

#include "sim/report/svg_chart.h"

namespace kinlink::sim {
namespace {

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  return Status::Ok();
}

const std::vector<double>* Daily(const SimulationReport& report, const std::string& name) {
  for (const auto& s : report.daily_mean) {
    if (s.name == name) return &s.values;
  }
  return nullptr;
}

std::vector<std::pair<double, std::string>> MonthTicks(const Scenario& s) {
  std::vector<std::pair<double, std::string>> ticks;
  for (int d = 0; d < s.days(); ++d) {
    const std::chrono::year_month_day ymd(s.start + std::chrono::days(d));
    if (static_cast<unsigned>(ymd.day()) == 1) {
      ticks.push_back(
          {static_cast<double>(d), FormatDate(s.start + std::chrono::days(d)).substr(0, 7)});
    }
  }
  return ticks;
}

}  // namespace

std::vector<std::string> ReportFileNames(bool with_calibration) {
  std::vector<std::string> names = {"summary.json", "summary.csv", "daily.csv"};
  if (with_calibration) names.push_back("calibration.csv");
  for (const char* svg : {"occupancy.svg", "separations.svg", "separation-duration.svg"}) {
    names.push_back(svg);
  }
  return names;
}

Status WriteReportFiles(const std::filesystem::path& dir, const SimulationReport& report) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    return UnavailableError(fmt::format("cannot create '{}': {}", dir.string(), error.message()));
  const Scenario& s = *report.scenario;
  KINLINK_RETURN_IF_ERROR(WriteFile(dir / "summary.json", ReportJson(report).dump(2) + "\n"));
  KINLINK_RETURN_IF_ERROR(WriteFile(dir / "summary.csv", MetricsCsv(report)));
  KINLINK_RETURN_IF_ERROR(WriteFile(dir / "daily.csv", DailyCsv(report)));
  if (report.calibration) {
    KINLINK_RETURN_IF_ERROR(
        WriteFile(dir / "calibration.csv", CalibrationCsv(*report.calibration)));
  }
  const auto days = static_cast<std::size_t>(s.days());
  int usms_beds = 0;
  for (const auto& d : s.districts) usms_beds += d.usms_beds;
  SvgChart occupancy(
      fmt::format("{}: occupancy against capacity (daily peak, mean of runs)", s.name), "date",
      "people");
  if (const auto* v = Daily(report, "usms_occupancy"))
    occupancy.AddLine("US Marshals", *v, "#1f77b4");
  occupancy.AddLine("US Marshals beds", std::vector<double>(days, usms_beds), "#1f77b4", true);
  if (const auto* v = Daily(report, "orr_occupancy")) {
    std::vector<double> separated;
    for (double x : *v) separated.push_back(x - s.orr.background_occupancy);
    occupancy.AddLine("ORR beds used by separated children", separated, "#d62728");
  }
  occupancy.AddLine("ORR beds free for them",
                    std::vector<double>(days, std::max(0, s.orr.beds - s.orr.background_occupancy)),
                    "#d62728", true);
  occupancy.SetXTicks(MonthTicks(s));
  KINLINK_RETURN_IF_ERROR(WriteFile(dir / "occupancy.svg", occupancy.Render()));
  SvgChart separations(fmt::format("{}: children separated per day (mean of runs)", s.name), "date",
                       "children");
  if (const auto* v = Daily(report, "children_separated")) {
    separations.AddBars("children separated", *v, "#8c564b");
  }
  separations.SetXTicks(MonthTicks(s));
  KINLINK_RETURN_IF_ERROR(WriteFile(dir / "separations.svg", separations.Render()));
  KINLINK_RETURN_IF_ERROR(
      WriteFile(dir / "separation-duration.svg",
                HistogramSvg(fmt::format("{}: separation duration (all runs)", s.name),
                             report.separation_days, 40, "days", "children")));
  return Status::Ok();
}

}  // namespace kinlink::sim
