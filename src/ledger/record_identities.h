// Record identities: which ledger identity each source record describes, and the per-identity
// facts an outside evaluation needs in bulk (the family units recorded for each identity, every
// parent link). Read-only; nothing here interprets the records.
//
// Each source record (agency, record id) renders log entries whose columns keep the record's
// `source_agency` and `source_record_id`; the identity it describes is the subject of its
// `person_record` entry, or, when that entry was not appended (an identity record is appended
// only when its content is new), the subject named by most of the record's entries (ties: the
// smallest id).
//
//   KINLINK_ASSIGN_OR_RETURN(auto rows, IdentitiesBySourceRecord(ledger.db()));
//   for (const RecordIdentity& r : rows) Use(r.agency, r.record_id, r.identity);
//
// Errors: storage errors. Each function reads in one snapshot (the caller's transaction if one is
// open). Thread safety: one thread per connection.
#ifndef KINLINK_LEDGER_RECORD_IDENTITIES_H_
#define KINLINK_LEDGER_RECORD_IDENTITIES_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "ledger/sql_connection.h"

namespace kinlink::ledger {

struct RecordIdentity {
  std::string agency;     // the entry's source_agency ("cbp", "orr", ...)
  std::string record_id;  // the entry's source_record_id
  std::string identity;   // the ledger identity the record describes
};

// One row per source record that has entries, ordered by (agency, record id).
Result<std::vector<RecordIdentity>> IdentitiesBySourceRecord(SqlConnection& db);

// identity -> the family-unit ids recorded for it (table family_member), sorted.
Result<std::map<std::string, std::vector<std::string>>> FamilyUnitsByIdentity(SqlConnection& db);

// Every (child identity, parent identity) parent link (table parent_link).
Result<std::vector<std::pair<std::string, std::string>>> AllParentLinks(SqlConnection& db);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_RECORD_IDENTITIES_H_
