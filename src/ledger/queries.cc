#include "ledger/queries.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_set>

#include "ledger/family_link_decision.h"
#include "ledger/identity.h"
#include "ledger/internal/read_snapshot.h"
#include "ledger/name_key.h"
#include "ledger/person_projection.h"

namespace kinlink::ledger {
namespace {

using nlohmann::json;

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(int64_t s) { return Timestamp(std::chrono::seconds(s)); }
std::optional<Timestamp> OptionalAt(const SqlStatement& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return At(s.Int(column));
}

std::optional<PartialDate> ParseStoredDate(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto reading = ParseAgencyDate(text);
  if (!reading.ok() || reading->ambiguous()) return std::nullopt;
  return reading->candidates.front();
}

std::string Summarize(const std::string& type, std::string_view payload_text) {
  json payload = json::parse(payload_text, nullptr, false);
  if (!payload.is_object()) return type;
  static const std::set<std::string> kCommon = {"event_id",    "type",   "effective_at",
                                                "recorded_at", "source", "actor"};
  std::string out;
  for (auto it = payload.begin(); it != payload.end(); ++it) {
    if (kCommon.count(it.key())) continue;
    std::string value;
    if (it.value().is_string()) {
      value = it.value().get<std::string>();
    } else if (it.value().is_object() && it.value().contains("agency")) {
      value = fmt::format("{}/{}", it.value()["agency"].get<std::string>(),
                          it.value().value("facility_id", std::string()));
    } else if (it.key() == "replacement") {
      value = it.value().value("type", std::string("event"));
    } else {
      value = it.value().dump();
    }
    if (value.empty() || value == "[]") continue;
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", it.key(), value);
  }
  return out;
}

// One statement per person: the subject index range, each entry's columns the timeline shows
// (not the chain's hashes) and whether a correction superseded it, in one pass. An entry already
// listed under another member (a family event indexes every member) is skipped before any of its
// text is copied or its payload parsed.
Result<std::vector<TimelineItem>> Timeline(SqlConnection& db,
                                           const std::vector<std::string>& people) {
  std::vector<TimelineItem> items;
  std::unordered_set<int64_t> seen;
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT e.seq, e.event_id, e.type, e.effective_at, e.recorded_at, "
                 "e.source_agency, e.source_system, e.source_record_id, e.payload, "
                 "x.superseded_by FROM event_subject s JOIN event e ON e.seq = s.seq "
                 "LEFT JOIN supersession x ON x.event_id = e.event_id "
                 "WHERE s.person_id = ? ORDER BY s.effective_at, s.seq"));
  for (const auto& person : people) {
    s->BindText(1, person);
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      int64_t seq = s->Int(0);
      if (!seen.insert(seq).second) continue;
      TimelineItem item;
      item.seq = seq;
      item.entry_id = s->Text(1);
      item.type = s->Text(2);
      item.effective_at = At(s->Int(3));
      item.recorded_at = At(s->Int(4));
      item.person_id = person;
      item.source_agency = s->Text(5);
      item.source_system = s->Text(6);
      item.source_record_id = s->Text(7);
      item.summary = Summarize(item.type, s->TextView(8));
      if (!s->IsNull(9)) item.superseded_by = s->Text(9);
      items.push_back(std::move(item));
    }
    s->Reset();
  }
  std::sort(items.begin(), items.end(), [](const TimelineItem& a, const TimelineItem& b) {
    return std::tie(a.effective_at, a.seq) < std::tie(b.effective_at, b.seq);
  });
  return items;
}

// Fills what the custody's agency's records say of custody ends.
Status AddAgencyCustodyEnd(SqlConnection& db, CustodyView& view) {
  KINLINK_ASSIGN_OR_RETURN(AgencyCustodyEnd end, ReadAgencyCustodyEnd(db, view.agency));
  view.agency_records_end = end.recorded;
  view.longest_closed_stay = end.longest_closed_stay;
  return Status::Ok();
}

