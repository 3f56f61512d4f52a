#include "sim/report/summary.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/pipeline/replications.h"

namespace kinlink::sim {

const Estimate* SimulationReport::Find(const std::string& metric) const {
  for (const auto& m : metrics) {
    if (m.name == metric) return &m.estimate;
  }
  return nullptr;
}

SimulationReport BuildReport(const Scenario& scenario, const std::vector<ReplicationOutput>& runs,
                             std::uint64_t seed) {
  SimulationReport report;
  report.scenario = &scenario;
  report.seed = seed;
  report.replications = runs.size();
  report.metrics = SummarizeReplications(runs);
  report.daily_mean = MeanDailySeries(runs);
  for (const auto& run : runs) {
    report.separation_days.insert(report.separation_days.end(), run.separation_days.begin(),
                                  run.separation_days.end());
  }
  return report;
}

std::string FormatQuantity(double value) {
  if (!std::isfinite(value)) return "-";
  const double magnitude = std::abs(value);
  if (magnitude < 100 && std::abs(value - std::round(value)) > 0.05) {
    return fmt::format("{:.1f}", value);
  }
  auto whole = static_cast<long long>(std::llround(value));
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return whole < 0 ? "-" + out : out;
}

namespace {

std::string Row(const SimulationReport& report, const std::string& label,
                const std::string& metric) {
  const Estimate* e = report.Find(metric);
  if (e == nullptr) return fmt::format("  {:<52} {:>12}\n", label, "-");
  std::string ci = report.replications > 1 ? fmt::format("[{} .. {}]", FormatQuantity(e->lower),
                                                         FormatQuantity(e->upper))
                                           : "";
  return fmt::format("  {:<52} {:>12}  {}\n", label, FormatQuantity(e->mean), ci);
}

}  // namespace

std::string FormatSummary(const SimulationReport& report) {
  const Scenario& s = *report.scenario;
  std::string out =
      fmt::format("Scenario {} ({} .. {}), {} replication{}, seed {}\n", s.name,
                  FormatDate(s.start), FormatDate(s.end - std::chrono::days(1)),
                  report.replications, report.replications == 1 ? "" : "s", report.seed);
  out += fmt::format("  {:<52} {:>12}  {}\n", "", "mean", "95% CI");
  out += "Separations\n";
  out += Row(report, "children separated", "children_separated");
  out += Row(report, "separation duration, days: median", "separation_days_median");
  out += Row(report, "separation duration, days: 90th percentile", "separation_days_p90");
  out += Row(report, "separation duration, days: longest", "separation_days_max");
  out += Row(report, "children reunified with the parent", "children_reunified");
  out += Row(report, "children released to another sponsor", "children_released_to_sponsor");
  out += Row(report, "children still separated at the end", "children_still_separated");
  out +=
      Row(report, fmt::format("children held by CBP over {:g} hours", s.cbp.child_hold_limit_hours),
          "children_cbp_over_limit");
  out +=
      Row(report, "parents removed while their child stays in ORR", "parents_removed_child_in_orr");
  int usms_beds = 0;
  for (const auto& d : s.districts) usms_beds += d.usms_beds;
  out += fmt::format("US Marshals custody ({} beds for these defendants)\n",
                     FormatQuantity(usms_beds));
  out += Row(report, "peak occupancy, all districts", "usms_peak");
  out += Row(report, "mean occupancy, all districts", "usms_mean");
  for (District district : kAllDistricts) {
    const std::string code(ToString(district));
    const int beds = s.districts[static_cast<int>(district)].usms_beds;
    out += Row(report, fmt::format("{} ({} beds): peak", DisplayName(district), beds),
               "usms_peak_" + code);
    out += Row(report, fmt::format("{}: days over capacity", DisplayName(district)),
               "usms_days_over_" + code);
  }
  out += fmt::format("ORR ({} beds, {} taken by other children)\n", FormatQuantity(s.orr.beds),
                     FormatQuantity(s.orr.background_occupancy));
  out += Row(report, "peak occupancy", "orr_peak");
  out += Row(report, "mean occupancy", "orr_mean");
  out += Row(report, "days at capacity", "orr_days_at_capacity");
  out += "Prosecution (prosecuted / declined / declined for capacity)\n";
  for (District district : kAllDistricts) {
    const std::string code(ToString(district));
    out +=
        Row(report, fmt::format("{}: prosecuted", DisplayName(district)), "prosecutions_" + code);
    out += Row(report, fmt::format("{}: declined", DisplayName(district)), "declinations_" + code);
    out += Row(report, fmt::format("{}: declined for capacity", DisplayName(district)),
               "declinations_capacity_" + code);
  }
  out += "Border Patrol agent-hours\n";
  out += Row(report, "diverted to prosecution and separation", "agent_hours_diverted");
  out += Row(report, "total", "agent_hours_total");
  if (s.court_order) {
    const auto& o = *s.court_order;
    out += fmt::format("Court order of {}\n", FormatDate(o.date));
    out += Row(report, fmt::format("children under {} separated on that day", o.young_under_age),
               "order_young_in_scope");
    out += Row(report,
               fmt::format("  reunified by {}",
                           FormatDate(o.date + std::chrono::days(o.young_deadline_days))),
               "order_young_by_deadline");
    out +=
        Row(report, fmt::format("children {} and older separated on that day", o.young_under_age),
            "order_older_in_scope");
    out += Row(report,
               fmt::format("  reunified by {}",
                           FormatDate(o.date + std::chrono::days(o.older_deadline_days))),
               "order_older_by_deadline");
  }
  return out;
}

std::string FormatCalibration(const std::vector<CalibrationRow>& rows) {
  std::string out = "Calibration against published figures (model: mean and 95% CI)\n";
  out += fmt::format("  {:<58} {:<23} {:>9} {:>9}  {:<21} {:>7}  {}\n", "figure", "period",
                     "published", "model", "95% CI", "diff", "within");
  for (const auto& row : rows) {
    const auto& f = row.figure;
    std::string period = f.level ? fmt::format("on {}", FormatDate(f.from))
                                 : fmt::format("{} .. {}", FormatDate(f.from), FormatDate(f.to));
    std::string verdict = fmt::format("{} ±{:.0f}%", row.within ? "yes" : "NO", f.tolerance * 100);
    if (!f.sets_input.empty()) verdict += " (set an input)";
    out += fmt::format(
        "  {:<58} {:<23} {:>9} {:>9}  {:<21} {:>+6.1f}%  {}\n", f.label, period,
        FormatQuantity(f.value), FormatQuantity(row.model.mean),
        fmt::format("[{} .. {}]", FormatQuantity(row.model.lower), FormatQuantity(row.model.upper)),
        row.deviation * 100, verdict);
  }
  if (rows.empty()) out += "  (no published figure covers this scenario)\n";
  return out;
}

namespace {

nlohmann::json EstimateJson(const Estimate& e) {
  return {{"mean", e.mean},
          {"ci_lower", e.lower},
          {"ci_upper", e.upper},
          {"stddev", e.stddev},
          {"min", e.min},
          {"max", e.max},
          {"n", e.n}};
}

}  // namespace

nlohmann::json ReportJson(const SimulationReport& report) {
  const Scenario& s = *report.scenario;
  nlohmann::json j;
  j["scenario"] = s.name;
  j["start"] = FormatDate(s.start);
  j["end"] = FormatDate(s.end);
  j["seed"] = report.seed;
  j["replications"] = report.replications;
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& m : report.metrics) metrics[m.name] = EstimateJson(m.estimate);
  j["metrics"] = std::move(metrics);
  if (report.calibration) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : *report.calibration) {
      nlohmann::json r = {{"figure", row.figure.label},          {"metric", row.figure.metric},
                          {"from", FormatDate(row.figure.from)}, {"to", FormatDate(row.figure.to)},
                          {"published", row.figure.value},       {"source", row.figure.source},
                          {"tolerance", row.figure.tolerance},   {"model", EstimateJson(row.model)},
                          {"deviation", row.deviation},          {"within", row.within}};
      if (!row.figure.sets_input.empty()) r["sets_input"] = row.figure.sets_input;
      rows.push_back(std::move(r));
    }
    j["calibration"] = std::move(rows);
  }
  return j;
}

