#include "sim/report/calibration.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>

#include "sim/scenario/internal/toml_reader.h"

namespace kinlink::sim {

using scenario_detail::TableReader;

Result<std::vector<PublishedFigure>> ParsePublishedFigures(std::string_view text,
                                                           const std::filesystem::path& file_name) {
  toml::table table;
  try {
    table = toml::parse(text, file_name.string());
  } catch (const toml::parse_error& e) {
    return InvalidArgumentError(fmt::format("{}:{}: not valid TOML: {}", file_name.string(),
                                            e.source().begin.line, e.description()));
  }
  TableReader root(table, "", file_name.string());
  KINLINK_ASSIGN_OR_RETURN(std::vector<TableReader> items, root.TableArray("figure"));
  KINLINK_RETURN_IF_ERROR(root.Finish());
  std::vector<PublishedFigure> figures;
  for (TableReader& r : items) {
    PublishedFigure f;
    KINLINK_ASSIGN_OR_RETURN(f.label, r.String("label", std::nullopt));
    KINLINK_ASSIGN_OR_RETURN(f.metric, r.String("metric", std::nullopt));
    KINLINK_ASSIGN_OR_RETURN(std::string kind, r.String("kind", "sum"));
    if (kind != "sum" && kind != "level") {
      return r.Error("kind", "\"sum\" or \"level\"", r.table().get("kind"));
    }
    f.level = kind == "level";
    if (f.level) {
      KINLINK_ASSIGN_OR_RETURN(f.from, r.DateValue("on", std::nullopt));
      f.to = f.from;
    } else {
      KINLINK_ASSIGN_OR_RETURN(f.from, r.DateValue("from", std::nullopt));
      KINLINK_ASSIGN_OR_RETURN(f.to, r.DateValue("to", std::nullopt));
      if (f.to < f.from) return r.Error("to", "a date on or after from", r.table().get("to"));
    }
    KINLINK_ASSIGN_OR_RETURN(f.value, r.Number("value", std::nullopt, 1e-9, 1e12, "a number > 0"));
    KINLINK_ASSIGN_OR_RETURN(f.tolerance, r.Share("tolerance", 0.1));
    KINLINK_ASSIGN_OR_RETURN(f.source, r.String("source", std::nullopt));
    KINLINK_ASSIGN_OR_RETURN(f.sets_input, r.String("sets_input", std::string()));
    const toml::node* scenarios = r.table().get("scenarios");
    r.Accept("scenarios");
    if (scenarios == nullptr || !scenarios->is_array()) {
      return r.Error("scenarios", "an array of scenario names", scenarios);
    }
    for (const auto& item : *scenarios->as_array()) {
      auto name = item.value_exact<std::string>();
      if (!name) return r.Error("scenarios", "scenario names (strings)", &item);
      f.scenarios.push_back(*name);
    }
    KINLINK_RETURN_IF_ERROR(r.Finish());
    figures.push_back(std::move(f));
  }
  return figures;
}

Result<std::vector<PublishedFigure>> LoadPublishedFigures(const std::filesystem::path& path,
                                                          const FileReader& read) {
  KINLINK_ASSIGN_OR_RETURN(std::string text, read(path));
  return ParsePublishedFigures(text, path);
}

Result<double> FigureValue(const PublishedFigure& figure, const Scenario& scenario,
                           const ReplicationOutput& run) {
  const DailySeries* series = run.FindDaily(figure.metric);
  if (series == nullptr) {
    return NotFoundError(fmt::format("the model has no per-day output '{}'", figure.metric));
  }
  const auto first = (figure.from - scenario.start).count();
  const auto last = (figure.to - scenario.start).count();
  if (first < 0 || last >= static_cast<long>(series->values.size())) {
    return OutOfRangeError(fmt::format("{} .. {} is outside the scenario's period",
                                       FormatDate(figure.from), FormatDate(figure.to)));
  }
  if (figure.level) return series->values[first];
  double sum = 0;
  for (auto d = first; d <= last; ++d) sum += series->values[d];
  return sum;
}

Result<std::vector<CalibrationRow>> Calibrate(const Scenario& scenario,
                                              const std::vector<PublishedFigure>& figures,
                                              const std::vector<ReplicationOutput>& runs) {
  std::vector<CalibrationRow> rows;
  for (const auto& figure : figures) {
    if (std::find(figure.scenarios.begin(), figure.scenarios.end(), scenario.name) ==
        figure.scenarios.end()) {
      continue;
    }
    if (figure.from < scenario.start || figure.to >= scenario.end) continue;
    std::vector<double> values;
    for (const auto& run : runs) {
      KINLINK_ASSIGN_OR_RETURN(double v, FigureValue(figure, scenario, run));
      values.push_back(v);
    }
    CalibrationRow row;
    row.figure = figure;
    row.model = MeanConfidenceInterval(values);
    row.deviation = (row.model.mean - figure.value) / figure.value;
    row.within = std::abs(row.deviation) <= figure.tolerance;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace kinlink::sim