// The first row of a bound `SELECT agency, facility_id, start_at, end_at, ended_by,
// agency_since FROM custody_interval …` as `person`'s custody (none when there is no row);
// resets the statement.
Result<std::optional<CustodyView>> FirstCustody(SqlConnection& db, SqlStatement& s,
                                                const std::string& person) {
  KINLINK_ASSIGN_OR_RETURN(bool row, s.Step());
  std::optional<CustodyView> view;
  if (row) {
    view = CustodyView{.person_id = person,
                       .agency = s.Text(0),
                       .facility_id = s.Text(1),
                       .start = At(s.Int(2)),
                       .end = OptionalAt(s, 3),
                       .ended_by = s.IsNull(4) ? "" : s.Text(4),
                       .agency_since = At(s.Int(5)),
                       .longest_closed_stay = std::nullopt};
  }
  s.Reset();
  if (view) KINLINK_RETURN_IF_ERROR(AddAgencyCustodyEnd(db, *view));
  return view;
}

Result<std::optional<CustodyView>> CustodyAt(SqlConnection& db, const std::string& person,
                                             Timestamp t) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT agency, facility_id, start_at, end_at, ended_by, agency_since FROM "
                 "custody_interval WHERE person_id = ? AND start_at <= ? AND "
                 "(end_at IS NULL OR end_at > ?) "
                 "ORDER BY start_at DESC, ordinal DESC LIMIT 1"));
  s->BindText(1, person);
  s->BindInt(2, Seconds(t));
  s->BindInt(3, Seconds(t));
  return FirstCustody(db, *s, person);
}

// The custody interval of `person` that ended last at or before `t`.
Result<std::optional<CustodyView>> CustodyLeftBy(SqlConnection& db, const std::string& person,
                                                 Timestamp t) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT agency, facility_id, start_at, end_at, ended_by, agency_since FROM "
                 "custody_interval WHERE person_id = ? AND end_at IS NOT NULL AND end_at <= ? "
                 "ORDER BY end_at DESC, ordinal DESC LIMIT 1"));
  s->BindText(1, person);
  s->BindInt(2, Seconds(t));
  return FirstCustody(db, *s, person);
}

// What person_state says of a person (its key) at the moment `t` (now when unset): where (in
// custody, last seen, released, removed, unknown), the custody, removal, name and birth date.
struct PersonAt {
  bool found = false;
  std::string status = "unknown";
  std::optional<CustodyView> custody;
  std::optional<Timestamp> removed_at;
  std::string display_name;
  std::string birth_date, birth_date_source;
  std::optional<Timestamp> last_record_at;
};

Result<PersonAt> ReadPersonAt(SqlConnection& db, const std::string& key,
                              std::optional<Timestamp> t) {
  PersonAt out;
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT s.status, s.removed_at, COALESCE(s.birth_date, ''), "
                 "COALESCE(s.birth_date_source, ''), s.last_effective_at, p.display_name "
                 "FROM person_state s LEFT JOIN person p ON p.person_id = s.person_id "
                 "WHERE s.person_id = ?"));
  s->BindText(1, key);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (row) {
    out.found = true;
    out.status = s->Text(0);
    out.removed_at = OptionalAt(*s, 1);
    out.birth_date = s->Text(2);
    out.birth_date_source = s->Text(3);
    out.last_record_at = At(s->Int(4));
    if (!s->IsNull(5)) out.display_name = s->Text(5);
  }
  s->Reset();
  if (!row) return out;
  const Timestamp when = t.value_or(Timestamp(std::chrono::seconds(1LL << 40)));
  KINLINK_ASSIGN_OR_RETURN(out.custody, CustodyAt(db, key, when));
  if (out.custody) {
    out.status = std::string(WhereStatus(*out.custody, t));
  } else if (out.removed_at && *out.removed_at <= when) {
    out.status = "removed";
  } else if (t) {
    // Before the first custody nothing is known; after a custody ended, released.
    KINLINK_ASSIGN_OR_RETURN(auto left, CustodyLeftBy(db, key, when));
    out.status = left ? "released" : "unknown";
  }
  return out;
}

Result<std::string> BirthDateText(SqlConnection& db, const std::string& person) {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db.Prepare("SELECT birth_date FROM person WHERE person_id = ?"));
  s->BindText(1, person);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  std::string text = row && !s->IsNull(0) ? s->Text(0) : "";
  s->Reset();
  return text;
}

