// TableReader: typed reading of one TOML table with errors that name the file, the line, the
// full key and what was expected. Internal to src/sim/scenario.
//
// Every key read is remembered; Finish() reports the first key nobody read as unknown, listing
// the keys that table accepts. Readers of sub-tables share the file name and extend the key path.
//
//   TableReader r(root, "", "zero.toml");
//   KINLINK_ASSIGN_OR_RETURN(double share, r.Share("parents", 0.0));
//   KINLINK_RETURN_IF_ERROR(r.Finish());
//   // error: "zero.toml:12: referral.parents: expected a share between 0 and 1, got 1.4"
//
// Thread safety: none needed; one reader per table on one thread.
#ifndef KINLINK_SIM_SCENARIO_INTERNAL_TOML_READER_H_
#define KINLINK_SIM_SCENARIO_INTERNAL_TOML_READER_H_

#include <toml++/toml.h>

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.h"
#include "core/status.h"
#include "sim/scenario/distribution.h"
#include "sim/scenario/scenario.h"

namespace kinlink::sim::scenario_detail {

// "file:line" of a node ("file" alone when the node has no position).
std::string Where(const toml::node& node, std::string_view fallback_file);
// Describes a node's type for messages: "a string \"x\"", "an integer 3", "a table".
std::string Describe(const toml::node& node);

class TableReader {
 public:
  TableReader(const toml::table& table, std::string key_path, std::string file);

  const toml::table& table() const { return table_; }
  const std::string& key_path() const { return key_path_; }
  bool Has(std::string_view key) const;
  // Marks a key as known without reading it (handled elsewhere).
  void Accept(std::string_view key) { known_.insert(std::string(key)); }

  // Each reader returns `fallback` when the key is absent, or an error when it is absent and
  // there is no fallback, or present with the wrong type or out of range.
  Result<std::string> String(std::string_view key, std::optional<std::string> fallback);
  Result<double> Number(std::string_view key, std::optional<double> fallback, double min,
                        double max, std::string_view expectation);
  Result<double> Share(std::string_view key, std::optional<double> fallback);
  Result<int> Integer(std::string_view key, std::optional<int> fallback, int min, int max);
  Result<bool> Bool(std::string_view key, std::optional<bool> fallback);
  Result<Date> DateValue(std::string_view key, std::optional<Date> fallback);
  // { dist = "...", ... } in the unit of the key; `fallback` when absent.
  Result<DistributionSpec> Distribution(std::string_view key,
                                        std::optional<DistributionSpec> fallback);
  // [{ from = DATE, value = X }, ...] or a plain number (constant from `period_start`).
  Result<Schedule> ScheduleValue(std::string_view key, Date period_start, double min, double max);
  // { name = weight, ... } where each name is parsed by `parse_key`.
  template <typename T>
  Result<Categorical<T>> Weights(std::string_view key,
                                 std::function<Result<T>(std::string_view)> parse_key,
                                 std::optional<Categorical<T>> fallback);
  // A sub-table; absent -> an empty table when `required` is false.
  Result<TableReader> Table(std::string_view key, bool required);
  // An array of tables ([[key]]); absent -> empty.
  Result<std::vector<TableReader>> TableArray(std::string_view key);

  // Unknown keys are errors; names the first one and lists the keys this table accepts.
  Status Finish() const;

  // An error at `key` (or at the table itself when key is empty).
  Status Error(std::string_view key, std::string_view expectation, const toml::node* got) const;
  std::string FullKey(std::string_view key) const;

 private:
  const toml::node* Find(std::string_view key);

  const toml::table& table_;
  std::string key_path_;
  std::string file_;
  std::set<std::string> known_;
  static const toml::table& EmptyTable();
};

template <typename T>
Result<Categorical<T>> TableReader::Weights(std::string_view key,
                                            std::function<Result<T>(std::string_view)> parse_key,
                                            std::optional<Categorical<T>> fallback) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    if (fallback) return *fallback;
    return Error(key, "a table of weights { name = weight, ... }", nullptr);
  }
  const toml::table* weights = node->as_table();
  if (weights == nullptr || weights->empty()) {
    return Error(key, "a non-empty table of weights { name = weight, ... }", node);
  }
  std::vector<T> items;
  std::vector<double> values;
  double total = 0;
  for (const auto& [name, weight] : *weights) {
    std::string item_key = std::string(key) + "." + std::string(name.str());
    auto parsed = parse_key(name.str());
    if (!parsed.ok()) {
      return Error(item_key, "a known name (" + parsed.status().message() + ")", &weight);
    }
    std::optional<double> w = weight.template value<double>();
    if (!w || *w < 0) return Error(item_key, "a non-negative weight", &weight);
    items.push_back(*parsed);
    values.push_back(*w);
    total += *w;
  }
  if (total <= 0) return Error(key, "weights that do not all equal zero", node);
  return Categorical<T>(std::move(items), values);
}

}  // namespace kinlink::sim::scenario_detail

#endif  // KINLINK_SIM_SCENARIO_INTERNAL_TOML_READER_H_
