#include "cli/ledger_options.h"

#include <fmt/format.h>

#include <filesystem>

namespace kinlink::cli {

void AddLedgerOptions(CLI::App& app, LedgerCommandOptions& options, const LedgerOptionHelp& help) {
  if (!help.as_of.empty()) app.add_option("--as-of", options.as_of, help.as_of);
  if (!help.known_at.empty()) app.add_option("--known-at", options.known_at, help.known_at);
  if (!help.db.empty()) app.add_option("--db", options.db, help.db)->capture_default_str();
  if (!help.rules.empty()) app.add_option("--rules", options.rules, help.rules);
  CLI::Option* json = nullptr;
  if (!help.json.empty()) json = app.add_flag("--json", options.json, help.json);
  if (!help.csv.empty()) {
    CLI::Option* csv = app.add_flag("--csv", options.csv, help.csv);
    if (json != nullptr) csv->excludes(json);
  }
}

Result<OpenedLedger> OpenLedgerForCommand(const LedgerCommandOptions& options,
                                          OpenLedgerSettings settings) {
  if (settings.must_exist && !std::filesystem::exists(options.db)) {
    return NotFoundError(fmt::format("no ledger at '{}'", options.db));
  }
  OpenedLedger opened;
  opened.clock = settings.clock ? std::move(settings.clock) : std::make_unique<SystemClock>();
  KINLINK_ASSIGN_OR_RETURN(opened.rules, ledger::LoadAlertRulesOrDefault(options.rules));
  ledger::LedgerOptions ledger_options;
  ledger_options.storage.path = options.db;
  ledger_options.storage.durable = settings.durable_commits;
  if (settings.bulk_writes)
    ledger_options.storage.wal_autocheckpoint_pages = ledger::kBulkWalCheckpointPages;
  ledger_options.clock = opened.clock.get();
  ledger_options.deadlines = opened.rules.Deadlines();
  KINLINK_ASSIGN_OR_RETURN(opened.ledger, ledger::Ledger::Open(ledger_options));
  return opened;
}

Result<Timestamp> AsOfOrNow(const LedgerCommandOptions& options, const Clock& clock) {
  if (options.as_of.empty()) return clock.Now();
  auto parsed = ParseTimestamp(options.as_of);
  if (!parsed.ok()) return parsed.status().WithContext("--as-of");
  return *parsed;
}

Status ApplyKnownAt(const LedgerCommandOptions& options, OpenedLedger& opened) {
  if (options.known_at.empty()) return Status::Ok();
  auto parsed = ParseTimestamp(options.known_at);
  if (!parsed.ok()) return parsed.status().WithContext("--known-at");
  KINLINK_ASSIGN_OR_RETURN(
      opened.known,
      ledger::KnownAtSnapshot::Build(opened.ledger->db(), *parsed, opened.ledger->deadlines()));
  return Status::Ok();
}

}  // namespace kinlink::cli