// The person's name: the first of its identities' records (by id) that gives one (the
// projection's row names only the cluster's id).
Result<std::string> PersonName(SqlConnection& db, const std::string& person) {
  KINLINK_ASSIGN_OR_RETURN(std::vector<PersonId> cluster, ClusterOf(db, person));
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db.Prepare("SELECT display_name FROM person WHERE person_id = ?"));
  for (const auto& id : cluster) {
    s->BindText(1, id);
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    std::string name = row ? s->Text(0) : "";
    s->Reset();
    if (!name.empty()) return name;
  }
  return std::string();
}

// Reads separation rows selected as (child, parent, family, reason, separated_at, reunified_at,
// parent_basis). Ages are as of `at` (the separation itself when unset); custody and the
// parent's whereabouts are at `at` (now when unset). A parent named by two identities of one
// person is listed once (the earliest separation).
Result<std::vector<SeparationView>> ReadSeparations(SqlConnection& db, SqlStatement& s,
                                                    std::optional<Timestamp> at,
                                                    const DeadlinePolicy& policy) {
  std::vector<SeparationView> rows;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    SeparationView v;
    v.child_id = s.Text(0);
    v.parent_id = s.Text(1);
    v.family_unit_id = s.Text(2);
    v.reason = s.Text(3);
    v.separated_at = At(s.Int(4));
    v.reunified_at = OptionalAt(s, 5);
    if (!s.IsNull(6)) v.parent_basis = s.Text(6);
    rows.push_back(std::move(v));
  }
  s.Reset();
  std::vector<SeparationView> out;
  std::set<std::pair<std::string, std::string>> listed;  // (child, parent person)
  for (auto& v : rows) {
    if (!v.parent_id.empty()) {
      KINLINK_ASSIGN_OR_RETURN(v.parent_person_id, PersonOf(db, v.parent_id));
    }
    if (!v.parent_person_id.empty() && !listed.emplace(v.child_id, v.parent_person_id).second) {
      continue;
    }
    KINLINK_ASSIGN_OR_RETURN(PersonAt child, ReadPersonAt(db, v.child_id, at));
    v.child_name = child.display_name;
    if (v.child_name.empty()) {
      KINLINK_ASSIGN_OR_RETURN(v.child_name, PersonName(db, v.child_id));
    }
    auto birth = ParseStoredDate(child.birth_date);
    if (!child.found) {
      KINLINK_ASSIGN_OR_RETURN(std::string birth_text, BirthDateText(db, v.child_id));
      birth = ParseStoredDate(birth_text);
      child.birth_date = birth_text;
    }
    if (!child.birth_date.empty()) v.child_birth_date = child.birth_date;
    v.child_birth_date_source = child.birth_date_source;
    v.child_age = AgeOn(birth, DateOf(at.value_or(v.separated_at)));
    v.due = ReunificationDue(policy, birth, v.separated_at);
    const Timestamp when = at.value_or(Timestamp(std::chrono::seconds(1LL << 40)));
    v.child_custody = child.custody;
    if (!v.child_custody) {
      KINLINK_ASSIGN_OR_RETURN(v.child_left_custody, CustodyLeftBy(db, v.child_id, when));
    }
    if (!v.parent_person_id.empty()) {
      KINLINK_ASSIGN_OR_RETURN(PersonAt parent, ReadPersonAt(db, v.parent_person_id, at));
      v.parent_name = parent.display_name;
      if (v.parent_name.empty()) {
        KINLINK_ASSIGN_OR_RETURN(v.parent_name, PersonName(db, v.parent_person_id));
      }
      v.parent_status = parent.status;
      v.parent_custody = parent.custody;
      if (parent.removed_at && *parent.removed_at <= when) v.parent_removed_at = parent.removed_at;
    }
    out.push_back(std::move(v));
  }
  return out;
}

json CustodyJson(const CustodyView& c) {
  json j = {{"person_id", c.person_id},
            {"agency", c.agency},
            {"facility_id", c.facility_id},
            {"since", FormatTimestamp(c.start)}};
  if (c.end) {
    j["until"] = FormatTimestamp(*c.end);
    j["ended_by"] = c.ended_by.empty() ? json("later custody") : json(c.ended_by);
  } else {
    j["where"] = WhereStatus(c);
  }
  return j;
}

}  // namespace

