#include "ledger/deadlines.h"

#include <algorithm>

namespace kinlink::ledger {

std::optional<int> AgeOn(const std::optional<PartialDate>& birth, Date on) {
  if (!birth) return std::nullopt;
  return AgeInYears(birth->Latest(), on);
}

bool IsMinorOn(const std::optional<PartialDate>& birth, Date on) {
  auto age = AgeOn(birth, on);
  return age && *age < 18;
}

std::optional<Timestamp> ReunificationDue(const DeadlinePolicy& policy,
                                          const std::optional<PartialDate>& birth,
                                          Timestamp separated_at) {
  if (!policy.court_order_date) return std::nullopt;
  Timestamp start = std::max(StartOfDay(*policy.court_order_date), separated_at);
  auto age = AgeOn(birth, DateOf(start));
  int days = (age && *age < policy.young_age) ? policy.young_days : policy.older_days;
  return start + std::chrono::days(days);
}

}  // namespace kinlink::ledger
