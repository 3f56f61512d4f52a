#include "ledger/identity.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <set>

#include "ledger/hash_chain.h"

namespace kinlink::ledger {
namespace {

constexpr std::string_view kStates[] = {"proposed", "accepted", "rejected", "undone"};

Result<std::vector<PersonId>> AcceptedNeighbours(SqlConnection& db, const PersonId& id) {
  std::vector<PersonId> out;
  for (std::string_view sql :
       {"SELECT right_id FROM link_decision WHERE left_id = ? AND state = 'accepted'",
        "SELECT left_id FROM link_decision WHERE right_id = ? AND state = 'accepted'"}) {
    KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db.Prepare(sql));
    s->BindText(1, id);
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(s->Text(0));
    }
    s->Reset();
  }
  return out;
}

Result<std::set<PersonId>> Component(SqlConnection& db, const PersonId& start) {
  std::set<PersonId> seen{start};
  std::deque<PersonId> queue{start};
  while (!queue.empty()) {
    PersonId id = queue.front();
    queue.pop_front();
    KINLINK_ASSIGN_OR_RETURN(std::vector<PersonId> next, AcceptedNeighbours(db, id));
    for (auto& n : next) {
      if (seen.insert(n).second) queue.push_back(n);
    }
  }
  return seen;
}

Status WriteCluster(SqlConnection& db, const std::set<PersonId>& members) {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * remove,
                           db.Prepare("DELETE FROM identity_cluster WHERE person_id = ?"));
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * upsert,
      db.Prepare("INSERT INTO identity_cluster (person_id, cluster_id) VALUES (?, ?) "
                 "ON CONFLICT (person_id) DO UPDATE SET cluster_id = excluded.cluster_id"));
  for (const PersonId& id : members) {
    if (members.size() == 1) {
      remove->BindText(1, id);
      KINLINK_RETURN_IF_ERROR(remove->Run());
    } else {
      upsert->BindText(1, id);
      upsert->BindText(2, *members.begin());
      KINLINK_RETURN_IF_ERROR(upsert->Run());
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view ToString(LinkState state) { return kStates[static_cast<int>(state)]; }

Result<LinkState> ParseLinkState(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    if (kStates[i] == text) return static_cast<LinkState>(i);
  }
  return InvalidArgumentError(fmt::format(
      "unknown link state '{}' (expected proposed, accepted, rejected or undone)", text));
}

Status RecordLinkDecision(Ledger& ledger, const LinkDecision& d) {
  if (d.left_id.empty() || d.right_id.empty() || d.left_id == d.right_id) {
    return InvalidArgumentError("a link decision needs two different identities");
  }
  PersonId left = std::min(d.left_id, d.right_id);
  PersonId right = std::max(d.left_id, d.right_id);
  Timestamp at = d.decided_at.value_or(ledger.clock().Now());
  std::string score = fmt::format("{:.4f}", d.score);
  nlohmann::json payload = {
      {"left_id", left},
      {"right_id", right},
      {"state", ToString(d.state)},
      {"score", score},
      {"decided_by", d.decided_by},
      {"decided_at", FormatTimestamp(at)},
      {"evidence", d.evidence.is_null() ? nlohmann::json::object() : d.evidence}};
  std::string text = payload.dump();
  LogEntry entry;
  entry.entry_id = "link:" + Sha256Hex(text).substr(0, 32);
  KINLINK_ASSIGN_OR_RETURN(bool exists, ledger.log().Contains(entry.entry_id));
  if (exists) return Status::Ok();
  entry.type = std::string(kLinkDecisionType);
  entry.effective_at = at;
  entry.actor = d.decided_by;
  entry.payload = std::move(text);
  std::vector<std::string> subjects{left, right};
  KINLINK_RETURN_IF_ERROR(ledger.AppendEntry(entry, subjects));

  SqlConnection& db = ledger.db();
  // The persons the two identities belonged to before: each may be joined or split below.
  KINLINK_ASSIGN_OR_RETURN(std::vector<PersonId> affected, ClusterOf(db, left));
  KINLINK_ASSIGN_OR_RETURN(std::vector<PersonId> right_before, ClusterOf(db, right));
  affected.insert(affected.end(), right_before.begin(), right_before.end());
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * upsert,
      db.Prepare("INSERT INTO link_decision (left_id, right_id, state, score, decided_by, "
                 "decided_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT (left_id, right_id) DO UPDATE SET state = excluded.state, "
                 "score = excluded.score, decided_by = excluded.decided_by, "
                 "decided_at = excluded.decided_at, event_id = excluded.event_id"));
  upsert->BindText(1, left);
  upsert->BindText(2, right);
  upsert->BindText(3, ToString(d.state));
  upsert->BindText(4, score);
  upsert->BindText(5, d.decided_by);
  upsert->BindInt(6, at.time_since_epoch().count());
  upsert->BindText(7, entry.entry_id);
  KINLINK_RETURN_IF_ERROR(upsert->Run());

  KINLINK_ASSIGN_OR_RETURN(std::set<PersonId> left_component, Component(db, left));
  KINLINK_RETURN_IF_ERROR(WriteCluster(db, left_component));
  affected.insert(affected.end(), left_component.begin(), left_component.end());
  if (!left_component.count(right)) {
    KINLINK_ASSIGN_OR_RETURN(std::set<PersonId> right_component, Component(db, right));
    KINLINK_RETURN_IF_ERROR(WriteCluster(db, right_component));
    affected.insert(affected.end(), right_component.begin(), right_component.end());
  }
  std::sort(affected.begin(), affected.end());
  affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
  // A proposed or rejected decision between two separate persons changes nobody.
  if (d.state == LinkState::kProposed || d.state == LinkState::kRejected) {
    if (left_component.size() == 1 && !left_component.count(right) && right_before.size() == 1 &&
        affected.size() == 2) {
      return Status::Ok();
    }
  }
  return ledger.RefreshIdentities(affected);
}

