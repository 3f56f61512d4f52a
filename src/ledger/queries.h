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
};

struct SeparationView {
  std::string child_id;
  std::string parent_id;  // empty: not recorded
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
  std::string person_id;
  std::optional<nlohmann::json> record;  // the latest identity record (Person JSON form)
  std::string display_name;
  std::string source;
  std::vector<std::string> cluster;  // linked identities, itself included
  std::string status = "unknown";
  std::optional<CustodyView> current;
  std::vector<CustodyView> custody;
  std::vector<SeparationView> separations;  // as the child or as the parent
  std::vector<std::string> parents;
  std::vector<std::string> family_units;
  std::vector<TimelineItem> timeline;
};

struct FamilyMemberView {
  std::string person_id;
  std::string display_name;
  std::string status;
  std::optional<CustodyView> current;
};

struct FamilyStatus {
  std::string family_unit_id;
  std::string state;  // "together", "separated", "reunified"
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
Result<std::optional<FamilyStatus>> GetFamilyStatus(SqlConnection& db, EventLog& log,
                                                    const std::string& family_unit_id,
                                                    const DeadlinePolicy& policy);
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