std::string MetricsCsv(const SimulationReport& report) {
  std::string out = "metric,mean,ci_lower,ci_upper,stddev,min,max,replications\n";
  for (const auto& m : report.metrics) {
    const Estimate& e = m.estimate;
    out += fmt::format("{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", m.name, e.mean, e.lower,
                       e.upper, e.stddev, e.min, e.max, e.n);
  }
  return out;
}

std::string DailyCsv(const SimulationReport& report) {
  std::string out = "date";
  for (const auto& series : report.daily_mean) out += "," + series.name;
  out += "\n";
  const int days = report.scenario->days();
  for (int d = 0; d < days; ++d) {
    out += FormatDate(report.scenario->start + std::chrono::days(d));
    for (const auto& series : report.daily_mean) {
      out += fmt::format(",{:.6g}",
                         d < static_cast<int>(series.values.size()) ? series.values[d] : 0.0);
    }
    out += "\n";
  }
  return out;
}

std::string CalibrationCsv(const std::vector<CalibrationRow>& rows) {
  std::string out =
      "figure,metric,from,to,published,model_mean,ci_lower,ci_upper,deviation,tolerance,within,"
      "sets_input,source\n";
  auto quote = [](const std::string& s) { return "\"" + s + "\""; };
  for (const auto& row : rows) {
    const auto& f = row.figure;
    out += fmt::format("{},{},{},{},{:g},{:.6g},{:.6g},{:.6g},{:.4f},{:g},{},{},{}\n",
                       quote(f.label), f.metric, FormatDate(f.from), FormatDate(f.to), f.value,
                       row.model.mean, row.model.lower, row.model.upper, row.deviation, f.tolerance,
                       row.within ? "yes" : "no", quote(f.sets_input), quote(f.source));
  }
  return out;
}

}  // namespace kinlink::sim
