#include "cli/link_ledger_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>

#include "cli/ledger_options.h"
#include "core/clock.h"
#include "ledger/family_link_decision.h"
#include "ledger/identity.h"
#include "linkage/comparison.h"

namespace kinlink::cli {
namespace {

using linkage::FamilyLink;
using linkage::FamilyLinkStatus;
using linkage::LinkResult;
using linkage::RecordSet;
using linkage::ScoredPair;

// The record's ledger identity: the one its export row is ingested under.
std::string IdentityOf(const RecordSet& set, uint32_t record) {
  const auto& r = set.records[record];
  return r.identity.empty() ? r.agency + ":" + r.record_id : r.identity;
}

nlohmann::json PairEvidence(const RecordSet& set, const LinkResult& result,
                            const ScoredPair& pair) {
  const auto& comparisons = result.model->comparisons();
  nlohmann::json evidence;
  for (size_t c = 0; c < comparisons.size(); ++c) {
    int level = linkage::LevelOf(pair.pattern, c);
    if (level == linkage::kNullLevel) continue;
    evidence[comparisons[c].name()] = {
        {"level", comparisons[c].label(level)},
        {"weight", std::round(result.model->LevelWeight(c, level) * 100) / 100}};
  }
  evidence["probability"] = std::round(pair.probability * 10000) / 10000;
  evidence["records"] = {set.records[pair.a].record_id, set.records[pair.b].record_id};
  return evidence;
}

Status WritePersonLinks(ledger::Ledger& ledger, const RecordSet& set, const LinkResult& result,
                        double threshold, LedgerWriteCounts& counts) {
  std::map<std::pair<std::string, std::string>, const ScoredPair*> strongest;
  for (const auto& pair : result.kept_pairs) {
    std::string left = IdentityOf(set, pair.a);
    std::string right = IdentityOf(set, pair.b);
    if (left == right) continue;
    if (right < left) std::swap(left, right);
    auto& best = strongest[{left, right}];
    if (best == nullptr || pair.weight > best->weight) best = &pair;
  }
  KINLINK_ASSIGN_OR_RETURN(
      ledger::SqlStatement * latest,
      ledger.db().Prepare("SELECT state, score FROM link_decision WHERE left_id = ? AND "
                          "right_id = ?"));
  for (const auto& [ids, pair] : strongest) {
    ledger::LinkDecision decision;
    decision.left_id = ids.first;
    decision.right_id = ids.second;
    bool same_person = result.person_of_record[pair->a] == result.person_of_record[pair->b];
    decision.state = same_person && pair->probability >= threshold ? ledger::LinkState::kAccepted
                                                                   : ledger::LinkState::kProposed;
    decision.score = pair->weight;
    // The same conclusion recorded by an earlier run: nothing new to say.
    latest->BindText(1, decision.left_id);
    latest->BindText(2, decision.right_id);
    KINLINK_ASSIGN_OR_RETURN(bool has_row, latest->Step());
    bool unchanged = has_row && latest->Text(0) == ToString(decision.state) &&
                     latest->Text(1) == fmt::format("{:.4f}", decision.score);
    latest->Reset();
    if (unchanged) {
      ++counts.unchanged;
      continue;
    }
    decision.evidence = PairEvidence(set, result, *pair);
    decision.decided_by = "kinlink link";
    KINLINK_RETURN_IF_ERROR(ledger::RecordLinkDecision(ledger, decision));
    ++(decision.state == ledger::LinkState::kAccepted ? counts.accepted : counts.proposed);
  }
  return Status::Ok();
}

Status WriteFamilyLinks(ledger::Ledger& ledger, const RecordSet& set, const LinkResult& result,
                        const std::vector<FamilyLink>& family, LedgerWriteCounts& counts) {
  // Asserted links first, then by child and by confidence (strongest first), so that when a
  // child has two inferred parents the stronger one fills a separation that names nobody.
  std::vector<const FamilyLink*> order;
  for (const auto& link : family) order.push_back(&link);
  std::stable_sort(order.begin(), order.end(), [](const FamilyLink* x, const FamilyLink* y) {
    if (x->status != y->status) return x->status == FamilyLinkStatus::kAsserted;
    if (x->child != y->child) return x->child < y->child;
    return x->confidence > y->confidence;
  });
  for (const FamilyLink* link : order) {
    const auto& parent = result.persons[link->parent];
    const auto& child = result.persons[link->child];
    ledger::FamilyLinkDecision decision;
    std::optional<Timestamp> earliest;
    std::vector<std::string> parent_ids;
    for (uint32_t r : parent.members) {
      std::string id = IdentityOf(set, r);
      if (decision.parent_id.empty() || id < decision.parent_id) decision.parent_id = id;
      parent_ids.push_back(std::move(id));
      if (auto at = set.records[r].apprehended_at; at && (!earliest || *at < *earliest)) {
        earliest = at;
      }
    }
    for (uint32_t r : child.members) {
      decision.child_ids.push_back(IdentityOf(set, r));
      if (auto at = set.records[r].apprehended_at; at && (!earliest || *at < *earliest)) {
        earliest = at;
      }
    }
    // Two records can share a ledger identity (one A-number written on both): a link cannot
    // make an identity of the parent its child, so such a record of the child is left out.
    std::erase_if(decision.child_ids, [&](const std::string& id) {
      return std::find(parent_ids.begin(), parent_ids.end(), id) != parent_ids.end();
    });
    if (decision.child_ids.empty()) {
      ++counts.family_skipped;
      continue;
    }
    decision.role = link->role;
    decision.confidence = link->confidence;
    decision.asserted = link->status == FamilyLinkStatus::kAsserted;
    decision.evidence = nlohmann::json::array();
    for (const auto& e : link->evidence) {
      decision.evidence.push_back(
          {{"kind", e.kind}, {"detail", e.detail}, {"weight", std::round(e.weight * 100) / 100}});
    }
    decision.decided_by = "kinlink link";
    decision.effective_at = earliest.value_or(ledger.clock().Now());
    KINLINK_ASSIGN_OR_RETURN(ledger::FamilyLinkWrite written,
                             ledger::RecordFamilyLinkDecision(ledger, decision));
    counts.relationship_events += static_cast<uint64_t>(written.relationships);
    if (!written.new_entry) {
      ++counts.family_unchanged;
    } else {
      ++(decision.asserted ? counts.family_asserted : counts.family_proposed);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<LedgerWriteCounts> WriteLinkResultToLedger(const std::string& db, const RecordSet& set,
                                                  const LinkResult& result,
                                                  const std::vector<FamilyLink>& family,
                                                  double threshold,
                                                  std::optional<Timestamp> recorded_at) {
  LedgerCommandOptions ledger_options;
  ledger_options.db = db;
  OpenLedgerSettings settings;
  settings.must_exist = false;
  if (recorded_at) settings.clock = std::make_unique<ManualClock>(*recorded_at);
  KINLINK_ASSIGN_OR_RETURN(OpenedLedger opened,
                           OpenLedgerForCommand(ledger_options, std::move(settings)));
  ledger::Ledger& ledger = *opened.ledger;
  LedgerWriteCounts counts;
  KINLINK_RETURN_IF_ERROR(ledger.Begin());
  Status written = WritePersonLinks(ledger, set, result, threshold, counts);
  if (written.ok()) written = WriteFamilyLinks(ledger, set, result, family, counts);
  if (!written.ok()) {
    ledger.Abort();
    return written;
  }
  KINLINK_RETURN_IF_ERROR(ledger.Commit());
  return counts;
}

}  // namespace kinlink::cli
