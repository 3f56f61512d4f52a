#include "sim/scenario/internal/toml_reader.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace kinlink::sim::scenario_detail {
namespace {

Date ToDate(const toml::date& d) {
  using namespace std::chrono;
  return sys_days(year(d.year) / month(d.month) / day(d.day));
}

}  // namespace

std::string Where(const toml::node& node, std::string_view fallback_file) {
  const auto& source = node.source();
  std::string file = source.path ? std::string(*source.path) : std::string(fallback_file);
  if (file.empty()) file = "<scenario>";
  if (source.begin.line == 0) return file;
  return fmt::format("{}:{}", file, source.begin.line);
}

std::string Describe(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return fmt::format("a string \"{}\"", *node.value<std::string>());
    case toml::node_type::integer:
      return fmt::format("an integer {}", *node.value<int64_t>());
    case toml::node_type::floating_point:
      return fmt::format("a number {}", *node.value<double>());
    case toml::node_type::boolean:
      return fmt::format("a boolean {}", *node.value<bool>());
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    default:
      return "nothing";
  }
}

const toml::table& TableReader::EmptyTable() {
  static const toml::table empty;
  return empty;
}

TableReader::TableReader(const toml::table& table, std::string key_path, std::string file)
    : table_(table), key_path_(std::move(key_path)), file_(std::move(file)) {}

std::string TableReader::FullKey(std::string_view key) const {
  if (key_path_.empty()) return std::string(key);
  if (key.empty()) return key_path_;
  return key_path_ + "." + std::string(key);
}

bool TableReader::Has(std::string_view key) const { return table_.get(key) != nullptr; }

const toml::node* TableReader::Find(std::string_view key) {
  known_.insert(std::string(key));
  return table_.get(key);
}

Status TableReader::Error(std::string_view key, std::string_view expectation,
                          const toml::node* got) const {
  std::string where = got ? Where(*got, file_) : Where(table_, file_);
  std::string full = FullKey(key);
  if (got == nullptr) {
    return InvalidArgumentError(
        fmt::format("{}: {}: missing; expected {}", where, full, expectation));
  }
  return InvalidArgumentError(
      fmt::format("{}: {}: expected {}, got {}", where, full, expectation, Describe(*got)));
}

Result<std::string> TableReader::String(std::string_view key, std::optional<std::string> fallback) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    if (fallback) return *fallback;
    return Error(key, "a string", nullptr);
  }
  auto value = node->value_exact<std::string>();
  if (!value) return Error(key, "a string", node);
  return *value;
}

Result<double> TableReader::Number(std::string_view key, std::optional<double> fallback, double min,
                                   double max, std::string_view expectation) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    if (fallback) return *fallback;
    return Error(key, expectation, nullptr);
  }
  if (!node->is_number()) return Error(key, expectation, node);
  double value = *node->value<double>();
  if (!std::isfinite(value) || value < min || value > max) return Error(key, expectation, node);
  return value;
}

Result<double> TableReader::Share(std::string_view key, std::optional<double> fallback) {
  return Number(key, fallback, 0, 1, "a share between 0 and 1");
}

Result<int> TableReader::Integer(std::string_view key, std::optional<int> fallback, int min,
                                 int max) {
  const toml::node* node = Find(key);
  std::string expectation = max == std::numeric_limits<int>::max()
                                ? fmt::format("an integer >= {}", min)
                                : fmt::format("an integer between {} and {}", min, max);
  if (node == nullptr) {
    if (fallback) return *fallback;
    return Error(key, expectation, nullptr);
  }
  auto value = node->value_exact<int64_t>();
  if (!value || *value < min || *value > max) return Error(key, expectation, node);
  return static_cast<int>(*value);
}

Result<bool> TableReader::Bool(std::string_view key, std::optional<bool> fallback) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    if (fallback) return *fallback;
    return Error(key, "true or false", nullptr);
  }
  auto value = node->value_exact<bool>();
  if (!value) return Error(key, "true or false", node);
  return *value;
}