std::string_view WhereStatus(const CustodyView& c, std::optional<Timestamp> at) {
  if (c.end) return (!at || *c.end <= *at) ? "released" : "in_custody";  // it ended later
  if (!c.agency_records_end) return "last_seen";
  if (at && c.longest_closed_stay && *at - c.agency_since > *c.longest_closed_stay) {
    return "last_seen";
  }
  return "in_custody";
}

Result<AgencyCustodyEnd> ReadAgencyCustodyEnd(SqlConnection& db, std::string_view agency) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT recorded, longest_stay FROM agency_custody_end WHERE agency = ?"));
  s->BindText(1, agency);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  // An agency is taken to record its custody's end unless an export of its records is known
  // not to (ingest of a mapping without releases) and none of its records has ended one since.
  AgencyCustodyEnd out;
  std::optional<std::chrono::seconds> longest;
  if (row) {
    out.recorded = s->Int(0) != 0;
    if (!s->IsNull(1)) longest = std::chrono::seconds(s->Int(1));
  }
  s->Reset();
  if (longest) {
    // A stay beyond the longest of n closed stays is a real stay with chance at most 1/(n+1):
    // the bound is used once at least kMinClosedStays stays were closed (a 1% chance).
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * count,
        db.Prepare("SELECT COUNT(*) FROM (SELECT 1 FROM custody_interval WHERE agency = ? AND "
                   "ended_by = ? LIMIT ?) closed"));
    count->BindText(1, agency);
    count->BindText(2, agency);
    count->BindInt(3, kMinClosedStays);
    KINLINK_ASSIGN_OR_RETURN(bool counted, count->Step());
    const int64_t closed = counted ? count->Int(0) : 0;
    count->Reset();
    if (closed >= kMinClosedStays) out.longest_closed_stay = longest;
  }
  return out;
}

Result<std::optional<PersonStatus>> GetPersonStatus(SqlConnection& db,
                                                    [[maybe_unused]] EventLog& log,
                                                    const std::string& person_id,
                                                    const DeadlinePolicy& policy) {
  detail::ReadSnapshot snapshot(db);
  PersonStatus st;
  st.person_id = person_id;
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s,
        db.Prepare("SELECT record, display_name, source FROM person WHERE person_id = ?"));
    s->BindText(1, person_id);
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      st.record = json::parse(s->Text(0), nullptr, false);
      st.display_name = s->Text(1);
      st.source = s->Text(2);
    }
    s->Reset();
  }
  // Everything below is the person's: every identity linked with this one.
  KINLINK_ASSIGN_OR_RETURN(st.person_key, PersonOf(db, person_id));
  const std::string& key = st.person_key;
  KINLINK_ASSIGN_OR_RETURN(PersonAt now, ReadPersonAt(db, key, std::nullopt));
  if (!st.record.has_value() && !now.found) return std::optional<PersonStatus>();
  st.status = now.status;
  st.current = now.custody;
  st.removed_at = now.removed_at;
  st.last_record_at = now.last_record_at;
  if (!now.birth_date.empty()) st.birth_date = now.birth_date;
  st.birth_date_source = now.birth_date_source;
  if (!st.current && now.found) {
    // Released or removed: the custody left last, for "where was the person last".
    KINLINK_ASSIGN_OR_RETURN(st.current,
                             CustodyLeftBy(db, key, Timestamp(std::chrono::seconds(1LL << 40))));
  }
  KINLINK_ASSIGN_OR_RETURN(st.cluster, ClusterOf(db, person_id));
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s,
        db.Prepare("SELECT agency, facility_id, start_at, end_at, ended_by, agency_since FROM "
                   "custody_interval WHERE person_id = ? ORDER BY ordinal"));
    s->BindText(1, key);
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      st.custody.push_back({.person_id = key,
                            .agency = s->Text(0),
                            .facility_id = s->Text(1),
                            .start = At(s->Int(2)),
                            .end = OptionalAt(*s, 3),
                            .ended_by = s->IsNull(4) ? "" : s->Text(4),
                            .agency_since = At(s->Int(5)),
                            .longest_closed_stay = std::nullopt});
    }
    s->Reset();
    for (auto& c : st.custody) KINLINK_RETURN_IF_ERROR(AddAgencyCustodyEnd(db, c));
  }
  {
    // As the child (rows under the person), and as the parent (rows naming any identity).
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s,
        db.Prepare("SELECT child_id, parent_id, COALESCE(family_unit_id, ''), reason, "
                   "separated_at, reunified_at, parent_basis FROM separation WHERE child_id = ? "
                   "ORDER BY separated_at"));
    s->BindText(1, key);
    KINLINK_ASSIGN_OR_RETURN(st.separations, ReadSeparations(db, *s, std::nullopt, policy));
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * as_parent,
        db.Prepare("SELECT child_id, parent_id, COALESCE(family_unit_id, ''), reason, "
                   "separated_at, reunified_at, parent_basis FROM separation WHERE parent_id = ? "
                   "ORDER BY separated_at"));
    for (const auto& identity : st.cluster) {
      as_parent->BindText(1, identity);
      KINLINK_ASSIGN_OR_RETURN(auto more, ReadSeparations(db, *as_parent, std::nullopt, policy));
      for (auto& m : more) st.separations.push_back(std::move(m));
    }
  }
  for (auto [sql, target] :
       {std::pair{"SELECT parent_id FROM parent_link WHERE child_id = ? ORDER BY parent_id",
                  &st.parents},
        std::pair{"SELECT family_unit_id FROM family_member WHERE person_id = ? "
                  "ORDER BY first_seen",
                  &st.family_units}}) {
    KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db.Prepare(sql));
    s->BindText(1, key);
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      target->push_back(s->Text(0));
    }
    s->Reset();
  }
  KINLINK_ASSIGN_OR_RETURN(st.timeline, Timeline(db, st.cluster));
  return std::optional<PersonStatus>(std::move(st));
}

