// LedgerAnswers: the ledger's answers to the benchmark's questions, and the only code of the
// benchmark that calls the ledger's read API (queries.h, alerts.h, identity reads). Keeping every
// ledger call here lets the ledger's queries change (answers per linked person, "last seen",
// a moment of knowledge) with one file to adapt.
//
// The scorer consumes the narrow interface LedgerAnswerSource, so tests can answer from a table.
// Every question takes the moment asked about (`as_of`) and the moment of knowledge (`known_at`,
// nullopt = everything recorded). With known_at the ledger's projections are rebuilt from only
// the entries known then (ledger/known_at_snapshot.h), once per moment of knowledge, and every
// question reads them. An open custody of an agency whose records never end its custody is
// "last seen", and counts as not in custody.
//
//   LedgerAnswers answers(ledger, rules);
//   KINLINK_ASSIGN_OR_RETURN(WhereAnswer where, answers.WhereIs("cbp:S1", t, std::nullopt));
//
// Errors: the ledger's storage errors; FailedPrecondition as above. Thread safety: one thread
// (the ledger's connection); answers are cached per identity and family unit.
#ifndef KINLINK_EVALUATE_LEDGER_ANSWERS_H_
#define KINLINK_EVALUATE_LEDGER_ANSWERS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/civil_time.h"
#include "core/status.h"
#include "evaluate/identity_map.h"
#include "ledger/alert_rules.h"
#include "ledger/known_at_snapshot.h"
#include "ledger/ledger.h"
#include "ledger/queries.h"

namespace kinlink::evaluate {

struct WhereAnswer {
  bool found = false;       // the ledger knows the identity
  bool in_custody = false;  // a custody interval holds it at the moment asked about
  std::string agency;       // when in custody
  std::string facility_id;  // when in custody
};

struct FamilyAnswer {
  bool found = false;
  bool separated = false;  // a separation of the unit is open at the moment asked about
};

struct SeparationAnswer {
  std::string child_id;
  std::string parent_id;  // empty: not recorded
};

struct AlertAnswer {
  std::string rule_id;
  std::string person_id;
  std::string related_id;
};

// The status LedgerAnswers returns for a question it cannot answer yet.
Status NotAnswerableYet(std::string_view what);
bool IsNotAnswerableYet(const Status& status);

class LedgerAnswerSource {
 public:
  virtual ~LedgerAnswerSource() = default;
  // Every source record in the ledger and the identity it describes.
  virtual Result<std::vector<RecordOfIdentity>> RecordIdentities() = 0;
  // identity -> family-unit ids recorded for it.
  virtual Result<std::map<std::string, std::vector<std::string>>> FamilyUnits() = 0;
  // (child identity, parent identity) for every parent link recorded.
  virtual Result<std::vector<std::pair<std::string, std::string>>> ParentLinks() = 0;
  virtual Result<WhereAnswer> WhereIs(const std::string& identity, Timestamp as_of,
                                      std::optional<Timestamp> known_at) = 0;
  virtual Result<FamilyAnswer> FamilyOf(const std::string& family_unit_id, Timestamp as_of,
                                        std::optional<Timestamp> known_at) = 0;
  virtual Result<std::vector<SeparationAnswer>> OpenSeparations(
      Timestamp as_of, std::optional<Timestamp> known_at) = 0;
  virtual Result<std::vector<AlertAnswer>> Alerts(Timestamp as_of,
                                                  std::optional<Timestamp> known_at) = 0;
};

class LedgerAnswers : public LedgerAnswerSource {
 public:
  // Both must outlive this object.
  LedgerAnswers(ledger::Ledger& ledger, const ledger::AlertRules& rules)
      : ledger_(ledger), rules_(rules) {}

  Result<std::vector<RecordOfIdentity>> RecordIdentities() override;
  Result<std::map<std::string, std::vector<std::string>>> FamilyUnits() override;
  Result<std::vector<std::pair<std::string, std::string>>> ParentLinks() override;
  Result<WhereAnswer> WhereIs(const std::string& identity, Timestamp as_of,
                              std::optional<Timestamp> known_at) override;
  Result<FamilyAnswer> FamilyOf(const std::string& family_unit_id, Timestamp as_of,
                                std::optional<Timestamp> known_at) override;
  Result<std::vector<SeparationAnswer>> OpenSeparations(Timestamp as_of,
                                                        std::optional<Timestamp> known_at) override;
  Result<std::vector<AlertAnswer>> Alerts(Timestamp as_of,
                                          std::optional<Timestamp> known_at) override;

 private:
  // The connection the questions about `known_at` read (the ledger's, or a snapshot's).
  Result<ledger::SqlConnection*> ReadDb(std::optional<Timestamp> known_at);
  struct PersonAnswer {
    bool found = false;
    std::vector<ledger::CustodyView> custody;
  };
  struct UnitAnswer {
    bool found = false;
    std::vector<std::pair<Timestamp, std::optional<Timestamp>>> separations;
  };

  ledger::Ledger& ledger_;
  const ledger::AlertRules& rules_;
  std::unique_ptr<ledger::KnownAtSnapshot> known_;
  std::optional<Timestamp> cached_known_at_;  // what persons_ was answered from
  std::unordered_map<std::string, PersonAnswer> persons_;
  std::unordered_map<std::string, UnitAnswer> units_;
};

}  // namespace kinlink::evaluate

#endif  // KINLINK_EVALUATE_LEDGER_ANSWERS_H_
