// `kinlink separations --open [--as-of DATE]`: the children separated from a parent and not yet
// reunified at a moment, with the child's age, the time elapsed and the reunification deadline.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "cli/ledger_options.h"
#include "core/clock.h"
#include "core/csv_writer.h"
#include "ledger/alert_rules.h"
#include "ledger/ledger.h"
#include "ledger/queries.h"

namespace kinlink::cli {
namespace {

using namespace kinlink::ledger;

struct SeparationsOptions {
  LedgerCommandOptions ledger;
  bool open = false;
};

ExitCode RunSeparations(const SeparationsOptions& command, CommandIo& io) {
  if (!command.open) {
    return ReportError(io, InvalidArgumentError("only --open is supported: give --open"));
  }
  const LedgerCommandOptions& options = command.ledger;
  auto opened = OpenLedgerForCommand(options);
  if (!opened.ok()) return ReportError(io, opened.status());
  auto as_of_or = AsOfOrNow(options, *opened->clock);
  if (!as_of_or.ok()) return ReportError(io, as_of_or.status());
  const Timestamp as_of = *as_of_or;
  Ledger& ledger = *opened->ledger;
  if (Status known = ApplyKnownAt(options, *opened); !known.ok()) return ReportError(io, known);
  auto open = ListOpenSeparations(opened->ReadDb(), as_of, ledger.deadlines());
  if (!open.ok()) return ReportError(io, open.status());
  // Which parents `kinlink link --db` found (the child's records may not name them).
  auto linked = ParentsFoundByLinkage(opened->ReadDb(), *open);
  if (!linked.ok()) return ReportError(io, linked.status());
  const int linked_count = static_cast<int>(std::count(linked->begin(), linked->end(), true));
  if (options.json) {
    nlohmann::json j = {
        {"as_of", FormatTimestamp(as_of)},
        {"known_at", opened->known ? nlohmann::json(FormatTimestamp(opened->known->known_at()))
                                   : nlohmann::json("everything recorded")},
        {"open", open->size()},
        {"parents_found_by_linkage", linked_count},
        {"separations", nlohmann::json::array()}};
    for (size_t i = 0; i < open->size(); ++i) {
      nlohmann::json row = SeparationToJson((*open)[i], as_of);
      if ((*linked)[i]) row["parent_found_by_linkage"] = true;
      j["separations"].push_back(std::move(row));
    }
    io.out << j.dump(2) << "\n";
    return ExitCode::kOk;
  }
  if (options.csv) {
    WriteCsvRow(io.out, SeparationCsvHeader());
    for (size_t i = 0; i < open->size(); ++i) {
      WriteCsvRow(io.out, SeparationCsvRow((*open)[i], as_of, (*linked)[i]));
    }
    return ExitCode::kOk;
  }
  int overdue = 0;
  for (const auto& s : *open) overdue += (s.due && as_of > *s.due);
  io.out << fmt::format(
      "{} open separations as of {}{} ({} past a reunification deadline)\n", open->size(),
      FormatTimestamp(as_of),
      opened->known ? ", from what was known at " + FormatTimestamp(opened->known->known_at()) : "",
      overdue);
  if (open->empty()) return ExitCode::kOk;
  io.out << fmt::format("{:<22} {:<22} {:>3} {:>5} {:<10} {:<12} {:<40} {}\n", "child", "parent",
                        "age", "days", "separated", "due", "child is at", "parent is at");
  for (size_t i = 0; i < open->size(); ++i) {
    const auto& s = (*open)[i];
    auto days = std::chrono::duration_cast<std::chrono::days>(as_of - s.separated_at).count();
    std::string where = "not in custody";
    if (s.child_custody) {
      where = fmt::format(
          "{}{} {}",
          s.child_custody->end || s.child_custody->agency_records_end ? "" : "last seen ",
          s.child_custody->agency, s.child_custody->facility_id);
    } else if (s.child_left_custody && s.child_left_custody->end) {
      where = fmt::format("left {} {} on {}", s.child_left_custody->agency,
                          s.child_left_custody->facility_id,
                          FormatDate(DateOf(*s.child_left_custody->end)));
    }
    std::string parent_where;
    if (!s.parent_id.empty()) {
      if (s.parent_removed_at) {
        parent_where = "removed " + FormatDate(DateOf(*s.parent_removed_at));
      } else if (s.parent_custody) {
        parent_where = fmt::format("{}{} {}", s.parent_status == "last_seen" ? "last seen " : "",
                                   s.parent_custody->agency, s.parent_custody->facility_id);
      } else {
        parent_where = s.parent_status;
      }
    }
    io.out << fmt::format(
        "{:<22} {:<22} {:>3} {:>5} {:<10} {:<12} {:<40} {}\n", s.child_id,
        s.parent_id.empty() ? "(not recorded)" : s.parent_id + ((*linked)[i] ? "*" : ""),
        s.child_age ? std::to_string(*s.child_age) : "?", days, FormatDate(DateOf(s.separated_at)),
        s.due ? FormatDate(DateOf(*s.due)) + (as_of > *s.due ? "!" : "") : "-", where,
        parent_where);
  }
  if (linked_count > 0) {
    io.out << fmt::format(
        "* {} parents found by record linkage (`kinlink link --db`); `kinlink status --person "
        "CHILD` shows the evidence\n",
        linked_count);
  }
  return ExitCode::kOk;
}

CommandRunner SetUpSeparations(CLI::App& app) {
  auto options = std::make_shared<SeparationsOptions>();
  app.add_flag("--open", options->open, "List separations open at --as-of");
  LedgerOptionHelp help;
  help.as_of = "The moment asked about (default: now)";
  help.known_at =
      "Answer from only what was known at this moment (the entry times the agencies recorded); "
      "default: everything recorded";
  help.db = "The ledger database";
  help.rules = "Alert rules giving the deadlines";
  help.csv = "Print CSV: a header, then one row per separation";
  AddLedgerOptions(app, options->ledger, help);
  return [options](CommandIo& io) { return RunSeparations(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(separations, "Children separated from a parent and not yet reunified",
                         SetUpSeparations);

}  // namespace kinlink::cli
