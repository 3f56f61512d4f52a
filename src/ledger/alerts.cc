#include "ledger/alerts.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "ledger/identity.h"
#include "ledger/internal/read_snapshot.h"
#include "ledger/queries.h"

namespace kinlink::ledger {
namespace {

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(int64_t s) { return Timestamp(std::chrono::seconds(s)); }

// The person's youngest plausible birth date across their records (person_state), or the
// identity record's when the person has no projection.
Result<std::optional<PartialDate>> BirthDate(SqlConnection& db, const std::string& person_id) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT COALESCE((SELECT birth_date FROM person_state WHERE person_id = ?), "
                 "(SELECT birth_date FROM person WHERE person_id = ?))"));
  s->BindText(1, person_id);
  s->BindText(2, person_id);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  std::string text = row && !s->IsNull(0) ? s->Text(0) : "";
  s->Reset();
  std::optional<PartialDate> date;
  if (!text.empty()) {
    auto reading = ParseAgencyDate(text);
    if (reading.ok() && !reading->ambiguous()) date = reading->candidates.front();
  }
  return date;
}

// Whether the person is a minor at `t`: by the youngest plausible birth date, or, when no record
// gives one, by being the child of a separation.
Result<bool> IsMinorAt(SqlConnection& db, const std::string& person, Timestamp t) {
  KINLINK_ASSIGN_OR_RETURN(auto birth, BirthDate(db, person));
  if (birth) return IsMinorOn(birth, DateOf(t));
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * child,
                           db.Prepare("SELECT 1 FROM separation WHERE child_id = ? LIMIT 1"));
  child->BindText(1, person);
  KINLINK_ASSIGN_OR_RETURN(bool row, child->Step());
  child->Reset();
  return row;
}

Result<bool> InCustodyOf(SqlConnection& db, const std::vector<std::string>& people,
                         std::string_view agency, Timestamp at) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT 1 FROM custody_interval WHERE person_id = ? AND agency = ? AND "
                 "start_at <= ? AND (end_at IS NULL OR end_at > ?) LIMIT 1"));
  for (const auto& person : people) {
    s->BindText(1, person);
    s->BindText(2, agency);
    s->BindInt(3, Seconds(at));
    s->BindInt(4, Seconds(at));
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    s->Reset();
    if (row) return true;
  }
  return false;
}

struct OpenSeparation {
  std::string child_id, parent_id, family_unit_id;  // child: a person; parent: an identity
  Timestamp separated_at;
};

Result<std::vector<OpenSeparation>> OpenSeparations(SqlConnection& db, Timestamp t) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT child_id, parent_id, family_unit_id, separated_at FROM separation "
                 "WHERE separated_at <= ? AND (reunified_at IS NULL OR reunified_at > ?) "
                 "ORDER BY child_id, parent_id"));
  s->BindInt(1, Seconds(t));
  s->BindInt(2, Seconds(t));
  std::vector<OpenSeparation> out;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back({s->Text(0), s->Text(1), s->Text(2), At(s->Int(3))});
  }
  s->Reset();
  return out;
}

// A child held by CBP past the limit. Only where CBP's records end its custody (a book-out):
// otherwise an open CBP custody says only where the child was last seen, and the rule cannot
// tell a child still held from one handed on unrecorded, so it stays quiet (the person's
// status says "last seen" instead).
Status CbpCustodyLimit(SqlConnection& db, const AlertRule& rule, Timestamp t,
                       std::vector<Alert>& out) {
  KINLINK_ASSIGN_OR_RETURN(AgencyCustodyEnd cbp, ReadAgencyCustodyEnd(db, "cbp"));
  if (!cbp.recorded) return Status::Ok();
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT person_id, MIN(agency_since) FROM custody_interval WHERE agency = 'cbp' "
                 "AND start_at <= ? AND (end_at IS NULL OR end_at > ?) AND agency_since <= ? "
                 "GROUP BY person_id ORDER BY person_id"));
  s->BindInt(1, Seconds(t));
  s->BindInt(2, Seconds(t));
  s->BindInt(3, Seconds(t - std::chrono::hours(rule.hours)));
  std::vector<std::pair<std::string, Timestamp>> held;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    held.emplace_back(s->Text(0), At(s->Int(1)));
  }
  s->Reset();
  for (const auto& [person, since] : held) {
    // Held longer than any stay CBP's records ever closed: the book-out went unrecorded, and
    // the child is only last seen there (the data-quality rule's case).
    if (cbp.longest_closed_stay && t - since > *cbp.longest_closed_stay) continue;
    KINLINK_ASSIGN_OR_RETURN(bool minor, IsMinorAt(db, person, t));
    if (!minor) continue;
    auto hours = std::chrono::duration_cast<std::chrono::hours>(t - since).count();
    out.push_back({rule.id, rule.kind, rule.severity, person, "",
                   since + std::chrono::hours(rule.hours),
                   fmt::format("child in CBP custody since {}, no book-out recorded: {} hours; "
                               "the limit is {}",
                               FormatTimestamp(since), hours, rule.hours)});
  }
  return Status::Ok();
}

