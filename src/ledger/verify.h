// Verify: recomputes the ledger's hash chain from the stored entries and reports the first entry
// that does not match — its sequence number, event id and what is wrong (a changed field, a
// broken link to the previous hash, a gap or reordering in the sequence).
//
// A chain proves the log was not changed in place; it cannot by itself reveal that the newest
// entries were cut off. For that, keep the head hash somewhere else (a report, a second system)
// and pass it back as `expected_head`.
//
//   KINLINK_ASSIGN_OR_RETURN(VerifyReport r, VerifyChain(ledger.log()));
//   if (!r.ok) std::cerr << "entry " << r.first_bad_seq << ": " << r.problem;
//
// Errors: storage errors only; tampering is reported in the VerifyReport, not as a Status.
// Thread safety: one thread per connection.
#ifndef KINLINK_LEDGER_VERIFY_H_
#define KINLINK_LEDGER_VERIFY_H_

#include <functional>
#include <optional>
#include <string>

#include "ledger/event_log.h"

namespace kinlink::ledger {

struct VerifyReport {
  bool ok = true;
  int64_t entries = 0;
  std::string head_hash;  // the last entry's hash (the genesis value for an empty log)
  int64_t first_bad_seq = 0;
  std::string first_bad_event_id;
  std::string problem;
};

// Called with the number of entries checked so far, every kVerifyProgressEvery entries and once
// at the end (for a progress bar; the log's head_seq() is the total).
using VerifyProgress = std::function<void(int64_t checked)>;
inline constexpr int64_t kVerifyProgressEvery = 4096;

Result<VerifyReport> VerifyChain(EventLog& log,
                                 const std::optional<std::string>& expected_head = std::nullopt,
                                 const VerifyProgress& progress = {});

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_VERIFY_H_
