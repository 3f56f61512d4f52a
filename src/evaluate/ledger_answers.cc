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

Result<ledger::SqlConnection*> LedgerAnswers::ReadDb(std::optional<Timestamp> known_at) {
  if (!known_at) return &ledger_.db();
  if (!known_ || known_->known_at() != *known_at) {
    known_.reset();
    persons_.clear();
    units_.clear();
    KINLINK_ASSIGN_OR_RETURN(
        known_, ledger::KnownAtSnapshot::Build(ledger_.db(), *known_at, ledger_.deadlines()));
  }
  return &known_->db();
}

Result<WhereAnswer> LedgerAnswers::WhereIs(const std::string& identity, Timestamp as_of,
                                           std::optional<Timestamp> known_at) {
  KINLINK_ASSIGN_OR_RETURN(ledger::SqlConnection * db, ReadDb(known_at));
  if (known_at != cached_known_at_) {
    persons_.clear();
    units_.clear();
    cached_known_at_ = known_at;
  }
  auto it = persons_.find(identity);
  if (it == persons_.end()) {
    ledger::EventLog& log = known_at ? known_->log() : ledger_.log();
    KINLINK_ASSIGN_OR_RETURN(auto status,
                             ledger::GetPersonStatus(*db, log, identity, ledger_.deadlines()));
    PersonAnswer answer;
    if (status) {
      answer.found = true;
      for (const auto& c : status->custody) {
        // An open custody of an agency whose records never end one is where the person was
        // last seen, not where they are: the ledger does not claim it.
        answer.custody.push_back(c);
      }
    }
    it = persons_.emplace(identity, std::move(answer)).first;
  }
  WhereAnswer where;
  where.found = it->second.found;
  // The custody interval holding the person at the moment asked about (the latest to start).
  for (const auto& c : it->second.custody) {
    if (!Holds(c.start, c.end, as_of)) continue;
    // Closed later, or open and still credible at as_of: held. Otherwise only last seen there.
    const bool held = c.end.has_value() || ledger::WhereStatus(c, as_of) == "in_custody";
    where.in_custody = held;
    where.agency = held ? c.agency : "";
    where.facility_id = held ? c.facility_id : "";
  }
  return where;
}

Result<FamilyAnswer> LedgerAnswers::FamilyOf(const std::string& family_unit_id, Timestamp as_of,
                                             std::optional<Timestamp> known_at) {
  KINLINK_ASSIGN_OR_RETURN(ledger::SqlConnection * db, ReadDb(known_at));
  ledger::EventLog& log = known_at ? known_->log() : ledger_.log();
  KINLINK_ASSIGN_OR_RETURN(
      auto status, ledger::GetFamilyStatus(*db, log, family_unit_id, ledger_.deadlines(), as_of));
  FamilyAnswer family;
  family.found = status.has_value();
  // The ledger's state as of that moment: a separation open, or the members not in one place.
  family.separated = status && status->state == "separated";
  return family;
}

Result<std::vector<SeparationAnswer>> LedgerAnswers::OpenSeparations(
    Timestamp as_of, std::optional<Timestamp> known_at) {
  KINLINK_ASSIGN_OR_RETURN(ledger::SqlConnection * db, ReadDb(known_at));
  KINLINK_ASSIGN_OR_RETURN(auto open, ledger::ListOpenSeparations(*db, as_of, ledger_.deadlines()));
  std::vector<SeparationAnswer> out;
  out.reserve(open.size());
  for (auto& s : open) out.push_back({std::move(s.child_id), std::move(s.parent_id)});
  return out;
}

Result<std::vector<AlertAnswer>> LedgerAnswers::Alerts(Timestamp as_of,
                                                       std::optional<Timestamp> known_at) {
  KINLINK_ASSIGN_OR_RETURN(ledger::SqlConnection * db, ReadDb(known_at));
  KINLINK_ASSIGN_OR_RETURN(auto alerts, ledger::EvaluateAlerts(*db, rules_, as_of));
  std::vector<AlertAnswer> out;
  out.reserve(alerts.size());
  for (auto& a : alerts) {
    out.push_back({std::move(a.rule_id), std::move(a.person_id), std::move(a.related_id)});
  }
  return out;
}

}  // namespace kinlink::evaluate