Result<Date> TableReader::DateValue(std::string_view key, std::optional<Date> fallback) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    if (fallback) return *fallback;
    return Error(key, "a date such as 2018-05-05 (unquoted)", nullptr);
  }
  auto value = node->value_exact<toml::date>();
  if (!value) return Error(key, "a date such as 2018-05-05 (unquoted)", node);
  return ToDate(*value);
}

Result<DistributionSpec> TableReader::Distribution(std::string_view key,
                                                   std::optional<DistributionSpec> fallback) {
  const toml::node* node = Find(key);
  constexpr std::string_view kExpected =
      "a distribution { dist = \"fixed\"|\"uniform\"|\"exponential\"|\"lognormal\"|"
      "\"triangular\"|\"empirical\", ... } or a number";
  if (node == nullptr) {
    if (fallback) return *fallback;
    return Error(key, kExpected, nullptr);
  }
  if (node->is_number()) {
    double value = *node->value<double>();
    if (value < 0) return Error(key, "a non-negative number", node);
    return DistributionSpec::Fixed(value);
  }
  const toml::table* table = node->as_table();
  if (table == nullptr) return Error(key, kExpected, node);
  TableReader r(*table, FullKey(key), file_);
  KINLINK_ASSIGN_OR_RETURN(std::string dist, r.String("dist", std::nullopt));
  constexpr double kMax = 1e9;
  DistributionSpec spec;
  if (dist == "fixed") {
    KINLINK_ASSIGN_OR_RETURN(double v, r.Number("value", std::nullopt, 0, kMax, "a number >= 0"));
    spec = DistributionSpec::Fixed(v);
  } else if (dist == "uniform") {
    KINLINK_ASSIGN_OR_RETURN(double lo, r.Number("min", std::nullopt, 0, kMax, "a number >= 0"));
    KINLINK_ASSIGN_OR_RETURN(double hi, r.Number("max", std::nullopt, lo, kMax, "a number >= min"));
    spec = DistributionSpec::Uniform(lo, hi);
  } else if (dist == "exponential") {
    KINLINK_ASSIGN_OR_RETURN(double mean,
                             r.Number("mean", std::nullopt, 1e-9, kMax, "a number > 0"));
    spec = DistributionSpec::Exponential(mean);
  } else if (dist == "lognormal") {
    KINLINK_ASSIGN_OR_RETURN(double mean,
                             r.Number("mean", std::nullopt, 1e-9, kMax, "a number > 0"));
    KINLINK_ASSIGN_OR_RETURN(double sd, r.Number("sd", std::nullopt, 0, kMax, "a number >= 0"));
    spec = DistributionSpec::Lognormal(mean, sd);
  } else if (dist == "triangular") {
    KINLINK_ASSIGN_OR_RETURN(double lo, r.Number("min", std::nullopt, 0, kMax, "a number >= 0"));
    KINLINK_ASSIGN_OR_RETURN(double mode,
                             r.Number("mode", std::nullopt, lo, kMax, "a number >= min"));
    KINLINK_ASSIGN_OR_RETURN(double hi,
                             r.Number("max", std::nullopt, mode, kMax, "a number >= mode"));
    spec = DistributionSpec::Triangular(lo, mode, hi);
  } else if (dist == "empirical") {
    const toml::node* values = r.Find("values");
    const toml::node* weights = r.Find("weights");
    if (values == nullptr || !values->is_array() || values->as_array()->empty()) {
      return r.Error("values", "a non-empty array of numbers >= 0", values);
    }
    if (weights == nullptr || !weights->is_array() ||
        weights->as_array()->size() != values->as_array()->size()) {
      return r.Error("weights", "an array of weights, one per value", weights);
    }
    std::vector<double> vs, ws;
    for (const auto& v : *values->as_array()) {
      if (!v.is_number() || *v.value<double>() < 0) {
        return r.Error("values", "numbers >= 0", &v);
      }
      vs.push_back(*v.value<double>());
    }
    for (const auto& w : *weights->as_array()) {
      if (!w.is_number() || *w.value<double>() < 0) {
        return r.Error("weights", "weights >= 0", &w);
      }
      ws.push_back(*w.value<double>());
    }
    spec = DistributionSpec::Empirical(std::move(vs), std::move(ws));
  } else {
    return r.Error("dist",
                   "one of \"fixed\", \"uniform\", \"exponential\", \"lognormal\", "
                   "\"triangular\", \"empirical\"",
                   table->get("dist"));
  }
  KINLINK_RETURN_IF_ERROR(r.Finish());
  return spec;
}