Status CourtOrder(SqlConnection& db, const AlertRules& rules, const AlertRule& rule, Timestamp t,
                  const std::vector<OpenSeparation>& open, std::vector<Alert>& out) {
  if (!rules.court_order_date) return Status::Ok();
  for (const auto& s : open) {
    Timestamp start = std::max(StartOfDay(*rules.court_order_date), s.separated_at);
    KINLINK_ASSIGN_OR_RETURN(auto birth, BirthDate(db, s.child_id));
    auto age = AgeOn(birth, DateOf(start));
    if (age) {
      if (*age < rule.min_age || *age >= rule.max_age) continue;
    } else if (rule.max_age <= 100) {
      continue;  // a child of unknown age falls under the open-ended (older children's) rule
    }
    Timestamp due = start + std::chrono::days(rule.days);
    if (t <= due) continue;
    out.push_back({rule.id, rule.kind, rule.severity, s.child_id, s.parent_id, due,
                   fmt::format("child{} still separated{}; reunification was due {} ({} days "
                               "after {})",
                               age ? fmt::format(" aged {}", *age) : " of unknown age",
                               s.parent_id.empty() ? "" : " from " + s.parent_id,
                               FormatDate(DateOf(due)), rule.days, FormatDate(DateOf(start)))});
  }
  return Status::Ok();
}

Status ParentRemoved(SqlConnection& db, const AlertRule& rule, Timestamp t,
                     const std::vector<OpenSeparation>& open, std::vector<Alert>& out) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT removed_at, removal_recorded_at FROM person_state WHERE person_id = ? "
                 "AND removed_at IS NOT NULL"));
  std::set<std::pair<std::string, std::string>> raised;  // (child, parent person)
  for (const auto& sep : open) {
    if (sep.parent_id.empty()) continue;
    KINLINK_ASSIGN_OR_RETURN(PersonId parent, PersonOf(db, sep.parent_id));
    if (raised.count({sep.child_id, parent})) continue;
    s->BindText(1, parent);
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    Timestamp removed = row ? At(s->Int(0)) : Timestamp{};
    Timestamp recorded = row ? At(s->Int(1)) : Timestamp{};
    s->Reset();
    if (!row || removed < sep.separated_at) continue;
    bool done = removed <= t;
    bool scheduled = !done && recorded <= t;
    if (!done && !scheduled) continue;
    KINLINK_ASSIGN_OR_RETURN(bool in_orr,
                             InCustodyOf(db, {sep.child_id}, "orr", done ? removed : t));
    if (!in_orr) continue;
    raised.insert({sep.child_id, parent});
    out.push_back({rule.id, rule.kind, rule.severity, sep.child_id, parent,
                   done ? removed : recorded,
                   fmt::format("parent {} {} {} while the child is in ORR care", parent,
                               done ? "was removed on" : "is scheduled for removal on",
                               FormatDate(DateOf(removed)))});
  }
  return Status::Ok();
}

Status NoParentLink(SqlConnection& db, const AlertRule& rule, Timestamp t,
                    const std::vector<OpenSeparation>& open, std::vector<Alert>& out) {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * link,
                           db.Prepare("SELECT 1 FROM parent_link WHERE child_id = ? LIMIT 1"));
  for (const auto& sep : open) {
    if (!sep.parent_id.empty()) continue;
    if (sep.separated_at + std::chrono::hours(rule.hours) > t) continue;
    // Parent links are kept under the person: any of the child's records naming a parent.
    link->BindText(1, sep.child_id);
    KINLINK_ASSIGN_OR_RETURN(bool linked, link->Step());
    link->Reset();
    if (linked) continue;
    out.push_back({rule.id, rule.kind, rule.severity, sep.child_id, "", sep.separated_at,
                   fmt::format("child flagged separated on {} with no parent recorded",
                               FormatDate(DateOf(sep.separated_at)))});
  }
  return Status::Ok();
}