Result<std::vector<std::string>> FindPersonsByANumber(SqlConnection& db,
                                                      std::string_view a_number) {
  auto parsed = ANumber::Parse(a_number);
  if (!parsed.ok()) return parsed.status();
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT person_id FROM person WHERE a_number = ? ORDER BY person_id"));
  s->BindText(1, parsed->ToString());
  std::vector<std::string> out;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(s->Text(0));
  }
  s->Reset();
  return out;
}

Result<std::vector<std::string>> FindPersonsByName(SqlConnection& db, std::string_view name) {
  std::string key = NameKey(name);
  if (key.empty()) return InvalidArgumentError("the name has no letters to search for");
  std::vector<std::string> out;
  for (std::string_view sql :
       {"SELECT person_id FROM person WHERE name_key = ? ORDER BY person_id LIMIT ?",
        "SELECT person_id FROM person WHERE name_key LIKE ? ORDER BY person_id LIMIT ?"}) {
    KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db.Prepare(sql));
    s->BindText(1,
                out.empty() && sql.find("LIKE") != std::string_view::npos ? "%" + key + "%" : key);
    s->BindInt(2, static_cast<int64_t>(kMaxNameMatches));
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(s->Text(0));
    }
    s->Reset();
    if (!out.empty()) break;
  }
  return out;
}

