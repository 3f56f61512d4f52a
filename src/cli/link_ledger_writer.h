// WriteLinkResultToLedger: what `kinlink link --db` records in the ledger.
//
// 1. Person links: one link decision per pair of ledger identities (the strongest scored pair
//    between them): accepted when the two records ended in one person at or above `threshold`,
//    proposed when the pair is in the review range. A pair whose latest decision in the ledger
//    already has this state and score is skipped, so re-running the same link adds nothing.
// 2. Family links: one family-link decision per parent–child link (ledger/family_link_decision.h):
//    asserted links add `relationship` events (kind "inferred") for each identity of the child,
//    which give an open separation with no recorded parent its parent; links for review are
//    recorded as proposed.
// Everything is one ledger batch: a failure leaves the ledger as it was. `recorded_at` fixes the
// ledger clock (decisions are stamped with it) for reproducible ledgers; default: the system clock.
//
//   KINLINK_ASSIGN_OR_RETURN(LedgerWriteCounts c,
//                            WriteLinkResultToLedger(db, set, result, family, threshold));
//
// Errors: the ledger's (NotFound never: the ledger is created when missing). Thread safety: none.
#ifndef KINLINK_CLI_LINK_LEDGER_WRITER_H_
#define KINLINK_CLI_LINK_LEDGER_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_time.h"
#include "core/status.h"
#include "linkage/family_links.h"
#include "linkage/link_record.h"
#include "linkage/linker.h"

namespace kinlink::cli {

struct LedgerWriteCounts {
  uint64_t accepted = 0;  // person link decisions written, by state
  uint64_t proposed = 0;
  uint64_t unchanged = 0;        // pairs whose decision was already recorded
  uint64_t family_asserted = 0;  // family-link decisions written, by state
  uint64_t family_proposed = 0;
  uint64_t family_unchanged = 0;
  uint64_t family_skipped = 0;       // the child's records all share the parent's identity
  uint64_t relationship_events = 0;  // relationship events appended for asserted links
};

Result<LedgerWriteCounts> WriteLinkResultToLedger(const std::string& db,
                                                  const linkage::RecordSet& set,
                                                  const linkage::LinkResult& result,
                                                  const std::vector<linkage::FamilyLink>& family,
                                                  double threshold,
                                                  std::optional<Timestamp> recorded_at = {});

}  // namespace kinlink::cli

#endif  // KINLINK_CLI_LINK_LEDGER_WRITER_H_
