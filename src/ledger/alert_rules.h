// AlertRules: the alert rules of config/alert-rules.toml, and the deadline policy they imply.
//
// Each [[rule]] has an `id`, a `kind` from the fixed set below, a `severity` and the kind's
// parameters; `enabled = false` turns one off. A [court_order] table gives the order date the
// reunification rules count from. The kinds:
//   cbp_custody_limit              a minor in CBP custody past `hours` (72)
//   court_order_reunification      a child of age in [min_age, max_age) still separated `days`
//                                  after the later of the order date and the separation
//   parent_removed_child_in_orr    a parent removed, or scheduled for removal (a removal recorded
//                                  before it takes effect), while the separated child is in ORR
//   separated_without_parent_link  a child flagged separated with no parent recorded anywhere in
//                                  their identity cluster
//   concurrent_custody             one person (identity cluster) held by two agencies at once
//   family_unit_dropped            an agency stopped recording a family-unit id after a separation
//   custody_end_unrecorded         data quality: a minor last seen in the custody of an agency
//   whose
//                                  records never end its custody (no book-out), more than `hours`
//                                  ago, with no later custody anywhere on the person
//
//   KINLINK_ASSIGN_OR_RETURN(AlertRules rules, LoadAlertRules("config/alert-rules.toml"));
//   DeadlinePolicy policy = rules.Deadlines();
//
// Errors: InvalidArgument naming the rule and key. Thread safety: an immutable value.
#ifndef KINLINK_LEDGER_ALERT_RULES_H_
#define KINLINK_LEDGER_ALERT_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "core/civil_time.h"
#include "ledger/deadlines.h"

namespace kinlink::ledger {

enum class AlertKind {
  kCbpCustodyLimit,
  kCourtOrderReunification,
  kParentRemovedChildInOrr,
  kSeparatedWithoutParentLink,
  kConcurrentCustody,
  kFamilyUnitDropped,
  kCustodyEndUnrecorded,
};
std::string_view ToString(AlertKind kind);

struct AlertRule {
  std::string id;
  AlertKind kind = AlertKind::kCbpCustodyLimit;
  std::string severity = "high";
  std::string description;
  bool enabled = true;
  int hours = 72;   // cbp_custody_limit; grace for separated_without_parent_link
  int days = 30;    // court_order_reunification
  int min_age = 0;  // court_order_reunification: ages in [min_age, max_age)
  int max_age = 200;
};

struct AlertRules {
  std::optional<Date> court_order_date;
  std::string court_order_name;
  std::vector<AlertRule> rules;

  DeadlinePolicy Deadlines() const;
};

Result<AlertRules> LoadAlertRules(const std::string& path);
Result<AlertRules> ParseAlertRules(std::string_view toml_text);
// The rules kinlink ships (the same as config/alert-rules.toml).
AlertRules DefaultAlertRules();
// `path` when given; else config/alert-rules.toml where FindConfigFile finds it; else the
// defaults.
Result<AlertRules> LoadAlertRulesOrDefault(const std::string& path);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_ALERT_RULES_H_
