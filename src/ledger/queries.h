// Queries: the read side of the ledger — a person's status, a family's status and timeline, and
// the open separations at a moment — with their JSON forms (the CLI and the HTTP API print these).
//
// Everything is read from projections and the subject index, so each query is a handful of index
// lookups whatever the size of the log. Timelines show superseded entries too, marked, because
// an audit must see what was corrected.
//
//   KINLINK_ASSIGN_OR_RETURN(auto status, GetPersonStatus(ledger.db(), ledger.log(), "cbp:S1",
//                                                          ledger.deadlines()));
//   if (status) std::cout << PersonStatusToJson(*status).dump(2);
//
// Errors: storage errors; DataLoss when a stored payload does not parse.
// GetPersonStatus and GetFamilyStatus read in one transaction (one snapshot) unless the caller
// has one open. Thread safety: one thread per connection.
#ifndef KINLINK_LEDGER_QUERIES_H_
#define KINLINK_LEDGER_QUERIES_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/person.h"
#include "ledger/deadlines.h"
#include "ledger/event_log.h"
#include "ledger/sql_connection.h"

namespace kinlink::ledger {

struct CustodyView {
  std::string person_id;
  std::string agency;
  std::string facility_id;
  Timestamp start;
  std::optional<Timestamp> end;
  // The agency whose record ended it; empty while open, or when the end was inferred from a
  // later custody of another agency on the same person.
  std::string ended_by;
  // Whether the agency's records end its custody (agency_custody_end: an export of its records
  // without releases says they do not, until one of its records ends a custody): only then does
  // an open interval mean "still held"; otherwise it means "last seen there".
  bool agency_records_end = true;
  // Start of the unbroken stay with the agency, and the longest stay with that agency any of its
  // records has closed: an open stay already longer than that is read as "last seen" too (its
  // end went unrecorded), at a given moment.
  Timestamp agency_since;
  std::optional<std::chrono::seconds> longest_closed_stay;
};

// "released" for a closed custody. For an open one: "in_custody" when its agency records the end
// of its custody and, at `at` (when given), the stay is no longer than any stay the agency's
// records have closed; else "last_seen": a custody no record ended, no later custody followed,
// and nothing says the person is still there.
std::string_view WhereStatus(const CustodyView& custody,
                             std::optional<Timestamp> at = std::nullopt);

// Per agency: whether its records end its custody, and the longest stay they have closed
// (agency_custody_end), given only once they have closed at least kMinClosedStays stays: an open
// stay longer than every one of n closed stays has at most a 1/(n+1) chance of being real, so
// the bound says "its end went unrecorded" with at least 99% confidence.
inline constexpr int kMinClosedStays = 99;
struct AgencyCustodyEnd {
  bool recorded = true;
  std::optional<std::chrono::seconds> longest_closed_stay;
};
Result<AgencyCustodyEnd> ReadAgencyCustodyEnd(SqlConnection& db, std::string_view agency);

struct SeparationView {
  std::string child_id;   // the child person (identity cluster id, or the identity)
  std::string parent_id;  // the parent's identity as the record named it; empty: not recorded
  std::string family_unit_id;
  std::string reason;
  Timestamp separated_at;
  std::optional<Timestamp> reunified_at;
  std::optional<std::string> child_birth_date;
  std::optional<int> child_age;  // at the moment asked about
  std::optional<Timestamp> due;  // the reunification deadline, when a court order applies
  std::optional<CustodyView> child_custody;  // where the child is at that moment
  // When the child is in no custody at that moment: the custody they left last (its `end` is
  // when), e.g. an ORR shelter they were released from to a sponsor; empty if none is recorded.
  std::optional<CustodyView> child_left_custody;
  std::string child_name;
  std::string child_birth_date_source;  // the identity whose record gave the youngest age
  // The parent: how the ledger knows them (`record`: the separation record names them;
  // `claimed`: a linked agency record claims them; `linked`: the record linker), the parent's
  // person, name, and where the parent is at that moment: `parent_status` is in_custody,
  // last_seen, released, removed or unknown; parent_custody the custody held (or last seen),
  // parent_removed_at the removal.
  std::string parent_basis;
  std::string parent_person_id;
  std::string parent_name;
  std::string parent_status;
  std::optional<CustodyView> parent_custody;
  std::optional<Timestamp> parent_removed_at;
};

struct TimelineItem {
  int64_t seq = 0;
  std::string entry_id;
  std::string type;
  Timestamp effective_at;
  Timestamp recorded_at;
  std::string person_id;  // whose index the entry was found under
  std::string source_agency, source_system, source_record_id;
  std::string superseded_by;  // empty when current
  std::string summary;
};

struct PersonStatus {
  std::string person_id;                 // the identity asked about
  std::string person_key;                // the person it belongs to (cluster id, or itself)
  std::optional<nlohmann::json> record;  // the latest identity record (Person JSON form)
  std::string display_name;
  std::string source;
  std::vector<std::string> cluster;  // linked identities, itself included
  // in_custody, last_seen (open custody that no record ended: see WhereStatus), released,
  // removed, unknown.
  std::string status = "unknown";
  std::optional<CustodyView> current;  // the custody held, or last seen
  std::optional<Timestamp> removed_at;
  std::optional<Timestamp> last_record_at;  // the latest effective time of any record
  std::optional<std::string> birth_date;    // the youngest plausible, across the records
  std::string birth_date_source;            // the identity whose record gave it
  std::vector<CustodyView> custody;
  std::vector<SeparationView> separations;  // as the child or as the parent
  std::vector<std::string> parents;
  std::vector<std::string> family_units;
  std::vector<TimelineItem> timeline;
};

struct FamilyMemberView {
  std::string person_id;  // the member person
  std::string display_name;
  std::string status;  // as PersonStatus::status
  std::optional<CustodyView> current;
  std::optional<Timestamp> removed_at;
};

struct FamilyStatus {
  std::string family_unit_id;
  // "separated" while a separation between members is open or the members are not all in one
  // place (one custody agency, or all removed, or all released); "reunified" when separations
  // were recorded and all closed with the members in one place; "together" otherwise.
  std::string state;
  std::optional<Timestamp> separated_since;
  std::vector<FamilyMemberView> members;
  std::vector<SeparationView> separations;
  std::vector<TimelineItem> timeline;  // every member's entries, by effective time
};

// `log` is the ledger's log over `db`; the timeline is read with one statement per person (the
// subject index joined with the log and its supersessions), so the parameter is kept for callers
// and for a backend whose log is not a table.
Result<std::optional<PersonStatus>> GetPersonStatus(SqlConnection& db, EventLog& log,
                                                    const std::string& person_id,
                                                    const DeadlinePolicy& policy);
Result<std::vector<std::string>> FindPersonsByANumber(SqlConnection& db, std::string_view a_number);
// Exact match on the normalized name first; when none, the names containing it. At most
// kMaxNameMatches ids either way, the first by person id (so that many may mean more exist).
inline constexpr size_t kMaxNameMatches = 100;
Result<std::vector<std::string>> FindPersonsByName(SqlConnection& db, std::string_view name);
// The family's state and each member's place now, or as of `as_of` (separations open then,
// members where they were then).
Result<std::optional<FamilyStatus>> GetFamilyStatus(SqlConnection& db, EventLog& log,
                                                    const std::string& family_unit_id,
                                                    const DeadlinePolicy& policy,
                                                    std::optional<Timestamp> as_of = std::nullopt);
// Separations open at `as_of` (separated then, not yet reunified), oldest first.
Result<std::vector<SeparationView>> ListOpenSeparations(SqlConnection& db, Timestamp as_of,
                                                        const DeadlinePolicy& policy);

// For each separation, whether its parent was found by record linkage (`kinlink link --db`
// recorded the inferred relationship) rather than named by the child's own records.
Result<std::vector<bool>> ParentsFoundByLinkage(SqlConnection& db,
                                                const std::vector<SeparationView>& separations);

// The CSV form of open separations as of a moment, shared by `separations --open --csv` and the
// service's download: SeparationCsvHeader() names the columns of each SeparationCsvRow. Empty
// text stands for a value not recorded; booleans are true/false; times are ISO 8601 UTC.
const std::vector<std::string>& SeparationCsvHeader();
std::vector<std::string> SeparationCsvRow(const SeparationView& separation, Timestamp as_of,
                                          bool parent_found_by_linkage);

nlohmann::json PersonStatusToJson(const PersonStatus& status);
nlohmann::json FamilyStatusToJson(const FamilyStatus& status);
nlohmann::json SeparationToJson(const SeparationView& separation, std::optional<Timestamp> as_of);
nlohmann::json TimelineItemToJson(const TimelineItem& item);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_QUERIES_H_
