// OversightFigures: separations, their durations and reunification deadlines met, per US
// Attorney district, Border Patrol sector and week (of separation) — figures without names.
//
// A separation's sector is the one on the child's (else the parent's) apprehension event, else
// the one in a Border Patrol facility id ("cbp-<sector>-..."); its district is the one on the
// parent's referral, else a US Marshals jail, court or US Attorney's office facility id
// ("usms-<district>-..."), else the sector's first district. Durations run to reunification, or
// to `as_of` for separations still open. The reunification deadline comes from the policy
// (ledger/deadlines.h): met when reunified by then, missed when due before `as_of` and not met,
// pending otherwise.
//
//   KINLINK_ASSIGN_OR_RETURN(nlohmann::json f, ComputeOversightFigures(db, as_of));
//   f["by_district"][0]["separations"]
//
// Errors: storage errors. Thread safety: one thread per connection.
#ifndef KINLINK_SERVER_OVERSIGHT_FIGURES_H_
#define KINLINK_SERVER_OVERSIGHT_FIGURES_H_

#include <nlohmann/json.hpp>

#include "core/civil_time.h"
#include "ledger/deadlines.h"
#include "ledger/sql_connection.h"

namespace kinlink::server {

Result<nlohmann::json> ComputeOversightFigures(ledger::SqlConnection& db, Timestamp as_of,
                                               const ledger::DeadlinePolicy& policy);

}  // namespace kinlink::server

#endif  // KINLINK_SERVER_OVERSIGHT_FIGURES_H_
