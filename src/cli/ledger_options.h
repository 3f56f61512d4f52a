// LedgerCommandOptions: the options the ledger commands (ingest, status, separations, alerts,
// verify) share — --db, --rules, --as-of, --json, --csv — and opening the ledger they name.
//
//   auto options = std::make_shared<LedgerCommandOptions>();
//   AddLedgerOptions(app, *options, {.rules = "Alert rules giving the deadlines"});
//   ...
//   auto opened = OpenLedgerForCommand(*options);           // NotFound when --db does not exist
//   if (!opened.ok()) return ReportError(io, opened.status());
//   auto as_of = AsOfOrNow(*options, *opened->clock);        // InvalidArgument naming --as-of
//
// Ownership: OpenedLedger owns the clock, the rules and the ledger (the ledger refers to the
// clock, so keep them together). Thread safety: none needed (one command per process).
#ifndef KINLINK_CLI_LEDGER_OPTIONS_H_
#define KINLINK_CLI_LEDGER_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "ledger/alert_rules.h"
#include "ledger/known_at_snapshot.h"
#include "ledger/ledger.h"

namespace kinlink::cli {

struct LedgerCommandOptions {
  std::string db = "kinlink.db";
  std::string rules;     // "" = config/alert-rules.toml, or the built-in defaults
  std::string as_of;     // "" = now
  std::string known_at;  // "" = everything recorded
  bool json = false;
  bool csv = false;  // one row per item, for the commands that list (separations, alerts)
};

// Help texts; an empty one leaves the option out.
struct LedgerOptionHelp {
  std::string db = "The ledger database (SQLite, WAL)";
  std::string rules;
  std::string as_of;
  std::string known_at;  // off unless given
  std::string json = "Print JSON";
  std::string csv;  // off unless given; excludes --json
};

void AddLedgerOptions(CLI::App& app, LedgerCommandOptions& options, const LedgerOptionHelp& help);

struct OpenedLedger {
  std::unique_ptr<Clock> clock;
  ledger::AlertRules rules;
  std::unique_ptr<ledger::Ledger> ledger;
  // With --known-at: the projections as they stood with what was known then (what the queries
  // read; see ReadDb).
  std::unique_ptr<ledger::KnownAtSnapshot> known;
  ledger::SqlConnection& ReadDb() { return known ? known->db() : ledger->db(); }
  ledger::EventLog& ReadLog() { return known ? known->log() : ledger->log(); }
};

struct OpenLedgerSettings {
  bool must_exist = true;        // NotFound rather than creating an empty ledger
  bool durable_commits = true;   // synchronous=FULL; false = NORMAL (see docs/ledger.md)
  bool bulk_writes = false;      // checkpoint the WAL less often (ingest)
  std::unique_ptr<Clock> clock;  // default: the system clock
};

Result<OpenedLedger> OpenLedgerForCommand(const LedgerCommandOptions& options,
                                          OpenLedgerSettings settings = {});
// --as-of parsed, or the clock's now.
Result<Timestamp> AsOfOrNow(const LedgerCommandOptions& options, const Clock& clock);
// With --known-at, builds opened.known (InvalidArgument naming --known-at for a bad time);
// without it, nothing.
Status ApplyKnownAt(const LedgerCommandOptions& options, OpenedLedger& opened);

}  // namespace kinlink::cli

#endif  // KINLINK_CLI_LEDGER_OPTIONS_H_
