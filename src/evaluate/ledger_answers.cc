#include "evaluate/ledger_answers.h"

#include <fmt/format.h>

#include "ledger/alerts.h"
#include "ledger/queries.h"
#include "ledger/record_identities.h"

namespace kinlink::evaluate {
namespace {

constexpr std::string_view kNotAnswerablePrefix = "unimplemented: ";

bool Holds(Timestamp start, const std::optional<Timestamp>& end, Timestamp t) {
  return start <= t && (!end || *end > t);
}

}  // namespace

Status NotAnswerableYet(std::string_view what) {
  return FailedPreconditionError(fmt::format(
      "{}the ledger cannot answer {} as of a moment of knowledge yet", kNotAnswerablePrefix, what));
}

bool IsNotAnswerableYet(const Status& status) {
  return status.code() == StatusCode::kFailedPrecondition &&
         status.message().starts_with(kNotAnswerablePrefix);
}

Result<std::vector<RecordOfIdentity>> LedgerAnswers::RecordIdentities() {
  KINLINK_ASSIGN_OR_RETURN(auto rows, ledger::IdentitiesBySourceRecord(ledger_.db()));
  std::vector<RecordOfIdentity> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    out.push_back({std::move(r.agency), std::move(r.record_id), std::move(r.identity)});
  }
  return out;
}

Result<std::map<std::string, std::vector<std::string>>> LedgerAnswers::FamilyUnits() {
  return ledger::FamilyUnitsByIdentity(ledger_.db());
}

Result<std::vector<std::pair<std::string, std::string>>> LedgerAnswers::ParentLinks() {
  return ledger::AllParentLinks(ledger_.db());
}

Result<WhereAnswer> LedgerAnswers::WhereIs(const std::string& identity, Timestamp as_of,
                                           std::optional<Timestamp> known_at) {
  if (known_at) return NotAnswerableYet("where a person is");
  auto it = persons_.find(identity);
  if (it == persons_.end()) {
    KINLINK_ASSIGN_OR_RETURN(auto status, ledger::GetPersonStatus(ledger_.db(), ledger_.log(),
                                                                  identity, ledger_.deadlines()));
    PersonAnswer answer;
    if (status) {
      answer.found = true;
      for (const auto& c : status->custody) {
        answer.custody.push_back({c.agency, c.facility_id, c.start, c.end});
      }
    }
    it = persons_.emplace(identity, std::move(answer)).first;
  }
  WhereAnswer where;
  where.found = it->second.found;
  // The ledger's status is "now"; at another moment, the custody interval holding the identity.
  for (const auto& c : it->second.custody) {
    if (!Holds(c.start, c.end, as_of)) continue;
    where.in_custody = true;
    where.agency = c.agency;
    where.facility_id = c.facility_id;
  }
  return where;
}

Result<FamilyAnswer> LedgerAnswers::FamilyOf(const std::string& family_unit_id, Timestamp as_of,
                                             std::optional<Timestamp> known_at) {
  if (known_at) return NotAnswerableYet("a family's state");
  auto it = units_.find(family_unit_id);
  if (it == units_.end()) {
    KINLINK_ASSIGN_OR_RETURN(
        auto status,
        ledger::GetFamilyStatus(ledger_.db(), ledger_.log(), family_unit_id, ledger_.deadlines()));
    UnitAnswer answer;
    if (status) {
      answer.found = true;
      for (const auto& s : status->separations) {
        answer.separations.emplace_back(s.separated_at, s.reunified_at);
      }
    }
    it = units_.emplace(family_unit_id, std::move(answer)).first;
  }
  FamilyAnswer family;
  family.found = it->second.found;
  // FamilyStatus.state is "now"; at another moment, as the ledger reads it: separated while a
  // separation of the unit is open ("reunified" and "together" are not separated).
  for (const auto& [start, end] : it->second.separations) {
    family.separated |= Holds(start, end, as_of);
  }
  return family;
}

Result<std::vector<SeparationAnswer>> LedgerAnswers::OpenSeparations(
    Timestamp as_of, std::optional<Timestamp> known_at) {
  if (known_at) return NotAnswerableYet("open separations");
  KINLINK_ASSIGN_OR_RETURN(auto open,
                           ledger::ListOpenSeparations(ledger_.db(), as_of, ledger_.deadlines()));
  std::vector<SeparationAnswer> out;
  out.reserve(open.size());
  for (auto& s : open) out.push_back({std::move(s.child_id), std::move(s.parent_id)});
  return out;
}

Result<std::vector<AlertAnswer>> LedgerAnswers::Alerts(Timestamp as_of,
                                                       std::optional<Timestamp> known_at) {
  if (known_at) return NotAnswerableYet("alerts");
  KINLINK_ASSIGN_OR_RETURN(auto alerts, ledger::EvaluateAlerts(ledger_.db(), rules_, as_of));
  std::vector<AlertAnswer> out;
  out.reserve(alerts.size());
  for (auto& a : alerts) {
    out.push_back({std::move(a.rule_id), std::move(a.person_id), std::move(a.related_id)});
  }
  return out;
}

}  // namespace kinlink::evaluate
