// Alerts: evaluates AlertRules against the ledger's projections as of a moment.
//
// Evaluation reads only projections (custody intervals, separations, person state, parent links,
// identity clusters), each of which carries the times things began and ended, so `as_of` may be
// any moment: "what should have been flagged on 2018-07-26" is the same query as "now".
// Alerts are ordered by rule, then person. RecordAlerts keeps the first time each alert was raised
// in the `alert` table and reports how many are new.
//
//   KINLINK_ASSIGN_OR_RETURN(auto alerts, EvaluateAlerts(ledger.db(), rules, as_of));
//   for (const Alert& a : alerts) Print(a.rule_id, a.person_id, a.message);
//
// Errors: storage errors only. Thread safety: one thread per connection.
#ifndef KINLINK_LEDGER_ALERTS_H_
#define KINLINK_LEDGER_ALERTS_H_

#include <string>
#include <vector>

#include "core/civil_time.h"
#include "ledger/alert_rules.h"
#include "ledger/sql_connection.h"

namespace kinlink::ledger {

struct Alert {
  std::string rule_id;
  AlertKind kind = AlertKind::kCbpCustodyLimit;
  std::string severity;
  std::string person_id;   // the person the alert is about (the child, for family rules)
  std::string related_id;  // the parent, the family unit, the other custody...
  Timestamp since;         // when the condition began to hold
  std::string message;
};

// The CSV form of alerts evaluated as of a moment, shared by `alerts --csv` and the service's
// download: AlertCsvHeader() names the columns of each AlertCsvRow.
const std::vector<std::string>& AlertCsvHeader();
std::vector<std::string> AlertCsvRow(const Alert& alert, Timestamp as_of);

// Evaluates every enabled rule over one read snapshot (the caller's transaction, if in one).
Result<std::vector<Alert>> EvaluateAlerts(SqlConnection& db, const AlertRules& rules,
                                          Timestamp as_of);
// Stores alerts not raised before, all in one transaction (the caller's, if in one: otherwise
// its own, committed once at the end and rolled back if any insert fails); returns how many
// were new.
Result<int64_t> RecordAlerts(SqlConnection& db, const std::vector<Alert>& alerts, Timestamp now);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_ALERTS_H_
