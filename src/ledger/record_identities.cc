#include "ledger/record_identities.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "ledger/internal/read_snapshot.h"

namespace kinlink::ledger {
namespace {

struct SubjectTally {
  std::string agency, record_id;
  std::string person_record_subject;  // set when the record has a person_record entry
  // subject -> entries of the record naming it (a record names a handful of subjects)
  std::vector<std::pair<std::string, int>> entry_counts;

  void Count(std::string_view subject) {
    for (auto& [known, count] : entry_counts) {
      if (known == subject) {
        ++count;
        return;
      }
    }
    entry_counts.emplace_back(subject, 1);
  }
};

std::string ChooseIdentity(const SubjectTally& tally) {
  if (!tally.person_record_subject.empty()) return tally.person_record_subject;
  const std::pair<std::string, int>* best = nullptr;
  for (const auto& entry : tally.entry_counts) {  // ties keep the smallest id
    if (best == nullptr || entry.second > best->second ||
        (entry.second == best->second && entry.first < best->first)) {
      best = &entry;
    }
  }
  return best == nullptr ? "" : best->first;
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
  std::unordered_map<std::string, SubjectTally> by_record;  // "agency<TAB>record id" -> tally
  std::string key;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    key.assign(s->TextView(0)).push_back('\t');
    key.append(s->TextView(1));
    SubjectTally& tally = by_record[key];
    if (tally.record_id.empty()) {
      tally.agency = s->Text(0);
      tally.record_id = s->Text(1);
    }
    if (s->TextView(2) == "person_record") tally.person_record_subject = s->Text(3);
    tally.Count(s->TextView(3));
  }
  s->Reset();
  std::vector<RecordIdentity> out;
  out.reserve(by_record.size());
  for (auto& [record_key, tally] : by_record) {
    std::string identity = ChooseIdentity(tally);
    out.push_back({std::move(tally.agency), std::move(tally.record_id), std::move(identity)});
  }
  std::sort(out.begin(), out.end(), [](const RecordIdentity& a, const RecordIdentity& b) {
    return std::tie(a.agency, a.record_id) < std::tie(b.agency, b.record_id);
  });
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