// Custody intervals are per person, and the fold ends an open custody when another agency takes
// the person in; two intervals of different agencies open at T therefore mean that an agency's
// own record ended its custody after the other agency had taken the person (both held them).
Status ConcurrentCustody(SqlConnection& db, const AlertRule& rule, Timestamp t,
                         std::vector<Alert>& out) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT person_id, agency, facility_id, start_at FROM custody_interval "
                 "WHERE start_at <= ? AND (end_at IS NULL OR end_at > ?) "
                 "ORDER BY person_id, start_at"));
  s->BindInt(1, Seconds(t));
  s->BindInt(2, Seconds(t));
  struct Hold {
    std::string agency, facility;
    Timestamp start;
  };
  std::map<std::string, std::vector<Hold>> by_person;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    by_person[s->Text(0)].push_back({s->Text(1), s->Text(2), At(s->Int(3))});
  }
  s->Reset();
  for (const auto& [person, holds] : by_person) {
    std::set<std::string> agencies;
    Timestamp since{};
    std::string where;
    for (const auto& h : holds) {
      agencies.insert(h.agency);
      since = std::max(since, h.start);
      where += fmt::format("{}{} {}", where.empty() ? "" : ", ", h.agency, h.facility);
    }
    if (agencies.size() < 2) continue;
    out.push_back({rule.id, rule.kind, rule.severity, person, *std::next(agencies.begin()), since,
                   fmt::format("held by {} agencies at once: {}", agencies.size(), where)});
  }
  return Status::Ok();
}

Status FamilyUnitDropped(SqlConnection& db, const AlertRule& rule, Timestamp t,
                         std::vector<Alert>& out) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT person_id, dropped_family_unit_id, dropped_at, dropped_by FROM "
                 "person_state WHERE dropped_at IS NOT NULL AND dropped_at <= ? "
                 "ORDER BY person_id"));
  s->BindInt(1, Seconds(t));
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back({rule.id, rule.kind, rule.severity, s->Text(0), s->Text(1), At(s->Int(2)),
                   fmt::format("{} recorded this person without family unit {} after a "
                               "separation",
                               s->Text(3), s->Text(1))});
  }
  s->Reset();
  return Status::Ok();
}