Result<Schedule> TableReader::ScheduleValue(std::string_view key, Date period_start, double min,
                                            double max) {
  const toml::node* node = Find(key);
  std::string expectation = fmt::format(
      "a number between {:g} and {:g}, or an array [{{ from = DATE, value = X }}, ...]", min, max);
  if (node == nullptr) return Error(key, expectation, nullptr);
  if (node->is_number()) {
    double v = *node->value<double>();
    if (v < min || v > max) return Error(key, expectation, node);
    return Schedule::Constant(period_start, v);
  }
  const toml::array* array = node->as_array();
  if (array == nullptr || array->empty()) return Error(key, expectation, node);
  Schedule schedule;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* point = array->get(i)->as_table();
    std::string point_key = fmt::format("{}[{}]", key, i);
    if (point == nullptr) return Error(point_key, "{ from = DATE, value = X }", array->get(i));
    TableReader r(*point, FullKey(point_key), file_);
    KINLINK_ASSIGN_OR_RETURN(Date from, r.DateValue("from", std::nullopt));
    KINLINK_ASSIGN_OR_RETURN(double value,
                             r.Number("value", std::nullopt, min, max,
                                      fmt::format("a number between {:g} and {:g}", min, max)));
    KINLINK_RETURN_IF_ERROR(r.Finish());
    if (!schedule.points.empty() && from <= schedule.points.back().from) {
      return r.Error("from", "dates in increasing order", point->get("from"));
    }
    if (schedule.points.empty() && from > period_start) {
      return r.Error("from", "the first point to start on or before the scenario's start",
                     point->get("from"));
    }
    schedule.points.push_back({from, value});
  }
  return schedule;
}

Result<TableReader> TableReader::Table(std::string_view key, bool required) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    if (required) return Error(key, "a table", nullptr);
    return TableReader(EmptyTable(), FullKey(key), file_);
  }
  const toml::table* table = node->as_table();
  if (table == nullptr) return Error(key, "a table", node);
  return TableReader(*table, FullKey(key), file_);
}

Result<std::vector<TableReader>> TableReader::TableArray(std::string_view key) {
  const toml::node* node = Find(key);
  std::vector<TableReader> readers;
  if (node == nullptr) return readers;
  const toml::array* array = node->as_array();
  if (array == nullptr) return Error(key, "an array of tables [[...]]", node);
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* table = array->get(i)->as_table();
    std::string item = fmt::format("{}[{}]", key, i);
    if (table == nullptr) return Error(item, "a table", array->get(i));
    readers.emplace_back(*table, FullKey(item), file_);
  }
  return readers;
}

Status TableReader::Finish() const {
  for (const auto& [key, node] : table_) {
    if (known_.count(std::string(key.str()))) continue;
    std::string accepted;
    for (const auto& k : known_) accepted += (accepted.empty() ? "" : ", ") + k;
    return InvalidArgumentError(fmt::format("{}: {}: unknown key; expected one of: {}",
                                            Where(node, file_), FullKey(key.str()), accepted));
  }
  return Status::Ok();
}

}  // namespace kinlink::sim::scenario_detail
