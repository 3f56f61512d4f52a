// `kinlink alerts --as-of DATE`: evaluates the alert rules (config/alert-rules.toml) against the
// ledger as of a moment and lists what fires.
#include <fmt/format.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "cli/ledger_options.h"
#include "core/clock.h"
#include "core/csv_writer.h"
#include "ledger/alert_rules.h"
#include "ledger/alerts.h"
#include "ledger/ledger.h"

namespace kinlink::cli {
namespace {

using namespace kinlink::ledger;

ExitCode RunAlerts(const LedgerCommandOptions& options, CommandIo& io) {
  auto opened = OpenLedgerForCommand(options);
  if (!opened.ok()) return ReportError(io, opened.status());
  auto as_of_or = AsOfOrNow(options, *opened->clock);
  if (!as_of_or.ok()) return ReportError(io, as_of_or.status());
  const Timestamp as_of = *as_of_or;
  if (Status known = ApplyKnownAt(options, *opened); !known.ok()) return ReportError(io, known);
  const AlertRules* rules = &opened->rules;
  auto alerts = EvaluateAlerts(opened->ReadDb(), *rules, as_of);
  if (!alerts.ok()) return ReportError(io, alerts.status());
  std::map<std::string, int> per_rule;
  for (const auto& rule : rules->rules) {
    if (rule.enabled) per_rule[rule.id] = 0;
  }
  for (const auto& a : *alerts) ++per_rule[a.rule_id];
  if (options.json) {
    nlohmann::json j = {
        {"as_of", FormatTimestamp(as_of)},
        {"known_at", opened->known ? nlohmann::json(FormatTimestamp(opened->known->known_at()))
                                   : nlohmann::json("everything recorded")},
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
  if (options.csv) {
    WriteCsvRow(io.out, AlertCsvHeader());
    for (const auto& a : *alerts) WriteCsvRow(io.out, AlertCsvRow(a, as_of));
    return ExitCode::kOk;
  }
  io.out << fmt::format(
      "{} alerts as of {}{}\n", alerts->size(), FormatTimestamp(as_of),
      opened->known ? ", from what was known at " + FormatTimestamp(opened->known->known_at())
                    : "");
  for (const auto& [rule, count] : per_rule) io.out << fmt::format("  {:<40} {}\n", rule, count);
  for (const auto& a : *alerts) {
    io.out << fmt::format("{} [{}] {}: {}\n", a.rule_id, a.severity, a.person_id, a.message);
  }
  return ExitCode::kOk;
}

CommandRunner SetUpAlerts(CLI::App& app) {
  auto options = std::make_shared<LedgerCommandOptions>();
  LedgerOptionHelp help;
  help.as_of = "The moment to evaluate at (default: now)";
  help.known_at =
      "Answer from only what was known at this moment (the entry times the agencies recorded); "
      "default: everything recorded";
  help.db = "The ledger database";
  help.rules = "Alert rules (default config/alert-rules.toml)";
  help.csv = "Print CSV: a header, then one row per alert";
  AddLedgerOptions(app, *options, help);
  return [options](CommandIo& io) { return RunAlerts(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(alerts, "Evaluate the alert rules against the ledger as of a moment",
                         SetUpAlerts);

}  // namespace kinlink::cli