Result<std::optional<FamilyStatus>> GetFamilyStatus(SqlConnection& db,
                                                    [[maybe_unused]] EventLog& log,
                                                    const std::string& family_unit_id,
                                                    const DeadlinePolicy& policy,
                                                    std::optional<Timestamp> as_of) {
  detail::ReadSnapshot snapshot(db);
  FamilyStatus fs;
  fs.family_unit_id = family_unit_id;
  std::vector<std::string> members;  // persons
  auto add_member = [&](const std::string& person) {
    if (!person.empty() && std::find(members.begin(), members.end(), person) == members.end()) {
      members.push_back(person);
    }
  };
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s, db.Prepare("SELECT person_id FROM family_member WHERE family_unit_id = ? "
                                     "ORDER BY first_seen, person_id"));
    s->BindText(1, family_unit_id);
    std::vector<std::string> recorded;
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      recorded.push_back(s->Text(0));
    }
    s->Reset();
    // Rows are kept under persons; one written before a link joined its identity still names
    // the identity.
    for (const auto& id : recorded) {
      KINLINK_ASSIGN_OR_RETURN(std::string person, PersonOf(db, id));
      add_member(person);
    }
  }
  {
    // The separations of the unit, and every separation of a member child (the ORR record of a
    // child rarely carries the unit).
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s,
        db.Prepare("SELECT child_id, parent_id, COALESCE(family_unit_id, ''), reason, "
                   "separated_at, reunified_at, parent_basis FROM separation WHERE "
                   "family_unit_id = ? ORDER BY separated_at"));
    s->BindText(1, family_unit_id);
    KINLINK_ASSIGN_OR_RETURN(fs.separations, ReadSeparations(db, *s, std::nullopt, policy));
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * of_child,
        db.Prepare("SELECT child_id, parent_id, COALESCE(family_unit_id, ''), reason, "
                   "separated_at, reunified_at, parent_basis FROM separation WHERE child_id = ? "
                   "ORDER BY separated_at"));
    for (const auto& member : std::vector<std::string>(members)) {
      of_child->BindText(1, member);
      KINLINK_ASSIGN_OR_RETURN(auto more, ReadSeparations(db, *of_child, std::nullopt, policy));
      for (auto& m : more) {
        bool known = false;
        for (const auto& have : fs.separations) {
          known |= have.child_id == m.child_id && have.parent_person_id == m.parent_person_id;
        }
        if (known) continue;
        // Only a separation from a member parent (or an unnamed one) is the family's.
        if (!m.parent_person_id.empty() &&
            std::find(members.begin(), members.end(), m.parent_person_id) == members.end()) {
          continue;
        }
        fs.separations.push_back(std::move(m));
      }
    }
    std::sort(fs.separations.begin(), fs.separations.end(),
              [](const SeparationView& a, const SeparationView& b) {
                return a.separated_at < b.separated_at;
              });
  }
  for (const auto& sep : fs.separations) {
    add_member(sep.parent_person_id);
    add_member(sep.child_id);
  }
  if (members.empty()) return std::optional<FamilyStatus>();
  std::vector<std::string> identities;
  // Where each member is: the place is the custody agency (held or last seen there), or
  // removed, or released; unknown places say nothing.
  std::set<std::string> places;
  std::optional<Timestamp> apart_since;
  for (const auto& person : members) {
    KINLINK_ASSIGN_OR_RETURN(PersonAt at, ReadPersonAt(db, person, as_of));
    FamilyMemberView m{person, at.display_name, at.status, at.custody, at.removed_at};
    if (m.display_name.empty()) {
      KINLINK_ASSIGN_OR_RETURN(m.display_name, PersonName(db, person));
    }
    KINLINK_ASSIGN_OR_RETURN(std::vector<PersonId> cluster, ClusterOf(db, person));
    identities.insert(identities.end(), cluster.begin(), cluster.end());
    std::optional<Timestamp> place_since;
    if (m.current) {
      places.insert("custody:" + m.current->agency);
      place_since = m.current->start;
    } else if (m.status == "removed") {
      places.insert("removed");
      place_since = m.removed_at;
    } else if (m.status == "released") {
      places.insert("released");
    }
    if (place_since && (!apart_since || *place_since > *apart_since)) apart_since = place_since;
    fs.members.push_back(std::move(m));
  }
  bool any_open = false;
  bool any_recorded = false;
  for (const auto& sep : fs.separations) {
    if (as_of && sep.separated_at > *as_of) continue;
    any_recorded = true;
    if (sep.reunified_at && (!as_of || *sep.reunified_at <= *as_of)) continue;
    any_open = true;
    if (!fs.separated_since || sep.separated_at < *fs.separated_since) {
      fs.separated_since = sep.separated_at;
    }
  }
  const bool apart = places.size() > 1;
  if (apart && !any_open) fs.separated_since = apart_since;
  fs.state = (any_open || apart) ? "separated" : any_recorded ? "reunified" : "together";
  KINLINK_ASSIGN_OR_RETURN(fs.timeline, Timeline(db, identities));
  return std::optional<FamilyStatus>(std::move(fs));
}