// A minor last seen in an agency's custody that the agency's records never end: where the
// child is now is not known. The counterpart of the 72-hour rule where the records cannot
// support it.
Status CustodyEndUnrecorded(SqlConnection& db, const AlertRule& rule, Timestamp t,
                            std::vector<Alert>& out) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT c.person_id, c.agency, c.facility_id, c.start_at, c.agency_since FROM "
                 "custody_interval c WHERE c.start_at <= ? AND (c.end_at IS NULL OR c.end_at > ?) "
                 "ORDER BY c.person_id, c.start_at"));
  s->BindInt(1, Seconds(t - std::chrono::hours(rule.hours)));
  s->BindInt(2, Seconds(t));
  struct Seen {
    std::string person, agency, facility;
    Timestamp start, since;
  };
  std::vector<Seen> seen;
  std::map<std::string, AgencyCustodyEnd> ends;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    seen.push_back({s->Text(0), s->Text(1), s->Text(2), At(s->Int(3)), At(s->Int(4))});
  }
  s->Reset();
  for (const auto& v : seen) {
    auto known = ends.find(v.agency);
    if (known == ends.end()) {
      KINLINK_ASSIGN_OR_RETURN(AgencyCustodyEnd end, ReadAgencyCustodyEnd(db, v.agency));
      known = ends.emplace(v.agency, end).first;
    }
    const AgencyCustodyEnd& end = known->second;
    // Unrecorded: the agency's records never end a custody, or this stay has outlasted every
    // stay they did end.
    const bool never_ended = !end.recorded;
    const bool outlasted =
        end.recorded && end.longest_closed_stay && t - v.since > *end.longest_closed_stay;
    if (!never_ended && !outlasted) continue;
    KINLINK_ASSIGN_OR_RETURN(bool minor, IsMinorAt(db, v.person, t));
    if (!minor) continue;
    auto days = std::chrono::duration_cast<std::chrono::days>(t - v.start).count();
    out.push_back(
        {rule.id, rule.kind, rule.severity, v.person, v.agency,
         never_ended ? v.start + std::chrono::hours(rule.hours)
                     : v.since + *end.longest_closed_stay,
         fmt::format("child last seen in {} custody ({}) since {}, {} days ago; {}", v.agency,
                     v.facility, FormatTimestamp(v.start), days,
                     never_ended ? fmt::format("{}'s records do not say when its custody ends, and "
                                               "no later custody is recorded",
                                               v.agency)
                                 : fmt::format("the stay is longer than any {} stay its records "
                                               "ended, so its end went unrecorded",
                                               v.agency))});
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<Alert>> EvaluateAlerts(SqlConnection& db, const AlertRules& rules, Timestamp t) {
  // Every rule reads the same committed state, whatever an ingest commits meanwhile.
  detail::ReadSnapshot snapshot(db);
  std::vector<Alert> out;
  KINLINK_ASSIGN_OR_RETURN(std::vector<OpenSeparation> open, OpenSeparations(db, t));
  for (const AlertRule& rule : rules.rules) {
    if (!rule.enabled) continue;
    switch (rule.kind) {
      case AlertKind::kCbpCustodyLimit:
        KINLINK_RETURN_IF_ERROR(CbpCustodyLimit(db, rule, t, out));
        break;
      case AlertKind::kCourtOrderReunification:
        KINLINK_RETURN_IF_ERROR(CourtOrder(db, rules, rule, t, open, out));
        break;
      case AlertKind::kParentRemovedChildInOrr:
        KINLINK_RETURN_IF_ERROR(ParentRemoved(db, rule, t, open, out));
        break;
      case AlertKind::kSeparatedWithoutParentLink:
        KINLINK_RETURN_IF_ERROR(NoParentLink(db, rule, t, open, out));
        break;
      case AlertKind::kConcurrentCustody:
        KINLINK_RETURN_IF_ERROR(ConcurrentCustody(db, rule, t, out));
        break;
      case AlertKind::kFamilyUnitDropped:
        KINLINK_RETURN_IF_ERROR(FamilyUnitDropped(db, rule, t, out));
        break;
      case AlertKind::kCustodyEndUnrecorded:
        KINLINK_RETURN_IF_ERROR(CustodyEndUnrecorded(db, rule, t, out));
        break;
    }
  }
  return out;
}

const std::vector<std::string>& AlertCsvHeader() {
  static const std::vector<std::string> header = {"rule",       "kind",  "severity", "person_id",
                                                  "related_id", "since", "message",  "as_of"};
  return header;
}

std::vector<std::string> AlertCsvRow(const Alert& a, Timestamp as_of) {
  return {a.rule_id,    std::string(ToString(a.kind)), a.severity, a.person_id,
          a.related_id, FormatTimestamp(a.since),      a.message,  FormatTimestamp(as_of)};
}

Result<int64_t> RecordAlerts(SqlConnection& db, const std::vector<Alert>& alerts, Timestamp now) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("INSERT INTO alert (rule_id, person_id, related_id, since, message, "
                 "first_raised_at) VALUES (?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT (rule_id, person_id, related_id) DO NOTHING"));
  // One commit for all of them, not one per alert; nothing is recorded if one fails.
  detail::WriteScope scope(db);
  KINLINK_RETURN_IF_ERROR(scope.status());
  int64_t fresh = 0;
  for (const Alert& a : alerts) {
    s->BindText(1, a.rule_id);
    s->BindText(2, a.person_id);
    s->BindText(3, a.related_id);
    s->BindInt(4, Seconds(a.since));
    s->BindText(5, a.message);
    s->BindInt(6, Seconds(now));
    KINLINK_RETURN_IF_ERROR(s->Run());
    fresh += db.ChangedRows();
  }
  KINLINK_RETURN_IF_ERROR(scope.Commit());
  return fresh;
}

}  // namespace kinlink::ledger
