// `kinlink ingest --source AGENCY FILE...`: reads agency exports (through the mapping file
// config/mappings/AGENCY.toml, or --mapping) or the simulator's truth stream (--source truth)
// into the ledger, then evaluates the alert rules. Idempotent: re-running adds nothing.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "cli/ledger_options.h"
#include "core/clock.h"
#include "core/progress_bar.h"
#include "ledger/alert_rules.h"
#include "ledger/alerts.h"
#include "ledger/config_files.h"
#include "ledger/ingest.h"
#include "ledger/ledger.h"
#include "ledger/mapping.h"

namespace kinlink::cli {
namespace {

struct IngestCommandOptions {
  LedgerCommandOptions ledger;
  std::string source;
  std::vector<std::string> files;
  std::string mapping;
  std::string recorded_at;
  std::string sync = "normal";
  size_t batch = 20000;
  size_t parse_threads = 1;
};

// Lines in a file (a last line without a newline counts), for the progress bar's 100 %; 0 if it
// cannot be read. A quoted field spanning lines makes the bar end a little short of 100 %.
int64_t CountLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return 0;
  std::vector<char> buffer(1 << 20);
  int64_t lines = 0;
  char last = '\n';
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize got = in.gcount();
    if (got <= 0) break;
    lines += std::count(buffer.data(), buffer.data() + got, '\n');
    last = buffer[static_cast<size_t>(got) - 1];
  }
  return lines + (last != '\n' ? 1 : 0);
}

ExitCode RunIngest(const IngestCommandOptions& command, CommandIo& io) {
  using namespace kinlink::ledger;
  const LedgerCommandOptions& options = command.ledger;
  OpenLedgerSettings settings;
  settings.must_exist = false;
  settings.durable_commits = command.sync == "full";
  settings.bulk_writes = true;
  if (!command.recorded_at.empty()) {
    auto at = ParseTimestamp(command.recorded_at);
    if (!at.ok()) return ReportError(io, at.status().WithContext("--recorded-at"));
    settings.clock = std::make_unique<ManualClock>(*at);
  }
  std::optional<Mapping> mapping;
  if (command.source != "truth") {
    Result<std::string> path =
        command.mapping.empty()
            ? FindConfigFile(fmt::format("config/mappings/{}.toml", command.source))
            : Result<std::string>(command.mapping);
    if (!path.ok()) {
      return ReportError(io, InvalidArgumentError(
                                 fmt::format("no mapping for source '{}': {} (give --mapping FILE)",
                                             command.source, path.status().message())));
    }
    auto loaded = LoadMapping(*path);
    if (!loaded.ok()) return ReportError(io, loaded.status());
    mapping = std::move(*loaded);
  }
  // Every input is found and readable before the ledger is opened, so a mistyped path creates
  // no empty ledger and ingests none of the other files.
  std::vector<std::string> files;
  for (std::string file : command.files) {
    // A path that is not here may be one relative to the source tree (tests, demos).
    if (!std::filesystem::exists(file)) {
      if (auto found = FindConfigFile(file); found.ok()) file = *found;
    }
    std::error_code error;
    if (std::filesystem::is_directory(file, error) || !std::ifstream(file, std::ios::binary)) {
      return ReportError(io, NotFoundError(fmt::format("cannot read '{}'", file)));
    }
    files.push_back(std::move(file));
  }
  auto opened = OpenLedgerForCommand(options, std::move(settings));
  if (!opened.ok()) return ReportError(io, opened.status());
  const Clock* clock = opened->clock.get();
  const AlertRules& rules = opened->rules;
  IngestOptions ingest_options;
  ingest_options.source = command.source;
  ingest_options.batch_rows = command.batch;
  ingest_options.parse_threads = command.parse_threads;
  // On a terminal: a bar per file (how far into it the committed batches are), with the rows
  // and the rate so far.
  std::unique_ptr<ProgressBar> bar;
  int64_t file_lines = 0;
  size_t file_number = 0;
  const auto started = std::chrono::steady_clock::now();
  if (io.stderr_is_terminal) {
    bar = std::make_unique<ProgressBar>(io.err);
    ingest_options.progress = [&](const IngestProgress& p) {
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      double fraction = file_lines > 0 ? double(p.line) / double(file_lines) : 0.0;
      bar->Update("ingest", fraction,
                  fmt::format("{} ({}/{})  {} rows  {:.0f} rows/s", p.file, file_number,
                              files.size(), p.rows, seconds > 0 ? p.rows / seconds : 0.0));
    };
  }
  Ingester ingester(*opened->ledger, ingest_options);
  for (const std::string& file : files) {
    ++file_number;
    if (bar) file_lines = CountLines(file);
    Status status = mapping ? ingester.IngestFile(file, *mapping) : ingester.IngestTruthFile(file);
    if (!status.ok()) {
      if (bar) bar->Finish();
      return ReportError(io, status);
    }
  }
  if (bar) bar->Finish();
  auto as_of_or = AsOfOrNow(options, *clock);
  if (!as_of_or.ok()) return ReportError(io, as_of_or.status());
  const Timestamp as_of = *as_of_or;
  auto alerts = EvaluateAlerts(opened->ledger->db(), rules, as_of);
  if (!alerts.ok()) return ReportError(io, alerts.status());
  auto fresh = RecordAlerts(opened->ledger->db(), *alerts, clock->Now());
  if (!fresh.ok()) return ReportError(io, fresh.status());
  const IngestSummary& s = ingester.summary();
  if (options.json) {
    nlohmann::json j = {
        {"source", command.source},
        {"files", s.files},
        {"rows", s.rows},
        {"accepted", s.accepted},
        {"revised", s.revised},
        {"duplicates", s.duplicates},
        {"quarantined", s.quarantined},
        {"entries_appended", s.entries()},
        {"events_appended", s.events},
        {"identity_records_appended", s.identity_records},
        {"alerts",
         {{"as_of", FormatTimestamp(as_of)}, {"active", alerts->size()}, {"new", *fresh}}}};
    io.out << j.dump(2) << "\n";
  } else {
    io.out << fmt::format(
        "source {}: {} file(s), {} rows: {} accepted ({} revisions), {} duplicates, {} "
        "quarantined; {} entries appended ({} events, {} identity records)\n",
        command.source, s.files, s.rows, s.accepted, s.revised, s.duplicates, s.quarantined,
        s.entries(), s.events, s.identity_records);
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
  app.add_option("--db", options->ledger.db, "The ledger database (SQLite, WAL)")
      ->capture_default_str();
  app.add_option("--rules", options->ledger.rules, "Alert rules (default config/alert-rules.toml)");
  app.add_option("--as-of", options->ledger.as_of,
                 "Evaluate alerts as of this time (default: now)");
  app.add_option("--recorded-at", options->recorded_at,
                 "Stamp entries as recorded at this time instead of now (reproducible ledgers)");
  app.add_option("--batch", options->batch, "Rows per transaction (one commit each)")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--parse-threads", options->parse_threads,
                 "Threads that map agency rows (0: one per core); the ledger is the same for any "
                 "number")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  app.add_option("--sync", options->sync,
                 "normal: a committed batch survives a crash of kinlink (kill -9); full: also "
                 "a power loss or OS crash (an fsync per commit). See docs/ledger.md")
      ->capture_default_str()
      ->check(CLI::IsMember({"normal", "full"}));
  app.add_flag("--json", options->ledger.json, "Print the summary as JSON");
  return [options](CommandIo& io) { return RunIngest(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(ingest, "Read agency exports or a truth stream into the ledger",
                         SetUpIngest);

}  // namespace kinlink::cli
