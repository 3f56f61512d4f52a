// `kinlink verify`: recomputes the ledger's hash chain and names the first entry that does not
// match. Exit 0 when the chain holds, 1 when it does not.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "cli/ledger_options.h"
#include "core/clock.h"
#include "core/progress_bar.h"
#include "ledger/ledger.h"
#include "ledger/verify.h"

namespace kinlink::cli {
namespace {

struct VerifyOptions {
  LedgerCommandOptions ledger;
  std::string expect_head;
};

ExitCode RunVerify(const VerifyOptions& options, CommandIo& io) {
  using namespace kinlink::ledger;
  auto opened = OpenLedgerForCommand(options.ledger);
  if (!opened.ok()) return ReportError(io, opened.status());
  std::optional<std::string> head;
  if (!options.expect_head.empty()) head = options.expect_head;
  // On a terminal: how far through the chain, out of the head's sequence number.
  std::unique_ptr<ProgressBar> bar;
  VerifyProgress progress;
  if (io.stderr_is_terminal) {
    bar = std::make_unique<ProgressBar>(io.err);
    const int64_t total = opened->ledger->log().head_seq();
    progress = [&bar, total](int64_t checked) {
      bar->Update("verify", total > 0 ? double(checked) / double(total) : 1.0,
                  fmt::format("{} of {} entries", checked, total));
    };
  }
  auto report = VerifyChain(opened->ledger->log(), head, progress);
  if (bar) bar->Finish();
  if (!report.ok()) return ReportError(io, report.status());
  if (options.ledger.json) {
    nlohmann::json j = {
        {"ok", report->ok}, {"entries", report->entries}, {"head_hash", report->head_hash}};
    if (!report->ok) {
      j["first_bad_seq"] = report->first_bad_seq;
      j["first_bad_event_id"] = report->first_bad_event_id;
      j["problem"] = report->problem;
    }
    io.out << j.dump(2) << "\n";
  } else if (report->ok) {
    io.out << fmt::format("ok: {} entries, chain intact, head {}\n", report->entries,
                          report->head_hash);
  } else {
    io.out << fmt::format("TAMPERED: entry {} ({}): {}\n", report->first_bad_seq,
                          report->first_bad_event_id, report->problem);
  }
  return report->ok ? ExitCode::kOk : ExitCode::kJobFailed;
}

CommandRunner SetUpVerify(CLI::App& app) {
  auto options = std::make_shared<VerifyOptions>();
  LedgerOptionHelp db_only;
  db_only.db = "The ledger database";
  db_only.json = "";
  AddLedgerOptions(app, options->ledger, db_only);
  app.add_option("--expect-head", options->expect_head,
                 "The head hash recorded elsewhere; a different head means entries were cut off");
  app.add_flag("--json", options->ledger.json, "Print JSON");
  return [options](CommandIo& io) { return RunVerify(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(verify, "Recompute the ledger's hash chain; name the first bad entry",
                         SetUpVerify);

}  // namespace kinlink::cli
