// The readers of each top-level section of a scenario file ([arrivals], [referral], ...).
// Internal to src/sim/scenario; each reads its table with a TableReader, fills its part of the
// Scenario and rejects unknown keys. Errors follow scenario_loader.h.
#ifndef KINLINK_SIM_SCENARIO_INTERNAL_SCENARIO_SECTIONS_H_
#define KINLINK_SIM_SCENARIO_INTERNAL_SCENARIO_SECTIONS_H_

#include "core/status.h"
#include "sim/scenario/internal/toml_reader.h"
#include "sim/scenario/scenario.h"

namespace kinlink::sim::scenario_detail {

Status ReadArrivals(TableReader& root, Scenario& s);
Status ReadReferral(TableReader& root, Scenario& s);
Status ReadDistricts(TableReader& root, Scenario& s);
Status ReadCourt(TableReader& root, Scenario& s);
Status ReadCbp(TableReader& root, Scenario& s);
Status ReadIce(TableReader& root, Scenario& s);
Status ReadOrr(TableReader& root, Scenario& s);
Status ReadReunification(TableReader& root, Scenario& s);
Status ReadCourtOrder(TableReader& root, Scenario& s);
Status ReadAgentHours(TableReader& root, Scenario& s);

}  // namespace kinlink::sim::scenario_detail

#endif  // KINLINK_SIM_SCENARIO_INTERNAL_SCENARIO_SECTIONS_H_
