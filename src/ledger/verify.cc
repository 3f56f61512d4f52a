#include "ledger/verify.h"

#include <fmt/format.h>

#include "ledger/hash_chain.h"

namespace kinlink::ledger {

Result<VerifyReport> VerifyChain(EventLog& log, const std::optional<std::string>& expected_head,
                                 const VerifyProgress& progress) {
  VerifyReport report;
  std::string previous(kGenesisHash);
  int64_t expected_seq = 1;
  Status status = log.ForEach([&](const LogEntry& e) -> Status {
    auto fail = [&](std::string problem) {
      report.ok = false;
      report.first_bad_seq = e.seq;
      report.first_bad_event_id = e.entry_id;
      report.problem = std::move(problem);
      return AbortedError("stop");
    };
    if (e.seq != expected_seq) {
      return fail(
          fmt::format("sequence number {} where {} was expected (an entry is missing or "
                      "was inserted)",
                      e.seq, expected_seq));
    }
    if (e.prev_hash != previous) {
      return fail("prev_hash does not match the previous entry's hash");
    }
    std::string hash = ChainHash(ChainFieldsOf(ViewOf(e), e.seq, e.prev_hash));
    if (hash != e.hash) {
      return fail("the stored content does not hash to the stored hash (the entry was changed)");
    }
    previous = e.hash;
    ++expected_seq;
    ++report.entries;
    if (progress && report.entries % kVerifyProgressEvery == 0) progress(report.entries);
    return Status::Ok();
  });
  if (!status.ok() && report.ok) return status;
  if (progress) progress(report.entries);
  report.head_hash = previous;
  if (report.ok && expected_head && *expected_head != previous) {
    report.ok = false;
    report.first_bad_seq = report.entries;
    report.problem =
        fmt::format("the head hash is {}, not the expected {} (entries were cut off or replaced)",
                    previous, *expected_head);
  }
  return report;
}

}  // namespace kinlink::ledger
