#include "ledger/queries.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_set>

#include "ledger/family_link_decision.h"
#include "ledger/identity.h"
#include "ledger/internal/read_snapshot.h"
#include "ledger/name_key.h"

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

// The first row of a bound `SELECT agency, facility_id, start_at, end_at FROM custody_interval
// …` as `person`'s custody (none when there is no row); resets the statement.
Result<std::optional<CustodyView>> FirstCustody(SqlStatement& s, const std::string& person) {
  KINLINK_ASSIGN_OR_RETURN(bool row, s.Step());
  std::optional<CustodyView> view;
  if (row) view = CustodyView{person, s.Text(0), s.Text(1), At(s.Int(2)), OptionalAt(s, 3)};
  s.Reset();
  return view;
}

Result<std::optional<CustodyView>> CustodyAt(SqlConnection& db, const std::string& person,
                                             Timestamp t) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT agency, facility_id, start_at, end_at FROM custody_interval "
                 "WHERE person_id = ? AND start_at <= ? AND (end_at IS NULL OR end_at > ?) "
                 "ORDER BY start_at DESC, ordinal DESC LIMIT 1"));
  s->BindText(1, person);
  s->BindInt(2, Seconds(t));
  s->BindInt(3, Seconds(t));
  return FirstCustody(*s, person);
}

// The custody interval of `person` that ended last at or before `t`.
Result<std::optional<CustodyView>> CustodyLeftBy(SqlConnection& db, const std::string& person,
                                                 Timestamp t) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT agency, facility_id, start_at, end_at FROM custody_interval "
                 "WHERE person_id = ? AND end_at IS NOT NULL AND end_at <= ? "
                 "ORDER BY end_at DESC, ordinal DESC LIMIT 1"));
  s->BindText(1, person);
  s->BindInt(2, Seconds(t));
  return FirstCustody(*s, person);
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

// Reads separation rows selected as (child, parent, family, reason, separated_at, reunified_at).
// Ages are as of `at` (the separation itself when unset); custody is at `at` (now when unset).
Result<std::vector<SeparationView>> ReadSeparations(SqlConnection& db, SqlStatement& s,
                                                    std::optional<Timestamp> at,
                                                    const DeadlinePolicy& policy) {
  std::vector<SeparationView> out;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), At(s.Int(4)), OptionalAt(s, 5),
                   std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  }
  s.Reset();
  for (auto& v : out) {
    KINLINK_ASSIGN_OR_RETURN(std::string birth_text, BirthDateText(db, v.child_id));
    auto birth = ParseStoredDate(birth_text);
    if (!birth_text.empty()) v.child_birth_date = birth_text;
    v.child_age = AgeOn(birth, DateOf(at.value_or(v.separated_at)));
    v.due = ReunificationDue(policy, birth, v.separated_at);
    const Timestamp when = at.value_or(Timestamp(std::chrono::seconds(1LL << 40)));
    KINLINK_ASSIGN_OR_RETURN(v.child_custody, CustodyAt(db, v.child_id, when));
    if (!v.child_custody) {
      KINLINK_ASSIGN_OR_RETURN(v.child_left_custody, CustodyLeftBy(db, v.child_id, when));
    }
  }
  return out;
}

