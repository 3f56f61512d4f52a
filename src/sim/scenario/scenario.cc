#include "sim/scenario/scenario.h"

#include <algorithm>

namespace kinlink::sim {

double Schedule::ValueOn(Date day) const {
  double value = 0;
  for (const auto& point : points) {
    if (point.from > day) break;
    value = point.value;
  }
  return value;
}

const ReferralPeriod* ReferralSettings::PeriodOn(Date day, Sector sector) const {
  for (const auto& period : periods) {
    if (day < period.from || day >= period.until) continue;
    if (!period.sectors.empty() &&
        std::find(period.sectors.begin(), period.sectors.end(), sector) == period.sectors.end()) {
      continue;
    }
    return &period;
  }
  return nullptr;
}

double ReferralSettings::SingleAdultShare(Date day, Sector sector) const {
  const ReferralPeriod* period = PeriodOn(day, sector);
  return period ? period->single_adults : single_adults;
}

double ReferralSettings::ParentShare(Date day, Sector sector) const {
  const ReferralPeriod* period = PeriodOn(day, sector);
  return period ? period->parents : parents;
}

}  // namespace kinlink::sim
