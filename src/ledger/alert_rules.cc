#include "ledger/alert_rules.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>

#include "ledger/config_files.h"

namespace kinlink::ledger {
namespace {

constexpr std::string_view kKinds[] = {
    "cbp_custody_limit",           "court_order_reunification",
    "parent_removed_child_in_orr", "separated_without_parent_link",
    "concurrent_custody",          "family_unit_dropped",
    "custody_end_unrecorded"};

constexpr std::string_view kDefaultRules = R"(
[court_order]
name = "Ms. L. v. ICE, No. 18-cv-0428 (S.D. Cal.), order of 26 June 2018"
date = "2018-06-26"

[[rule]]
id = "cbp_child_over_72h"
kind = "cbp_custody_limit"
hours = 72
[[rule]]
id = "ms_l_under_5_past_14_days"
kind = "court_order_reunification"
max_age = 5
days = 14
[[rule]]
id = "ms_l_5_and_older_past_30_days"
kind = "court_order_reunification"
min_age = 5
days = 30
[[rule]]
id = "parent_removed_child_in_orr"
kind = "parent_removed_child_in_orr"
[[rule]]
id = "separated_child_without_parent_link"
kind = "separated_without_parent_link"
hours = 0
[[rule]]
id = "person_in_two_custodies"
kind = "concurrent_custody"
[[rule]]
id = "family_unit_dropped_after_separation"
kind = "family_unit_dropped"
[[rule]]
id = "child_last_seen_custody_end_unrecorded"
kind = "custody_end_unrecorded"
hours = 72
)";

}  // namespace

std::string_view ToString(AlertKind kind) { return kKinds[static_cast<int>(kind)]; }

DeadlinePolicy AlertRules::Deadlines() const {
  DeadlinePolicy policy;
  policy.court_order_date = court_order_date;
  for (const AlertRule& rule : rules) {
    if (!rule.enabled) continue;
    if (rule.kind == AlertKind::kCbpCustodyLimit) policy.cbp_child_hours = rule.hours;
    if (rule.kind == AlertKind::kCourtOrderReunification) {
      if (rule.min_age == 0) {
        policy.young_age = rule.max_age;
        policy.young_days = rule.days;
      } else {
        policy.older_days = rule.days;
      }
    }
  }
  return policy;
}

Result<AlertRules> ParseAlertRules(std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& error) {
    return InvalidArgumentError(
        fmt::format("TOML line {}: {}", error.source().begin.line, error.description()));
  }
  AlertRules rules;
  if (const toml::table* order = root["court_order"].as_table()) {
    rules.court_order_name = (*order)["name"].value_or(std::string());
    if (auto date = (*order)["date"].value<std::string>()) {
      auto parsed = ParseIsoDate(*date);
      if (!parsed.ok())
        return InvalidArgumentError("[court_order] date: " + parsed.status().message());
      rules.court_order_date = *parsed;
    }
  }
  const toml::array* list = root["rule"].as_array();
  if (list == nullptr) return InvalidArgumentError("no [[rule]] tables");
  for (const auto& node : *list) {
    const toml::table* t = node.as_table();
    if (t == nullptr) return InvalidArgumentError("[[rule]] entries must be tables");
    AlertRule rule;
    rule.id = (*t)["id"].value_or(std::string());
    if (rule.id.empty()) return InvalidArgumentError("a [[rule]] has no id");
    std::string kind = (*t)["kind"].value_or(std::string());
    bool known = false;
    for (size_t i = 0; i < std::size(kKinds); ++i) {
      if (kKinds[i] == kind) {
        rule.kind = static_cast<AlertKind>(i);
        known = true;
      }
    }
    if (!known) {
      return InvalidArgumentError(fmt::format("rule '{}': unknown kind '{}'", rule.id, kind));
    }
    rule.severity = (*t)["severity"].value_or(std::string("high"));
    rule.description = (*t)["description"].value_or(std::string());
    rule.enabled = (*t)["enabled"].value_or(true);
    rule.hours = (*t)["hours"].value_or(rule.kind == AlertKind::kCbpCustodyLimit ? 72 : 0);
    rule.days = (*t)["days"].value_or(30);
    rule.min_age = (*t)["min_age"].value_or(0);
    rule.max_age = (*t)["max_age"].value_or(200);
    if (rule.hours < 0 || rule.days < 0 || rule.min_age < 0 || rule.max_age <= rule.min_age) {
      return InvalidArgumentError(
          fmt::format("rule '{}': hours, days and ages must make sense", rule.id));
    }
    if (rule.kind == AlertKind::kCourtOrderReunification && !rules.court_order_date) {
      return InvalidArgumentError(
          fmt::format("rule '{}' needs a [court_order] date to count from", rule.id));
    }
    rules.rules.push_back(std::move(rule));
  }
  return rules;
}

Result<AlertRules> LoadAlertRules(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot read alert rules '{}'", path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto rules = ParseAlertRules(text);
  if (!rules.ok()) return rules.status().WithContext(path);
  return rules;
}

AlertRules DefaultAlertRules() { return ParseAlertRules(kDefaultRules).value(); }

Result<AlertRules> LoadAlertRulesOrDefault(const std::string& path) {
  if (!path.empty()) return LoadAlertRules(path);
  auto found = FindConfigFile("config/alert-rules.toml");
  if (!found.ok()) return DefaultAlertRules();
  return LoadAlertRules(*found);
}

}  // namespace kinlink::ledger
