// DeadlinePolicy: the legal clocks the ledger tracks, and the due dates they give.
//
// - CBP custody of a child: at most `cbp_child_hours` (72) from the start of the unbroken stay.
// - Reunification under a court order (Ms. L. v. ICE, 26 Jun 2018): a separated child under
//   `young_age` (5) within `young_days` (14) days, older children within `older_days` (30) days,
//   counted from the later of the order date and the separation. No order date: no deadline.
// The values come from config/alert-rules.toml (AlertRules), with these defaults.
//
//   DeadlinePolicy policy{.court_order_date = *ParseIsoDate("2018-06-26")};
//   ReunificationDue(policy, birth, separated_at);   // 2018-07-10T00:00:00Z for a 3-year-old
//
// Thread safety: values and pure functions.
#ifndef KINLINK_LEDGER_DEADLINES_H_
#define KINLINK_LEDGER_DEADLINES_H_

#include <optional>

#include "core/civil_time.h"
#include "core/partial_date.h"

namespace kinlink::ledger {

struct DeadlinePolicy {
  int cbp_child_hours = 72;
  std::optional<Date> court_order_date;
  int young_age = 5;
  int young_days = 14;
  int older_days = 30;
};

// The youngest plausible age in whole years on `on`: from the latest day the birth date may be,
// so a child protection (the 72-hour limit, the under-5 deadline) applies whenever the record
// allows the person to be that young ("age 4 on 2018-04-26" is 4 until its last possible
// birthday, never 5 early). Unset when the date is unknown.
std::optional<int> AgeOn(const std::optional<PartialDate>& birth, Date on);

// True when the person is known to be under 18 on `on`.
bool IsMinorOn(const std::optional<PartialDate>& birth, Date on);

// The reunification due date for a child separated at `separated_at`, or unset when no court
// order applies. A child of unknown age gets the longer (older) period.
std::optional<Timestamp> ReunificationDue(const DeadlinePolicy& policy,
                                          const std::optional<PartialDate>& birth,
                                          Timestamp separated_at);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_DEADLINES_H_
