#include "ledger/record_identities.h"

#include <algorithm>
#include <tuple>

#include "ledger/internal/read_snapshot.h"

namespace kinlink::ledger {
namespace {

struct SubjectTally {
  std::string person_record_subject;        // set when the record has a person_record entry
  std::map<std::string, int> entry_counts;  // subject -> entries of the record naming it
};

std::string ChooseIdentity(const SubjectTally& tally) {
  if (!tally.person_record_subject.empty()) return tally.person_record_subject;
  std::string best;
  int best_count = 0;
  for (const auto& [subject, count] : tally.entry_counts) {  // map order: ties keep the smallest
    if (count > best_count) {
      best = subject;
      best_count = count;
    }
  }
  return best;
}

}  // namespace

Result<std::vector<RecordIdentity>> IdentitiesBySourceRecord(SqlConnection& db) {
  detail::ReadSnapshot snapshot(db);
  // The subject index has no index on seq, so it is the outer loop: one pass over it, each row
  // finding its log entry by primary key.
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT e.source_agency, e.source_record_id, e.type, s.person_id FROM "
                 "event_subject s JOIN event e ON e.seq = s.seq WHERE e.source_record_id <> ''"));
  std::map<std::pair<std::string, std::string>, SubjectTally> by_record;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    SubjectTally& tally = by_record[{s->Text(0), s->Text(1)}];
    std::string subject = s->Text(3);
    if (s->TextView(2) == "person_record") tally.person_record_subject = subject;
    ++tally.entry_counts[std::move(subject)];
  }
  s->Reset();
  std::vector<RecordIdentity> out;
  out.reserve(by_record.size());
  for (const auto& [key, tally] : by_record) {
    out.push_back({key.first, key.second, ChooseIdentity(tally)});
  }
  return out;
}

Result<std::map<std::string, std::vector<std::string>>> FamilyUnitsByIdentity(SqlConnection& db) {
  detail::ReadSnapshot snapshot(db);
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db.Prepare("SELECT person_id, family_unit_id FROM family_member "
                                      "ORDER BY person_id, family_unit_id"));
  std::map<std::string, std::vector<std::string>> out;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out[s->Text(0)].push_back(s->Text(1));
  }
  s->Reset();
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> AllParentLinks(SqlConnection& db) {
  detail::ReadSnapshot snapshot(db);
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db.Prepare("SELECT child_id, parent_id FROM parent_link "
                                      "ORDER BY child_id, parent_id"));
  std::vector<std::pair<std::string, std::string>> out;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.emplace_back(s->Text(0), s->Text(1));
  }
  s->Reset();
  return out;
}

}  // namespace kinlink::ledger