json CustodyJson(const CustodyView& c) {
  json j = {{"person_id", c.person_id},
            {"agency", c.agency},
            {"facility_id", c.facility_id},
            {"since", FormatTimestamp(c.start)}};
  if (c.end) j["until"] = FormatTimestamp(*c.end);
  return j;
}

}  // namespace

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
  bool found = st.record.has_value();
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s, db.Prepare("SELECT status, agency, facility_id, since FROM person_state "
                                     "WHERE person_id = ?"));
    s->BindText(1, person_id);
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      found = true;
      st.status = s->Text(0);
      if (!s->IsNull(1))
        st.current = CustodyView{person_id, s->Text(1), s->Text(2), At(s->Int(3)), std::nullopt};
    }
    s->Reset();
  }
  if (!found) return std::optional<PersonStatus>();
  KINLINK_ASSIGN_OR_RETURN(st.cluster, ClusterOf(db, person_id));
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s,
        db.Prepare("SELECT agency, facility_id, start_at, end_at FROM custody_interval "
                   "WHERE person_id = ? ORDER BY ordinal"));
    s->BindText(1, person_id);
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      st.custody.push_back({person_id, s->Text(0), s->Text(1), At(s->Int(2)), OptionalAt(*s, 3)});
    }
    s->Reset();
  }
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s,
        db.Prepare("SELECT child_id, parent_id, COALESCE(family_unit_id, ''), reason, "
                   "separated_at, reunified_at FROM separation WHERE child_id = ? OR "
                   "parent_id = ? ORDER BY separated_at"));
    s->BindText(1, person_id);
    s->BindText(2, person_id);
    KINLINK_ASSIGN_OR_RETURN(st.separations, ReadSeparations(db, *s, std::nullopt, policy));
  }
  for (auto [sql, target] :
       {std::pair{"SELECT parent_id FROM parent_link WHERE child_id = ? ORDER BY parent_id",
                  &st.parents},
        std::pair{"SELECT family_unit_id FROM family_member WHERE person_id = ? "
                  "ORDER BY first_seen",
                  &st.family_units}}) {
    KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db.Prepare(sql));
    s->BindText(1, person_id);
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
                                                    const DeadlinePolicy& policy) {
  detail::ReadSnapshot snapshot(db);
  FamilyStatus fs;
  fs.family_unit_id = family_unit_id;
  std::vector<std::string> members;
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s, db.Prepare("SELECT person_id FROM family_member WHERE family_unit_id = ? "
                                     "ORDER BY first_seen, person_id"));
    s->BindText(1, family_unit_id);
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      members.push_back(s->Text(0));
    }
    s->Reset();
  }
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s,
        db.Prepare("SELECT child_id, parent_id, COALESCE(family_unit_id, ''), reason, "
                   "separated_at, reunified_at FROM separation WHERE family_unit_id = ? "
                   "ORDER BY separated_at"));
    s->BindText(1, family_unit_id);
    KINLINK_ASSIGN_OR_RETURN(fs.separations, ReadSeparations(db, *s, std::nullopt, policy));
  }
  for (const auto& sep : fs.separations) {
    for (const auto& id : {sep.parent_id, sep.child_id}) {
      if (!id.empty() && std::find(members.begin(), members.end(), id) == members.end()) {
        members.push_back(id);
      }
    }
  }
  if (members.empty()) return std::optional<FamilyStatus>();
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * state,
      db.Prepare("SELECT s.status, s.agency, s.facility_id, s.since, p.display_name FROM "
                 "person_state s LEFT JOIN person p ON p.person_id = s.person_id "
                 "WHERE s.person_id = ?"));
  for (const auto& id : members) {
    FamilyMemberView m{id, "", "unknown", std::nullopt};
    state->BindText(1, id);
    KINLINK_ASSIGN_OR_RETURN(bool row, state->Step());
    if (row) {
      m.status = state->Text(0);
      if (!state->IsNull(1))
        m.current =
            CustodyView{id, state->Text(1), state->Text(2), At(state->Int(3)), std::nullopt};
      m.display_name = state->Text(4);
    }
    state->Reset();
    fs.members.push_back(std::move(m));
  }
  bool any_open = false;
  for (const auto& sep : fs.separations) {
    if (sep.reunified_at) continue;
    any_open = true;
    if (!fs.separated_since || sep.separated_at < *fs.separated_since) {
      fs.separated_since = sep.separated_at;
    }
  }
  fs.state = any_open ? "separated" : fs.separations.empty() ? "together" : "reunified";
  KINLINK_ASSIGN_OR_RETURN(fs.timeline, Timeline(db, members));
  return std::optional<FamilyStatus>(std::move(fs));
}

Result<std::vector<SeparationView>> ListOpenSeparations(SqlConnection& db, Timestamp as_of,
                                                        const DeadlinePolicy& policy) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT child_id, parent_id, COALESCE(family_unit_id, ''), reason, "
                 "separated_at, reunified_at FROM separation WHERE separated_at <= ? AND "
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
                                                  "as_of"};
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
          FormatTimestamp(as_of)};
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
  return j;
}

json PersonStatusToJson(const PersonStatus& st) {
  json j = {{"person_id", st.person_id},
            {"name", st.display_name},
            {"source", st.source},
            {"status", st.status},
            {"cluster", st.cluster},
            {"parents", st.parents},
            {"family_units", st.family_units}};
  if (st.record) j["record"] = *st.record;
  if (st.current) j["current_custody"] = CustodyJson(*st.current);
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