Result<std::map<PersonId, std::vector<PersonId>>> AllPersons(SqlConnection& db) {
  std::map<PersonId, std::vector<PersonId>> persons;
  std::map<PersonId, PersonId> cluster_of;
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db.Prepare("SELECT person_id, cluster_id FROM identity_cluster"));
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    cluster_of[s->Text(0)] = s->Text(1);
  }
  s->Reset();
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * subjects,
                           db.Prepare("SELECT DISTINCT person_id FROM event_subject"));
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, subjects->Step());
    if (!row) break;
    PersonId identity = subjects->Text(0);
    auto cluster = cluster_of.find(identity);
    const PersonId key = cluster == cluster_of.end() ? identity : cluster->second;
    persons[key].push_back(std::move(identity));
  }
  subjects->Reset();
  return persons;
}

Result<PersonId> PersonOf(SqlConnection& db, const PersonId& identity) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s, db.Prepare("SELECT cluster_id FROM identity_cluster WHERE person_id = ?"));
  s->BindText(1, identity);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  PersonId person = row ? s->Text(0) : identity;
  s->Reset();
  return person;
}

Result<std::vector<PersonId>> ClusterOf(SqlConnection& db, const PersonId& person_id) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT m.person_id FROM identity_cluster c JOIN identity_cluster m "
                 "ON m.cluster_id = c.cluster_id WHERE c.person_id = ? ORDER BY m.person_id"));
  s->BindText(1, person_id);
  std::vector<PersonId> members;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    members.push_back(s->Text(0));
  }
  s->Reset();
  if (members.empty()) members.push_back(person_id);
  return members;
}

Result<std::vector<LinkDecisionRow>> DecisionsFor(SqlConnection& db, const PersonId& person_id) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT left_id, right_id, state, score, decided_by, decided_at "
                 "FROM link_decision WHERE left_id = ? OR right_id = ? ORDER BY decided_at"));
  s->BindText(1, person_id);
  s->BindText(2, person_id);
  std::vector<LinkDecisionRow> rows;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    rows.push_back({s->Text(0), s->Text(1), s->Text(2), s->Text(3), s->Text(4),
                    Timestamp(std::chrono::seconds(s->Int(5)))});
  }
  s->Reset();
  return rows;
}

}  // namespace kinlink::ledger
