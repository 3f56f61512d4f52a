// Identity: link decisions between source-record identities, and the clusters they form.
//
// Every source record starts as its own identity (a person_id such as "cbp:S000000123"). The
// linker, or a person reviewing its output, records decisions about pairs: proposed, accepted,
// rejected, undone. Each decision is a `link_decision` entry in the hash-chained log (who decided,
// when, the score and the evidence), so every merge stays auditable; the `link_decision` table
// holds each pair's latest state and `identity_cluster` the connected components of accepted
// pairs (cluster id = the smallest person id in it; unlinked identities have no row).
//
// This is the API `kinlink link --db` writes through:
//   LinkDecision d{.left_id = "cbp:S1", .right_id = "orr:UAC1", .state = LinkState::kAccepted,
//                  .score = 14.2, .evidence = {{"name", 6.1}}, .decided_by = "linker 0.1"};
//   KINLINK_RETURN_IF_ERROR(ledger.Begin());
//   KINLINK_RETURN_IF_ERROR(RecordLinkDecision(ledger, d));
//   KINLINK_RETURN_IF_ERROR(ledger.Commit());
//   ClusterOf(ledger.db(), "orr:UAC1");   // {"cbp:S1", "orr:UAC1"}
//
// Recording the same decision twice adds nothing. Errors: InvalidArgument for a pair of one
// identity or empty ids; storage errors. Thread safety: one thread, like the Ledger.
#ifndef KINLINK_LEDGER_IDENTITY_H_
#define KINLINK_LEDGER_IDENTITY_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/person.h"
#include "ledger/ledger.h"

namespace kinlink::ledger {

enum class LinkState { kProposed, kAccepted, kRejected, kUndone };
std::string_view ToString(LinkState state);
Result<LinkState> ParseLinkState(std::string_view text);

struct LinkDecision {
  PersonId left_id;
  PersonId right_id;
  LinkState state = LinkState::kProposed;
  double score = 0;                     // the linker's match weight, when it has one
  nlohmann::json evidence;              // per-field weights or a reviewer's note
  std::string decided_by;               // "linker 0.1", "reviewer:jdoe"
  std::optional<Timestamp> decided_at;  // default: the ledger clock
};

Status RecordLinkDecision(Ledger& ledger, const LinkDecision& decision);

// The identities linked with `person_id` (itself included), sorted.
Result<std::vector<PersonId>> ClusterOf(SqlConnection& db, const PersonId& person_id);

// Every person the log knows: each cluster under its id with its identities that have entries,
// and each identity with entries that no link joins, under its own id (sorted by person).
Result<std::map<PersonId, std::vector<PersonId>>> AllPersons(SqlConnection& db);

// The person an identity belongs to: its cluster's id (the smallest identity in it) when links
// join it to others, else the identity itself. Projections (person_state, custody_interval,
// separation, …) are kept under this id.
Result<PersonId> PersonOf(SqlConnection& db, const PersonId& identity);

struct LinkDecisionRow {
  PersonId left_id, right_id;
  std::string state, score, decided_by;
  Timestamp decided_at;
};
// The latest decision on every pair that names `person_id`.
Result<std::vector<LinkDecisionRow>> DecisionsFor(SqlConnection& db, const PersonId& person_id);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_IDENTITY_H_