Result<std::vector<SeparationView>> ListOpenSeparations(SqlConnection& db, Timestamp as_of,
                                                        const DeadlinePolicy& policy) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT child_id, parent_id, COALESCE(family_unit_id, ''), reason, "
                 "separated_at, reunified_at, parent_basis FROM separation WHERE "
                 "separated_at <= ? AND "
                 "(reunified_at IS NULL OR reunified_at > ?) ORDER BY separated_at, child_id"));
  s->BindInt(1, Seconds(as_of));
  s->BindInt(2, Seconds(as_of));
  KINLINK_ASSIGN_OR_RETURN(auto out, ReadSeparations(db, *s, as_of, policy));
  for (auto& v : out) v.reunified_at.reset();  // not reunified as of then
  return out;
}

Result<std::vector<bool>> ParentsFoundByLinkage(SqlConnection& db,
                                                const std::vector<SeparationView>& separations) {
  EventLog log(db);
  std::vector<bool> found(separations.size(), false);
  for (size_t i = 0; i < separations.size(); ++i) {
    const SeparationView& s = separations[i];
    if (s.parent_id.empty()) continue;
    if (!s.parent_basis.empty()) {
      found[i] = s.parent_basis == ToString(ParentBasis::kLinked);
      continue;
    }
    // A ledger written before the basis was kept: the linker's relationship entry tells.
    KINLINK_ASSIGN_OR_RETURN(found[i],
                             log.Contains(InferredRelationshipEventId(s.parent_id, s.child_id)));
  }
  return found;
}

const std::vector<std::string>& SeparationCsvHeader() {
  static const std::vector<std::string> header = {"child_id",
                                                  "parent_id",
                                                  "parent_found_by_linkage",
                                                  "family_unit_id",
                                                  "reason",
                                                  "child_birth_date",
                                                  "child_age",
                                                  "separated_at",
                                                  "days_separated",
                                                  "reunification_due",
                                                  "overdue",
                                                  "child_agency",
                                                  "child_facility_id",
                                                  "child_in_custody_since",
                                                  "child_left_agency",
                                                  "child_left_facility_id",
                                                  "child_left_custody_at",
                                                  "as_of",
                                                  "child_name",
                                                  "child_status",
                                                  "parent_person_id",
                                                  "parent_basis",
                                                  "parent_name",
                                                  "parent_status",
                                                  "parent_agency",
                                                  "parent_facility_id",
                                                  "parent_removed_at"};
  return header;
}

std::vector<std::string> SeparationCsvRow(const SeparationView& s, Timestamp as_of,
                                          bool parent_found_by_linkage) {
  const auto days = std::chrono::duration_cast<std::chrono::days>(as_of - s.separated_at).count();
  const auto& in = s.child_custody;
  const auto& left = s.child_left_custody;
  return {s.child_id,
          s.parent_id,
          parent_found_by_linkage ? "true" : "false",
          s.family_unit_id,
          s.reason,
          s.child_birth_date.value_or(""),
          s.child_age ? std::to_string(*s.child_age) : "",
          FormatTimestamp(s.separated_at),
          std::to_string(days),
          s.due ? FormatTimestamp(*s.due) : "",
          s.due ? (as_of > *s.due ? "true" : "false") : "",
          in ? in->agency : "",
          in ? in->facility_id : "",
          in ? FormatTimestamp(in->start) : "",
          left ? left->agency : "",
          left ? left->facility_id : "",
          left && left->end ? FormatTimestamp(*left->end) : "",
          FormatTimestamp(as_of),
          s.child_name,
          in ? std::string(WhereStatus(*in, as_of)) : (left ? "released" : "unknown"),
          s.parent_person_id,
          s.parent_basis,
          s.parent_name,
          s.parent_status,
          s.parent_custody ? s.parent_custody->agency : "",
          s.parent_custody ? s.parent_custody->facility_id : "",
          s.parent_removed_at ? FormatTimestamp(*s.parent_removed_at) : ""};
}

json TimelineItemToJson(const TimelineItem& item) {
  json j = {{"seq", item.seq},
            {"event_id", item.entry_id},
            {"type", item.type},
            {"effective_at", FormatTimestamp(item.effective_at)},
            {"recorded_at", FormatTimestamp(item.recorded_at)},
            {"person_id", item.person_id},
            {"summary", item.summary}};
  if (!item.source_agency.empty()) {
    j["source"] = {{"agency", item.source_agency},
                   {"system", item.source_system},
                   {"record_id", item.source_record_id}};
  }
  if (!item.superseded_by.empty()) j["superseded_by"] = item.superseded_by;
  return j;
}

