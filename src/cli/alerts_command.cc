// `kinlink alerts --as-of DATE`: evaluates the alert rules (config/alert-rules.toml) against the
// ledger as of a moment and lists what fires.
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "core/clock.h"
#include "ledger/alert_rules.h"
#include "ledger/alerts.h"
#include "ledger/ledger.h"

namespace kinlink::cli {
namespace {

using namespace kinlink::ledger;

struct AlertsOptions {
  std::string db = "kinlink.db";
  std::string as_of, rules;
  bool json = false;
};

ExitCode RunAlerts(const AlertsOptions& options, CommandIo& io) {
  if (!std::filesystem::exists(options.db)) {
    return ReportError(io, NotFoundError(fmt::format("no ledger at '{}'", options.db)));
  }
  SystemClock clock;
  Timestamp as_of = clock.Now();
  if (!options.as_of.empty()) {
    auto parsed = ParseTimestamp(options.as_of);
    if (!parsed.ok()) return ReportError(io, parsed.status().WithContext("--as-of"));
    as_of = *parsed;
  }
  auto rules = LoadAlertRulesOrDefault(options.rules);
  if (!rules.ok()) return ReportError(io, rules.status());
  auto ledger = Ledger::Open(
      {.storage = {.path = options.db}, .clock = &clock, .deadlines = rules->Deadlines()});
  if (!ledger.ok()) return ReportError(io, ledger.status());
  auto alerts = EvaluateAlerts((*ledger)->db(), *rules, as_of);
  if (!alerts.ok()) return ReportError(io, alerts.status());
  std::map<std::string, int> per_rule;
  for (const auto& rule : rules->rules) {
    if (rule.enabled) per_rule[rule.id] = 0;
  }
  for (const auto& a : *alerts) ++per_rule[a.rule_id];
  if (options.json) {
    nlohmann::json j = {{"as_of", FormatTimestamp(as_of)},
                        {"total", alerts->size()},
                        {"by_rule", per_rule},
                        {"alerts", nlohmann::json::array()}};
    for (const auto& a : *alerts) {
      j["alerts"].push_back({{"rule", a.rule_id},
                             {"kind", ToString(a.kind)},
                             {"severity", a.severity},
                             {"person_id", a.person_id},
                             {"related_id", a.related_id},
                             {"since", FormatTimestamp(a.since)},
                             {"message", a.message}});
    }
    io.out << j.dump(2) << "\n";
    return ExitCode::kOk;
  }
  io.out << fmt::format("{} alerts as of {}\n", alerts->size(), FormatTimestamp(as_of));
  for (const auto& [rule, count] : per_rule) io.out << fmt::format("  {:<40} {}\n", rule, count);
  for (const auto& a : *alerts) {
    io.out << fmt::format("{} [{}] {}: {}\n", a.rule_id, a.severity, a.person_id, a.message);
  }
  return ExitCode::kOk;
}

CommandRunner SetUpAlerts(CLI::App& app) {
  auto options = std::make_shared<AlertsOptions>();
  app.add_option("--as-of", options->as_of, "The moment to evaluate at (default: now)");
  app.add_option("--db", options->db, "The ledger database")->capture_default_str();
  app.add_option("--rules", options->rules, "Alert rules (default config/alert-rules.toml)");
  app.add_flag("--json", options->json, "Print JSON");
  return [options](CommandIo& io) { return RunAlerts(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(alerts, "Evaluate the alert rules against the ledger as of a moment",
                         SetUpAlerts);

}  // namespace kinlink::cli
