#include "evaluate/scorer.h"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>

#include "evaluate/identity_map.h"
#include "evaluate/true_conditions.h"

namespace kinlink::evaluate {
namespace {

// Letters and digits, lower-cased: "ORR shelter, Arizona" and "orr-shelter-arizona" agree.
std::string FacilityKey(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

bool SameFacility(const std::string& ledger_facility, const std::string& truth_id,
                  const std::string& truth_name) {
  const std::string key = FacilityKey(ledger_facility);
  if (key.empty()) return false;
  return key == FacilityKey(truth_id) || key == FacilityKey(truth_name);
}

// The truth person an identity stands for, or a key no truth person has (a false positive).
std::string PersonOrIdentity(const IdentityMap& ids, const std::string& identity) {
  const std::string* person = ids.TruthOf(identity);
  return person != nullptr ? *person : "identity:" + identity;
}

struct Context {
  const TruthModel& truth;
  const IdentityMap& ids;
  const TrueConditions& conditions;
  const std::map<std::string, std::vector<std::string>>& units_of_identity;
  const ledger::AlertRules& rules;
  LedgerAnswerSource& answers;
};

Status ScoreWhereNow(const Context& c, Timestamp t, std::optional<Timestamp> known_at,
                     ModeScore& mode) {
  for (const auto& person : c.truth.PersonsInCustodyAt(t)) {
    const TruthCustody custody = *c.truth.CustodyAt(person, t);
    ++mode.where_now.total;
    ++mode.where_facility.total;
    const std::string identity = c.ids.Representative(person, t);
    const std::string truly(ToString(custody.agency));
    if (identity.empty()) {
      ++mode.in_custody_without_identity;
      ++mode.where_now_errors[truly + " -> no identity"];
      continue;
    }
    KINLINK_ASSIGN_OR_RETURN(WhereAnswer where, c.answers.WhereIs(identity, t, known_at));
    if (!where.in_custody || where.agency != truly) {
      ++mode.where_now_errors[truly + " -> " +
                              (where.in_custody ? where.agency : "not in custody")];
      continue;
    }
    ++mode.where_now.hits;
    mode.where_facility.hits += SameFacility(where.facility_id, custody.facility_id,
                                             c.truth.FacilityName(custody.facility_id));
  }
  return Status::Ok();
}

Status ScoreFamilies(const Context& c, Timestamp t, std::optional<Timestamp> known_at,
                     ModeScore& mode) {
  for (const auto& [family, members] : c.truth.families()) {
    bool held = false;
    for (const auto& m : members) held |= c.truth.CustodyAt(m, t).has_value();
    if (!held) continue;
    ++mode.family_state.total;
    std::set<std::string> units;
    for (const auto& m : members) {
      for (const auto& identity : c.ids.IdentitiesOf(m)) {
        auto it = c.units_of_identity.find(identity);
        if (it != c.units_of_identity.end()) units.insert(it->second.begin(), it->second.end());
      }
    }
    const bool truly_separated = c.truth.FamilySeparatedAt(family, t);
    auto state = [](bool separated) { return separated ? "separated" : "not separated"; };
    if (units.empty()) {
      ++mode.families_without_unit;
      ++mode.family_state_errors[fmt::format("{} -> no unit recorded", state(truly_separated))];
      continue;
    }
    bool separated = false;
    for (const auto& unit : units) {
      KINLINK_ASSIGN_OR_RETURN(FamilyAnswer answer, c.answers.FamilyOf(unit, t, known_at));
      separated |= answer.separated;
    }
    if (separated == truly_separated) {
      ++mode.family_state.hits;
    } else {
      ++mode.family_state_errors[fmt::format("{} -> {}", state(truly_separated), state(separated))];
    }
  }
  return Status::Ok();
}

Status ScoreAlerts(const Context& c, Timestamp t, std::optional<Timestamp> known_at,
                   ModeScore& mode) {
  KINLINK_ASSIGN_OR_RETURN(auto alerts, c.answers.Alerts(t, known_at));
  auto knowable = [&](const std::string& p) { return !c.ids.Representative(p).empty(); };
  for (const auto& rule : c.rules.rules) {
    if (!rule.enabled) continue;
    DetectionScore score;
    score.id = rule.id;
    std::set<std::string> flagged;
    if (rule.kind == ledger::AlertKind::kCustodyEndUnrecorded) {
      // A data-quality rule: "this child was last seen in agency A's custody, and nothing says
      // they are still there". Right when the truth does not hold the child in A's custody at
      // T. It has no true cases of its own (recall "-").
      std::set<std::string> right;
      for (const auto& a : alerts) {
        if (a.rule_id != rule.id) continue;
        ++score.answers;
        const std::string person = PersonOrIdentity(c.ids, a.person_id);
        if (!flagged.insert(person).second) continue;
        auto held = c.truth.CustodyAt(person, t);
        if (!held || ToString(held->agency) != a.related_id) right.insert(person);
      }
      score.precision = {static_cast<int64_t>(right.size()), static_cast<int64_t>(flagged.size())};
      mode.rules.push_back(std::move(score));
      continue;
    }
    for (const auto& a : alerts) {
      if (a.rule_id != rule.id) continue;
      ++score.answers;
      flagged.insert(PersonOrIdentity(c.ids, a.person_id));
    }
    ScoreDetection(flagged, c.conditions.Cases(rule, t), knowable, score);
    mode.rules.push_back(std::move(score));
  }
  return Status::Ok();
}

Status ScoreSeparations(const Context& c, Timestamp t, std::optional<Timestamp> known_at,
                        ModeScore& mode) {
  KINLINK_ASSIGN_OR_RETURN(auto open, c.answers.OpenSeparations(t, known_at));
  std::map<std::string, std::set<std::string>> true_parents;  // child -> parents, open at t
  for (const TruthSeparation* s : c.truth.OpenSeparationsAt(t)) {
    true_parents[s->child_id].insert(s->parent_id);
  }
  std::set<std::string> cases;
  for (const auto& [child, parents] : true_parents) cases.insert(child);
  DetectionScore& score = mode.separations;
  score.id = "open_separations";
  score.answers = static_cast<int64_t>(open.size());
  std::set<std::string> flagged;
  std::set<std::pair<std::string, std::string>> named;  // (child, parent person or "")
  for (const auto& s : open) {
    const std::string child = PersonOrIdentity(c.ids, s.child_id);
    flagged.insert(child);
    auto truly = true_parents.find(child);
    if (truly == true_parents.end()) continue;
    const std::string parent = s.parent_id.empty() ? "" : PersonOrIdentity(c.ids, s.parent_id);
    if (!named.insert({child, parent}).second) continue;
    if (parent.empty()) {
      ++mode.parent_named.missing;
    } else if (truly->second.count(parent) != 0) {
      ++mode.parent_named.true_parent;
    } else {
      ++mode.parent_named.wrong_adult;
    }
  }
  ScoreDetection(
      flagged, cases, [&](const std::string& p) { return !c.ids.Representative(p).empty(); },
      score);
  return Status::Ok();
}

Result<ModeScore> ScoreMode(const Context& c, Timestamp t, std::string mode_name,
                            std::optional<Timestamp> known_at) {
  ModeScore mode;
  mode.mode = std::move(mode_name);
  Status status = ScoreSeparations(c, t, known_at, mode);
  if (status.ok()) status = ScoreAlerts(c, t, known_at, mode);
  if (status.ok()) status = ScoreWhereNow(c, t, known_at, mode);
  if (status.ok()) status = ScoreFamilies(c, t, known_at, mode);
  if (IsNotAnswerableYet(status)) {
    ModeScore unavailable;
    unavailable.mode = mode.mode;
    unavailable.available = false;
    unavailable.unavailable_reason = status.message();
    return unavailable;
  }
  KINLINK_RETURN_IF_ERROR(status);
  return mode;
}

}  // namespace

Result<EvaluationReport> Evaluate(const TruthModel& truth, const AnswerKey& key,
                                  LedgerAnswerSource& answers, const ledger::AlertRules& rules,
                                  const std::vector<Timestamp>& dates) {
  KINLINK_ASSIGN_OR_RETURN(auto rows, answers.RecordIdentities());
  const IdentityMap ids = IdentityMap::Build(rows, key, &truth);
  KINLINK_ASSIGN_OR_RETURN(auto units, answers.FamilyUnits());
  KINLINK_ASSIGN_OR_RETURN(auto links, answers.ParentLinks());
  std::set<std::pair<std::string, std::string>> linked_pairs;
  for (const auto& [child, parent] : links) {
    const std::string* c = ids.TruthOf(child);
    const std::string* p = ids.TruthOf(parent);
    if (c != nullptr && p != nullptr) linked_pairs.insert({*c, *p});
  }
  const TrueConditions conditions(truth, key, rules.court_order_date, &linked_pairs);
  const Context context{truth, ids, conditions, units, rules, answers};

  EvaluationReport report;
  report.identities = ids.identities();
  report.mixed_identities = ids.mixed_identities();
  report.records_not_in_key = ids.records_not_in_key();
  for (const Timestamp t : dates) {
    DateScore date;
    date.as_of = t;
    date.persons_in_custody = static_cast<int64_t>(truth.PersonsInCustodyAt(t).size());
    for (const auto& [family, members] : truth.families()) {
      for (const auto& m : members) {
        if (truth.CustodyAt(m, t)) {
          ++date.families_in_custody;
          break;
        }
      }
    }
    KINLINK_ASSIGN_OR_RETURN(ModeScore all, ScoreMode(context, t, "all", std::nullopt));
    KINLINK_ASSIGN_OR_RETURN(ModeScore known, ScoreMode(context, t, "known", t));
    date.modes.push_back(std::move(all));
    date.modes.push_back(std::move(known));
    report.dates.push_back(std::move(date));
  }
  return report;
}

}  // namespace kinlink::evaluate