json SeparationToJson(const SeparationView& s, std::optional<Timestamp> as_of) {
  json j = {{"child_id", s.child_id},
            {"parent_id", s.parent_id.empty() ? json() : json(s.parent_id)},
            {"family_unit_id", s.family_unit_id.empty() ? json() : json(s.family_unit_id)},
            {"reason", s.reason},
            {"separated_at", FormatTimestamp(s.separated_at)}};
  if (s.reunified_at) j["reunified_at"] = FormatTimestamp(*s.reunified_at);
  if (s.child_birth_date) j["child_birth_date"] = *s.child_birth_date;
  if (s.child_age) j["child_age"] = *s.child_age;
  if (s.due) j["reunification_due"] = FormatTimestamp(*s.due);
  if (as_of) {
    j["as_of"] = FormatTimestamp(*as_of);
    j["days_separated"] =
        std::chrono::duration_cast<std::chrono::days>(*as_of - s.separated_at).count();
    if (s.due) j["overdue"] = *as_of > *s.due;
  }
  if (s.child_custody) j["child_custody"] = CustodyJson(*s.child_custody);
  if (s.child_left_custody) j["child_left_custody"] = CustodyJson(*s.child_left_custody);
  if (!s.child_name.empty()) j["child_name"] = s.child_name;
  if (!s.child_birth_date_source.empty()) j["child_birth_date_source"] = s.child_birth_date_source;
  if (!s.parent_id.empty()) {
    json parent = {{"identity", s.parent_id},
                   {"person_id", s.parent_person_id},
                   {"basis", s.parent_basis.empty() ? json() : json(s.parent_basis)},
                   {"name", s.parent_name},
                   {"status", s.parent_status}};
    if (s.parent_custody) parent["custody"] = CustodyJson(*s.parent_custody);
    if (s.parent_removed_at) parent["removed_at"] = FormatTimestamp(*s.parent_removed_at);
    j["parent"] = std::move(parent);
  }
  return j;
}

json PersonStatusToJson(const PersonStatus& st) {
  json j = {{"person_id", st.person_id}, {"person_key", st.person_key},
            {"name", st.display_name},   {"source", st.source},
            {"status", st.status},       {"cluster", st.cluster},
            {"parents", st.parents},     {"family_units", st.family_units}};
  if (st.record) j["record"] = *st.record;
  if (st.current) j["current_custody"] = CustodyJson(*st.current);
  if (st.removed_at) j["removed_at"] = FormatTimestamp(*st.removed_at);
  if (st.last_record_at) j["last_record_at"] = FormatTimestamp(*st.last_record_at);
  if (st.birth_date) {
    j["birth_date"] = {{"youngest_plausible", *st.birth_date},
                       {"from_identity", st.birth_date_source}};
  }
  j["custody"] = json::array();
  for (const auto& c : st.custody) j["custody"].push_back(CustodyJson(c));
  j["separations"] = json::array();
  for (const auto& s : st.separations)
    j["separations"].push_back(SeparationToJson(s, std::nullopt));
  j["timeline"] = json::array();
  for (const auto& t : st.timeline) j["timeline"].push_back(TimelineItemToJson(t));
  return j;
}

json FamilyStatusToJson(const FamilyStatus& fs) {
  json j = {{"family_unit_id", fs.family_unit_id}, {"state", fs.state}};
  if (fs.separated_since) j["separated_since"] = FormatTimestamp(*fs.separated_since);
  j["members"] = json::array();
  for (const auto& m : fs.members) {
    json mj = {{"person_id", m.person_id}, {"name", m.display_name}, {"status", m.status}};
    if (m.current) mj["current_custody"] = CustodyJson(*m.current);
    if (m.removed_at) mj["removed_at"] = FormatTimestamp(*m.removed_at);
    j["members"].push_back(mj);
  }
  j["separations"] = json::array();
  for (const auto& s : fs.separations)
    j["separations"].push_back(SeparationToJson(s, std::nullopt));
  j["timeline"] = json::array();
  for (const auto& t : fs.timeline) j["timeline"].push_back(TimelineItemToJson(t));
  return j;
}

}  // namespace kinlink::ledger
