#include "evaluate/identity_map.h"

#include <algorithm>

namespace kinlink::evaluate {

IdentityMap IdentityMap::Build(const std::vector<RecordOfIdentity>& rows, const AnswerKey& key,
                               const TruthModel* truth) {
  IdentityMap map;
  // identity -> truth person -> records
  std::unordered_map<std::string, std::map<std::string, int>> votes;
  for (const auto& row : rows) {
    if (row.identity.empty()) continue;
    const KeyedRecord* record = key.Find(row.agency, row.record_id);
    if (record == nullptr) {
      ++map.records_not_in_key_;
      continue;
    }
    ++votes[row.identity][record->person_id];
    Holding& h = map.holdings_[record->person_id][row.identity];
    ++h.records;
    if (truth != nullptr) {
      std::optional<Timestamp> begins;
      for (const auto& event_id : record->event_ids) {
        auto t = truth->EventTime(event_id);
        if (t && (!begins || *t < *begins)) begins = t;
      }
      if (begins) h.begins.push_back(*begins);
    }
  }
  for (const auto& [identity, persons] : votes) {
    std::string best;
    int best_count = 0;
    for (const auto& [person, count] : persons) {  // map order: ties keep the smallest id
      if (count > best_count) {
        best = person;
        best_count = count;
      }
    }
    map.truth_of_[identity] = best;
    if (persons.size() > 1) ++map.mixed_;
  }
  return map;
}

const std::string* IdentityMap::TruthOf(const std::string& identity) const {
  auto it = truth_of_.find(identity);
  return it == truth_of_.end() ? nullptr : &it->second;
}

std::string IdentityMap::Representative(const std::string& person,
                                        std::optional<Timestamp> at) const {
  auto it = holdings_.find(person);
  if (it == holdings_.end()) return "";
  // The latest record begun by `at` (by any time when not given); none: ranks below any.
  auto latest = [&](const Holding& h) {
    std::optional<Timestamp> out;
    for (const Timestamp t : h.begins) {
      if ((!at || t <= *at) && (!out || t > *out)) out = t;
    }
    return out;
  };
  const std::string* best = nullptr;
  int best_records = 0;
  std::optional<Timestamp> best_latest;
  for (const auto& [identity, h] : it->second) {  // map order: ties keep the smallest id
    const std::optional<Timestamp> l = latest(h);
    if (best == nullptr || h.records > best_records ||
        (h.records == best_records && l && (!best_latest || *l > *best_latest))) {
      best = &identity;
      best_records = h.records;
      best_latest = l;
    }
  }
  return *best;
}

std::vector<std::string> IdentityMap::IdentitiesOf(const std::string& person) const {
  std::vector<std::string> out;
  auto it = holdings_.find(person);
  if (it == holdings_.end()) return out;
  for (const auto& [identity, h] : it->second) out.push_back(identity);
  return out;
}

}  // namespace kinlink::evaluate
