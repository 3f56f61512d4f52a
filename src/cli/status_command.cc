// `kinlink status --person ID | --a-number A | --name "..." | --family ID`: where a person is,
// their separations and their timeline across agencies; or a family's state and timeline.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "cli/ledger_options.h"
#include "core/clock.h"
#include "ledger/alert_rules.h"
#include "ledger/ledger.h"
#include "ledger/queries.h"

namespace kinlink::cli {
namespace {

using namespace kinlink::ledger;

struct StatusOptions {
  LedgerCommandOptions ledger;
  std::string person, a_number, name, family;
};

// Where a person is, as the ledger knows it: held ("cbp Del Rio since …"), last seen ("last
// seen in cbp Del Rio on …: no record says when that custody ended"), released, or removed.
std::string Where(std::string_view status, const std::optional<CustodyView>& c,
                  const std::optional<Timestamp>& removed_at = std::nullopt) {
  if (status == "removed") {
    return removed_at ? "removed on " + FormatDate(DateOf(*removed_at)) : "removed";
  }
  if (!c) return "not in custody";
  if (status == "last_seen") {
    return fmt::format("last seen in {} {} on {}: no record says when that custody ended",
                       c->agency, c->facility_id, FormatTimestamp(c->start));
  }
  if (c->end) {
    return fmt::format("left {} {} on {}", c->agency, c->facility_id, FormatTimestamp(*c->end));
  }
  return fmt::format("{} {} since {}", c->agency, c->facility_id, FormatTimestamp(c->start));
}

std::string ParentWhere(const SeparationView& s) {
  if (s.parent_id.empty()) return "";
  return fmt::format("; parent{} {}", s.parent_name.empty() ? "" : " " + s.parent_name,
                     Where(s.parent_status, s.parent_custody, s.parent_removed_at));
}

void PrintTimeline(const std::vector<TimelineItem>& timeline, CommandIo& io) {
  for (const auto& t : timeline) {
    io.out << fmt::format(
        "  {}  {:<20} {:<6} {}{}{}\n", FormatTimestamp(t.effective_at), t.type,
        t.source_agency.empty() ? "-" : t.source_agency, t.person_id,
        t.summary.empty() ? "" : "  " + t.summary,
        t.superseded_by.empty() ? "" : "  [superseded by " + t.superseded_by + "]");
  }
}

void PrintSeparation(const SeparationView& s, CommandIo& io) {
  io.out << fmt::format(
      "  child {} from parent {}{}{}: separated {}{}{}{}\n", s.child_id,
      s.parent_id.empty() ? "(not recorded)" : s.parent_id,
      s.parent_basis.empty() ? "" : " [" + s.parent_basis + "]",
      s.family_unit_id.empty() ? "" : " (family " + s.family_unit_id + ")",
      FormatTimestamp(s.separated_at),
      s.reunified_at ? ", reunified " + FormatTimestamp(*s.reunified_at) : ", open",
      s.due ? ", reunification due " + FormatDate(DateOf(*s.due)) : "",
      s.reunified_at ? "" : ParentWhere(s));
}

void PrintPerson(const PersonStatus& st, CommandIo& io) {
  io.out << fmt::format("person {}{}\n", st.person_id,
                        st.display_name.empty() ? "" : " — " + st.display_name);
  if (st.record) {
    const auto& r = *st.record;
    io.out << fmt::format("  source {}  sex {}  born {}  A-number {}  citizenship {}\n", st.source,
                          r.value("sex", "unknown"), r.value("birth_date", "-"),
                          r.value("a_number", "-"), r.value("citizenship", "-"));
  }
  io.out << fmt::format("  status {}: {}\n", st.status,
                        Where(st.status, st.current, st.removed_at));
  if (st.birth_date) {
    io.out << fmt::format("  youngest plausible birth date {} (from {})\n", *st.birth_date,
                          st.birth_date_source);
  }
  if (st.cluster.size() > 1) {
    io.out << "  linked identities:";
    for (const auto& id : st.cluster) io.out << " " << id;
    io.out << "\n";
  }
  if (!st.family_units.empty()) {
    io.out << "  family units:";
    for (const auto& id : st.family_units) io.out << " " << id;
    io.out << "\n";
  }
  if (!st.parents.empty()) {
    io.out << "  parents recorded:";
    for (const auto& id : st.parents) io.out << " " << id;
    io.out << "\n";
  }
  if (!st.custody.empty()) {
    io.out << "custody:\n";
    for (const auto& c : st.custody) {
      io.out << fmt::format(
          "  {} .. {}  {} {}{}\n", FormatTimestamp(c.start),
          c.end ? FormatTimestamp(*c.end) : (c.agency_records_end ? "now" : "(no end recorded)"),
          c.agency, c.facility_id,
          c.end && c.ended_by.empty() ? "  (ended by the next custody)" : "");
    }
  }
  if (!st.separations.empty()) {
    io.out << "separations:\n";
    for (const auto& s : st.separations) PrintSeparation(s, io);
  }
  io.out << "timeline:\n";
  PrintTimeline(st.timeline, io);
}

void PrintFamily(const FamilyStatus& fs, CommandIo& io) {
  io.out << fmt::format("family {}: {}{}\n", fs.family_unit_id, fs.state,
                        fs.separated_since ? " since " + FormatTimestamp(*fs.separated_since) : "");
  io.out << "members:\n";
  for (const auto& m : fs.members) {
    io.out << fmt::format("  {}{}: {}, {}\n", m.person_id,
                          m.display_name.empty() ? "" : " (" + m.display_name + ")", m.status,
                          Where(m.status, m.current, m.removed_at));
  }
  if (!fs.separations.empty()) {
    io.out << "separations:\n";
    for (const auto& s : fs.separations) PrintSeparation(s, io);
  }
  io.out << "timeline:\n";
  PrintTimeline(fs.timeline, io);
}

// `status --name` prints full statuses for at most this many matches, else a list of them.
constexpr size_t kMaxFullStatuses = 3;

void PrintMatches(const std::vector<PersonStatus>& found, const std::string& name, bool maybe_more,
                  CommandIo& io) {
  io.out << fmt::format(
      "{} persons match \"{}\"{}; give --person ID for one of them:\n", found.size(), name,
      maybe_more ? " (the first, by id; give more of the name to narrow it)" : "");
  for (const auto& st : found) {
    std::string born = st.record ? st.record->value("birth_date", "-") : "-";
    io.out << fmt::format("  {:<22} {:<32} born {:<10}  {}: {}\n", st.person_id, st.display_name,
                          born, st.status, Where(st.status, st.current, st.removed_at));
  }
}

ExitCode RunStatus(const StatusOptions& options, CommandIo& io) {
  int chosen = !options.person.empty() + !options.a_number.empty() + !options.name.empty() +
               !options.family.empty();
  if (chosen != 1) {
    return ReportError(
        io, InvalidArgumentError("give exactly one of --person, --a-number, --name, --family"));
  }
  auto opened = OpenLedgerForCommand(options.ledger);
  if (!opened.ok()) return ReportError(io, opened.status());
  Ledger& l = *opened->ledger;
  if (Status known = ApplyKnownAt(options.ledger, *opened); !known.ok()) {
    return ReportError(io, known);
  }
  SqlConnection& db = opened->ReadDb();
  EventLog& log = opened->ReadLog();
  const bool json = options.ledger.json;
  if (!options.family.empty()) {
    auto family = GetFamilyStatus(db, log, options.family, l.deadlines());
    if (!family.ok()) return ReportError(io, family.status());
    if (!*family) {
      return ReportError(io, NotFoundError(fmt::format("no family unit '{}'", options.family)));
    }
    if (json) {
      io.out << FamilyStatusToJson(**family).dump(2) << "\n";
    } else {
      PrintFamily(**family, io);
    }
    return ExitCode::kOk;
  }
  std::vector<std::string> ids;
  if (!options.person.empty()) {
    ids.push_back(options.person);
  } else {
    auto found = !options.a_number.empty() ? FindPersonsByANumber(l.db(), options.a_number)
                                           : FindPersonsByName(l.db(), options.name);
    if (!found.ok()) return ReportError(io, found.status());
    ids = *found;
  }
  std::vector<PersonStatus> found;
  for (const auto& id : ids) {
    auto st = GetPersonStatus(db, log, id, l.deadlines());
    if (!st.ok()) return ReportError(io, st.status());
    if (*st) found.push_back(std::move(**st));
  }
  if (found.empty()) {
    return ReportError(io, NotFoundError("no person in the ledger matches"));
  }
  // A name shared by many people: one line each, to pick from with --person (JSON keeps every
  // status in full for programs).
  if (!json && !options.name.empty() && found.size() > kMaxFullStatuses) {
    PrintMatches(found, options.name, ids.size() >= kMaxNameMatches, io);
    return ExitCode::kOk;
  }
  nlohmann::json all = nlohmann::json::array();
  for (size_t i = 0; i < found.size(); ++i) {
    if (json) {
      all.push_back(PersonStatusToJson(found[i]));
    } else {
      if (i > 0) io.out << "\n";
      PrintPerson(found[i], io);
    }
  }
  if (json) io.out << (options.person.empty() ? all : all[0]).dump(2) << "\n";
  return ExitCode::kOk;
}

CommandRunner SetUpStatus(CLI::App& app) {
  auto options = std::make_shared<StatusOptions>();
  app.add_option("--person", options->person, "A person (identity) id, e.g. cbp:S000000123");
  app.add_option("--a-number", options->a_number, "Every identity with this A-number");
  app.add_option("--name", options->name,
                 "Every identity with this name (accents and case ignored)");
  app.add_option("--family", options->family, "A family-unit id: its state and timeline");
  LedgerOptionHelp help;
  help.db = "The ledger database";
  help.rules = "Alert rules giving the deadlines";
  help.known_at =
      "Answer from only what was known at this moment (the entry times the agencies recorded); "
      "default: everything recorded";
  AddLedgerOptions(app, options->ledger, help);
  return [options](CommandIo& io) { return RunStatus(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(status, "Where a person is and what happened to them, or a family's state",
                         SetUpStatus);

}  // namespace kinlink::cli
