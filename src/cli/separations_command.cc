// `kinlink separations --open [--as-of DATE]`: the children separated from a parent and not yet
// reunified at a moment, with the child's age, the time elapsed and the reunification deadline.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "core/clock.h"
#include "ledger/alert_rules.h"
#include "ledger/ledger.h"
#include "ledger/queries.h"

namespace kinlink::cli {
namespace {

using namespace kinlink::ledger;

struct SeparationsOptions {
  std::string db = "kinlink.db";
  std::string as_of, rules;
  bool open = false;
  bool json = false;
};

ExitCode RunSeparations(const SeparationsOptions& options, CommandIo& io) {
  if (!options.open) {
    return ReportError(io, InvalidArgumentError("only --open is supported: give --open"));
  }
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
  auto open = ListOpenSeparations((*ledger)->db(), as_of, (*ledger)->deadlines());
  if (!open.ok()) return ReportError(io, open.status());
  if (options.json) {
    nlohmann::json j = {{"as_of", FormatTimestamp(as_of)},
                        {"open", open->size()},
                        {"separations", nlohmann::json::array()}};
    for (const auto& s : *open) j["separations"].push_back(SeparationToJson(s, as_of));
    io.out << j.dump(2) << "\n";
    return ExitCode::kOk;
  }
  int overdue = 0;
  for (const auto& s : *open) overdue += (s.due && as_of > *s.due);
  io.out << fmt::format("{} open separations as of {} ({} past a reunification deadline)\n",
                        open->size(), FormatTimestamp(as_of), overdue);
  if (open->empty()) return ExitCode::kOk;
  io.out << fmt::format("{:<22} {:<22} {:>3} {:>5} {:<10} {:<12} {}\n", "child", "parent", "age",
                        "days", "separated", "due", "child is at");
  for (const auto& s : *open) {
    auto days = std::chrono::duration_cast<std::chrono::days>(as_of - s.separated_at).count();
    std::string where = s.child_custody ? fmt::format("{} {}", s.child_custody->agency,
                                                      s.child_custody->facility_id)
                                        : "not in custody";
    io.out << fmt::format(
        "{:<22} {:<22} {:>3} {:>5} {:<10} {:<12} {}\n", s.child_id,
        s.parent_id.empty() ? "(not recorded)" : s.parent_id,
        s.child_age ? std::to_string(*s.child_age) : "?", days, FormatDate(DateOf(s.separated_at)),
        s.due ? FormatDate(DateOf(*s.due)) + (as_of > *s.due ? "!" : "") : "-", where);
  }
  return ExitCode::kOk;
}

CommandRunner SetUpSeparations(CLI::App& app) {
  auto options = std::make_shared<SeparationsOptions>();
  app.add_flag("--open", options->open, "List separations open at --as-of");
  app.add_option("--as-of", options->as_of, "The moment asked about (default: now)");
  app.add_option("--db", options->db, "The ledger database")->capture_default_str();
  app.add_option("--rules", options->rules, "Alert rules giving the deadlines");
  app.add_flag("--json", options->json, "Print JSON");
  return [options](CommandIo& io) { return RunSeparations(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(separations, "Children separated from a parent and not yet reunified",
                         SetUpSeparations);

}  // namespace kinlink::cli
