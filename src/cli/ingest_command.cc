// `kinlink ingest --source AGENCY FILE...`: reads agency exports (through the mapping file
// config/mappings/AGENCY.toml, or --mapping) or the simulator's truth stream (--source truth)
// into the ledger, then evaluates the alert rules. Idempotent: re-running adds nothing.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "core/clock.h"
#include "ledger/alert_rules.h"
#include "ledger/alerts.h"
#include "ledger/config_files.h"
#include "ledger/ingest.h"
#include "ledger/ledger.h"
#include "ledger/mapping.h"

namespace kinlink::cli {
namespace {

struct IngestCommandOptions {
  std::string source;
  std::vector<std::string> files;
  std::string mapping;
  std::string db = "kinlink.db";
  std::string rules;
  std::string as_of;
  std::string recorded_at;
  size_t batch = 5000;
  bool json = false;
};

ExitCode RunIngest(const IngestCommandOptions& options, CommandIo& io) {
  using namespace kinlink::ledger;
  SystemClock system_clock;
  std::unique_ptr<ManualClock> fixed_clock;
  const Clock* clock = &system_clock;
  if (!options.recorded_at.empty()) {
    auto at = ParseTimestamp(options.recorded_at);
    if (!at.ok()) return ReportError(io, at.status().WithContext("--recorded-at"));
    fixed_clock = std::make_unique<ManualClock>(*at);
    clock = fixed_clock.get();
  }
  auto loaded_rules = LoadAlertRulesOrDefault(options.rules);
  if (!loaded_rules.ok()) return ReportError(io, loaded_rules.status());
  const AlertRules& rules = *loaded_rules;
  std::optional<Mapping> mapping;
  if (options.source != "truth") {
    Result<std::string> path =
        options.mapping.empty()
            ? FindConfigFile(fmt::format("config/mappings/{}.toml", options.source))
            : Result<std::string>(options.mapping);
    if (!path.ok()) {
      return ReportError(io, InvalidArgumentError(
                                 fmt::format("no mapping for source '{}': {} (give --mapping FILE)",
                                             options.source, path.status().message())));
    }
    auto loaded = LoadMapping(*path);
    if (!loaded.ok()) return ReportError(io, loaded.status());
    mapping = std::move(*loaded);
  }
  auto ledger = Ledger::Open(
      {.storage = {.path = options.db}, .clock = clock, .deadlines = rules.Deadlines()});
  if (!ledger.ok()) return ReportError(io, ledger.status());
  IngestOptions ingest_options{.source = options.source, .batch_rows = options.batch};
  if (io.stderr_is_terminal) {
    ingest_options.progress = [&io](int64_t rows) {
      io.err << "\r" << rows << " rows" << std::flush;
    };
  }
  Ingester ingester(**ledger, ingest_options);
  for (std::string file : options.files) {
    // A path that is not here may be one relative to the source tree (tests, demos).
    if (!std::filesystem::exists(file)) {
      if (auto found = FindConfigFile(file); found.ok()) file = *found;
    }
    Status status = mapping ? ingester.IngestFile(file, *mapping) : ingester.IngestTruthFile(file);
    if (!status.ok()) return ReportError(io, status);
  }
  if (io.stderr_is_terminal) io.err << "\n";
  Timestamp as_of = clock->Now();
  if (!options.as_of.empty()) {
    auto parsed = ParseTimestamp(options.as_of);
    if (!parsed.ok()) return ReportError(io, parsed.status().WithContext("--as-of"));
    as_of = *parsed;
  }
  auto alerts = EvaluateAlerts((*ledger)->db(), rules, as_of);
  if (!alerts.ok()) return ReportError(io, alerts.status());
  auto fresh = RecordAlerts((*ledger)->db(), *alerts, clock->Now());
  if (!fresh.ok()) return ReportError(io, fresh.status());
  const IngestSummary& s = ingester.summary();
  if (options.json) {
    nlohmann::json j = {
        {"source", options.source},
        {"files", s.files},
        {"rows", s.rows},
        {"accepted", s.accepted},
        {"revised", s.revised},
        {"duplicates", s.duplicates},
        {"quarantined", s.quarantined},
        {"entries_appended", s.events},
        {"alerts",
         {{"as_of", FormatTimestamp(as_of)}, {"active", alerts->size()}, {"new", *fresh}}}};
    io.out << j.dump(2) << "\n";
  } else {
    io.out << fmt::format(
        "source {}: {} file(s), {} rows: {} accepted ({} revisions), {} duplicates, {} "
        "quarantined; {} entries appended\n",
        options.source, s.files, s.rows, s.accepted, s.revised, s.duplicates, s.quarantined,
        s.events);
    io.out << fmt::format("alerts as of {}: {} active, {} new\n", FormatTimestamp(as_of),
                          alerts->size(), *fresh);
  }
  return ExitCode::kOk;
}

CommandRunner SetUpIngest(CLI::App& app) {
  auto options = std::make_shared<IngestCommandOptions>();
  app.add_option("--source", options->source,
                 "The agency the files come from (its mapping is config/mappings/AGENCY.toml), "
                 "or 'truth' for the simulator's truth stream")
      ->required();
  app.add_option("files", options->files, "Export files to ingest")->required();
  app.add_option("--mapping", options->mapping, "A mapping file to use instead of the shipped one");
  app.add_option("--db", options->db, "The ledger database (SQLite, WAL)")->capture_default_str();
  app.add_option("--rules", options->rules, "Alert rules (default config/alert-rules.toml)");
  app.add_option("--as-of", options->as_of, "Evaluate alerts as of this time (default: now)");
  app.add_option("--recorded-at", options->recorded_at,
                 "Stamp entries as recorded at this time instead of now (reproducible ledgers)");
  app.add_option("--batch", options->batch, "Rows per transaction")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  app.add_flag("--json", options->json, "Print the summary as JSON");
  return [options](CommandIo& io) { return RunIngest(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(ingest, "Read agency exports or a truth stream into the ledger",
                         SetUpIngest);

}  // namespace kinlink::cli
