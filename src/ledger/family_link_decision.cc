#include "ledger/family_link_decision.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/event.h"
#include "core/family.h"
#include "ledger/hash_chain.h"

namespace kinlink::ledger {
std::string InferredRelationshipEventId(const PersonId& parent_id, const PersonId& child_id) {
  return "relationship:" + Sha256Hex(fmt::format("{}\n{}", parent_id, child_id)).substr(0, 32);
}

Result<FamilyLinkWrite> RecordFamilyLinkDecision(Ledger& ledger, const FamilyLinkDecision& d) {
  if (d.parent_id.empty() || d.child_ids.empty()) {
    return InvalidArgumentError("a family link needs a parent and at least one child identity");
  }
  std::vector<PersonId> children = d.child_ids;
  std::sort(children.begin(), children.end());
  children.erase(std::unique(children.begin(), children.end()), children.end());
  if (std::binary_search(children.begin(), children.end(), d.parent_id) ||
      std::find(children.begin(), children.end(), PersonId()) != children.end()) {
    return InvalidArgumentError(
        fmt::format("family link: parent {} is among the child's identities, or a child "
                    "identity is empty",
                    d.parent_id));
  }
  FamilyLinkWrite written;
  const std::string state = d.asserted ? "asserted" : "proposed";
  std::string key = fmt::format("{}\n{}\n{}", d.parent_id, fmt::join(children, ","), state);
  std::string entry_id = "family_link:" + Sha256Hex(key).substr(0, 32);
  KINLINK_ASSIGN_OR_RETURN(bool exists, ledger.log().Contains(entry_id));
  if (exists) return written;

  std::vector<std::string> relationship_ids;
  if (d.asserted) {
    for (const PersonId& child : children) {
      Event event;
      event.event_id = InferredRelationshipEventId(d.parent_id, child);
      KINLINK_ASSIGN_OR_RETURN(bool known, ledger.log().Contains(event.event_id));
      relationship_ids.push_back(event.event_id);
      if (known) continue;
      event.effective_at = d.effective_at;
      event.actor = d.decided_by;
      event.payload = Relationship{.association = {.parent_id = d.parent_id,
                                                   .child_id = child,
                                                   .kind = RelationshipKind::kInferred}};
      KINLINK_RETURN_IF_ERROR(ledger.AppendEvent(event));
      ++written.relationships;
    }
  }

  nlohmann::json payload = {
      {"parent_id", d.parent_id},
      {"child_ids", children},
      {"role", d.role},
      {"state", state},
      {"confidence", std::round(d.confidence * 10000) / 10000},
      {"decided_by", d.decided_by},
      {"evidence", d.evidence.is_null() ? nlohmann::json::array() : d.evidence}};
  if (!relationship_ids.empty()) payload["relationship_event_ids"] = relationship_ids;
  LogEntry entry;
  entry.entry_id = std::move(entry_id);
  entry.type = std::string(kFamilyLinkType);
  entry.effective_at = d.effective_at;
  entry.actor = d.decided_by;
  entry.payload = payload.dump();
  std::vector<std::string> subjects{d.parent_id};
  subjects.insert(subjects.end(), children.begin(), children.end());
  KINLINK_RETURN_IF_ERROR(ledger.AppendEntry(std::move(entry), subjects));
  written.new_entry = true;
  return written;
}

}  // namespace kinlink::ledger
