#include "linkage/family_links.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "linkage/given_name_variants.h"
#include "linkage/parent_statement.h"

namespace kinlink::linkage {
namespace {

struct PersonFacts {
  std::optional<Date> birth;  // midpoint of the best birth date known
  std::string paternal;
  std::string maternal;
  std::string given;  // canonical form of the first given name
  char sex = 0;
};

PersonFacts FactsOf(const PersonCluster& person, const std::vector<PreparedRecord>& prepared) {
  PersonFacts facts;
  std::map<std::string, int> paternal_votes;
  std::map<std::string, int> maternal_votes;
  std::map<std::string, int> given_votes;
  for (uint32_t m : person.members) {
    const auto& r = prepared[m];
    if (!r.given_canonical.empty()) ++given_votes[r.given_canonical];
    if (!r.paternal.empty()) ++paternal_votes[r.paternal];
    if (!r.maternal.empty()) ++maternal_votes[r.maternal];
    if (facts.sex == 0) facts.sex = r.sex;
    if (!facts.birth && r.birth_dates.size() == 1) {
      const PartialDate& d = r.birth_dates.front();
      auto mid = d.Earliest() + (d.Latest() - d.Earliest()) / 2;
      facts.birth = mid;
    }
  }
  auto top = [](const std::map<std::string, int>& votes) {
    std::string best;
    int best_count = 0;
    for (const auto& [value, count] : votes) {
      if (count > best_count) best = value, best_count = count;
    }
    return best;
  };
  facts.paternal = top(paternal_votes);
  facts.maternal = top(maternal_votes);
  facts.given = top(given_votes);
  return facts;
}

struct Candidate {
  std::vector<LinkEvidence> evidence;
  std::string claimed_role;  // from a claim: "father", "mother", "parent"
  bool claimed = false;
};

double YearsBetween(Date older, Date younger) {
  return static_cast<double>((younger - older).count()) / 365.2425;
}

// A child's record that names its parent in free text ("Padre: Juan Perez Lopez (detenido)"):
// the parent is the person whose first given name and paternal surname are both in the text, who
// is at least 13 years older. Several such persons: the ones that also carry the stated second
// surname, then those the family evidence already pairs with the child; a tie that remains is
// weak evidence for each.
template <typename FactsOf, typename Shared, typename Claims, typename AddOnce>
void AddParentStatements(const RecordSet& set, const std::vector<PersonCluster>& persons,
                         const std::vector<uint32_t>& person_of_record, FactsOf& facts_of,
                         Shared& shared, Claims& claims, AddOnce& add_once) {
  std::unordered_map<std::string, std::vector<uint32_t>> by_paternal;
  bool any = false;
  for (const auto& r : set.records) any |= !r.parent_text.empty();
  if (!any) return;
  for (uint32_t p = 0; p < persons.size(); ++p) {
    const PersonFacts& f = facts_of(p);
    if (!f.paternal.empty() && !f.given.empty()) by_paternal[f.paternal].push_back(p);
  }
  const auto& variants = GivenNameVariants::Default();
  for (uint32_t i = 0; i < set.records.size(); ++i) {
    const auto& r = set.records[i];
    if (r.parent_text.empty()) continue;
    auto statement = ParseParentStatement(r.parent_text);
    if (!statement) continue;
    const uint32_t child = person_of_record[i];
    const PersonFacts& cf = facts_of(child);
    const auto& tokens = statement->name_tokens;
    std::string given = variants.Canonical(tokens.front());
    std::vector<std::pair<int, uint32_t>> ranked;  // (score, person)
    for (size_t t = 1; t < tokens.size(); ++t) {
      auto it = by_paternal.find(tokens[t]);
      if (it == by_paternal.end()) continue;
      for (uint32_t p : it->second) {
        if (p == child) continue;
        const PersonFacts& pf = facts_of(p);
        if (pf.given != given) continue;
        if (pf.birth && cf.birth && YearsBetween(*pf.birth, *cf.birth) < 13) continue;
        int score = 0;
        if (!pf.maternal.empty() &&
            std::find(tokens.begin(), tokens.end(), pf.maternal) != tokens.end()) {
          ++score;
        }
        if (shared.count({std::min(p, child), std::max(p, child)})) score += 2;
        ranked.emplace_back(score, p);
      }
    }
    if (ranked.empty()) continue;
    std::sort(ranked.begin(), ranked.end(), std::greater<>());
    size_t ties = 1;
    while (ties < ranked.size() && ranked[ties].first == ranked[0].first) ++ties;
    for (size_t k = 0; k < ties; ++k) {
      uint32_t parent = ranked[k].second;
      add_once(child, parent,
               {"parent_statement",
                fmt::format("record {} names its {} as '{}'{}", r.record_id, statement->role,
                            r.parent_text,
                            ties > 1 ? fmt::format(" ({} persons fit the name)", ties) : ""),
                ties == 1 ? 3.0 : 1.0});
      claims.emplace(std::make_pair(std::min(parent, child), std::max(parent, child)),
                     std::make_pair(child, std::string("child")));
    }
  }
}

}  // namespace

std::string_view ToString(FamilyLinkStatus status) {
  return status == FamilyLinkStatus::kAsserted ? "asserted" : "review";
}

nlohmann::json FamilyLink::ToJson(const std::vector<PersonCluster>& persons) const {
  nlohmann::json evidence_json = nlohmann::json::array();
  for (const auto& e : evidence) {
    evidence_json.push_back({{"kind", e.kind}, {"detail", e.detail}, {"weight", e.weight}});
  }
  return {{"parent", persons[parent].person_id},
          {"child", persons[child].person_id},
          {"role", role},
          {"confidence", std::round(confidence * 1000) / 1000},
          {"status", ToString(status)},
          {"evidence", evidence_json}};
}

std::vector<FamilyLink> InferFamilyLinks(const RecordSet& set,
                                         const std::vector<PreparedRecord>& prepared,
                                         const std::vector<PersonCluster>& persons,
                                         const std::vector<uint32_t>& person_of_record,
                                         const FamilyOptions& options) {
  // Ordered pair of persons (first, second) with first < second -> gathered evidence.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<LinkEvidence>> shared;
  std::map<std::pair<uint32_t, uint32_t>, std::pair<uint32_t, std::string>>
      claims;  // claimant role
  auto key = [](uint32_t x, uint32_t y) { return std::make_pair(std::min(x, y), std::max(x, y)); };
  auto add_once = [&](uint32_t x, uint32_t y, LinkEvidence evidence) {
    if (x == y) return;
    auto& list = shared[key(x, y)];
    for (const auto& e : list) {
      if (e.kind == evidence.kind) return;
    }
    list.push_back(std::move(evidence));
  };
  std::vector<PersonFacts> facts(persons.size());
  std::vector<uint8_t> known(persons.size(), 0);
  auto facts_of = [&](uint32_t p) -> const PersonFacts& {
    if (!known[p]) {
      facts[p] = FactsOf(persons[p], prepared);
      known[p] = 1;
    }
    return facts[p];
  };
  // Family units and co-apprehension.
  std::unordered_map<std::string, std::vector<uint32_t>> by_unit;
  std::map<std::string, std::vector<uint32_t>> by_place;
  std::unordered_map<std::string, uint32_t> record_index;  // "source/record_id"
  for (uint32_t i = 0; i < set.records.size(); ++i) {
    const auto& r = set.records[i];
    if (!r.family_unit_id.empty()) by_unit[r.family_unit_id].push_back(i);
    if (!r.apprehension_place.empty() && r.apprehended_at)
      by_place[r.apprehension_place].push_back(i);
    record_index[std::to_string(r.source) + "/" + r.record_id] = i;
    if (!r.claim_key.empty()) record_index[r.agency + "#" + r.claim_key] = i;
  }
  for (const auto& [unit, members] : by_unit) {
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        add_once(person_of_record[members[x]], person_of_record[members[y]],
                 {"family_unit",
                  fmt::format("family unit {} (records {} and {})", unit,
                              set.records[members[x]].record_id, set.records[members[y]].record_id),
                  3.0});
      }
    }
  }
  const auto window = std::chrono::minutes(options.co_apprehension_minutes);
  for (auto& [place, members] : by_place) {
    std::sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) {
      return *set.records[x].apprehended_at < *set.records[y].apprehended_at;
    });
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        auto gap =
            *set.records[members[y]].apprehended_at - *set.records[members[x]].apprehended_at;
        if (gap > window) break;
        add_once(person_of_record[members[x]], person_of_record[members[y]],
                 {"co_apprehension",
                  fmt::format("apprehended together at {} (records {} and {})", place,
                              set.records[members[x]].record_id, set.records[members[y]].record_id),
                  1.5});
      }
    }
  }
  for (uint32_t i = 0; i < set.records.size(); ++i) {
    const auto& r = set.records[i];
    for (const auto& claim : r.claims) {
      auto it =
          record_index.find(claim.by_key ? r.agency + "#" + claim.other_record_id
                                         : std::to_string(r.source) + "/" + claim.other_record_id);
      if (it == record_index.end()) continue;
      uint32_t me = person_of_record[i];
      uint32_t other = person_of_record[it->second];
      if (me == other) continue;
      add_once(me, other,
               {"claim",
                fmt::format("record {} states it is the {} of record {}", r.record_id,
                            claim.role.empty() ? "relative" : claim.role, claim.other_record_id),
                2.5});
      claims[key(me, other)] = {me, claim.role};
    }
  }
  std::vector<FamilyLink> links;
  AddParentStatements(set, persons, person_of_record, facts_of, shared, claims, add_once);
  for (auto& [pair, evidence] : shared) {
    uint32_t parent = pair.first;
    uint32_t child = pair.second;
    const PersonFacts* pf = &facts_of(parent);
    const PersonFacts* cf = &facts_of(child);
    auto claim = claims.find(pair);
    bool claimed = claim != claims.end();
    std::string claimed_role;
    if (claimed) {
      // The claimant states its own role.
      const std::string& role = claim->second.second;
      bool claimant_is_child = role == "child" || role == "son" || role == "daughter";
      uint32_t claimant = claim->second.first;
      uint32_t other = claimant == pair.first ? pair.second : pair.first;
      parent = claimant_is_child ? other : claimant;
      child = claimant_is_child ? claimant : other;
      if (!claimant_is_child) claimed_role = role;
    } else if (pf->birth && cf->birth) {
      if (*cf->birth < *pf->birth) std::swap(parent, child);
    } else {
      continue;  // no way to tell who is the parent
    }
    pf = &facts_of(parent);
    cf = &facts_of(child);
    FamilyLink link;
    link.parent = parent;
    link.child = child;
    link.evidence = evidence;
    bool shares_unit = false;
    for (const auto& e : evidence) shares_unit |= e.kind == "family_unit";
    if (pf->birth && cf->birth) {
      double gap = YearsBetween(*pf->birth, *cf->birth);
      if (gap < 13 && !claimed) continue;  // siblings, spouses: not a parent-child candidate
      if (gap < 13) {
        link.evidence.push_back({"age_gap", fmt::format("only {:.0f} years older", gap), -6.0});
      } else if (gap <= 60) {
        link.evidence.push_back({"age_gap", fmt::format("{:.0f} years older", gap), 0.5});
      } else {
        link.evidence.push_back({"age_gap", fmt::format("{:.0f} years older", gap), -2.0});
      }
    }
    std::string role =
        claimed_role == "father" || claimed_role == "mother" ? claimed_role : "parent";
    if (!pf->paternal.empty() && !cf->paternal.empty()) {
      if (cf->paternal == pf->paternal) {
        link.evidence.push_back({"naming_rule",
                                 fmt::format("child's first surname '{}' is the adult's paternal "
                                             "surname (father)",
                                             cf->paternal),
                                 2.5});
        if (role == "parent") role = "father";
      } else if (!cf->maternal.empty() && cf->maternal == pf->paternal) {
        link.evidence.push_back({"naming_rule",
                                 fmt::format("child's second surname '{}' is the adult's paternal "
                                             "surname (mother)",
                                             cf->maternal),
                                 2.5});
        if (role == "parent") role = "mother";
      } else if (!cf->maternal.empty()) {
        link.evidence.push_back(
            {"naming_rule_broken",
             fmt::format(
                 "child's surnames '{} {}' do not contain the adult's paternal surname '{}'",
                 cf->paternal, cf->maternal, pf->paternal),
             -4.0});
      }
    }
    if (pf->sex != 0 &&
        ((role == "father" && pf->sex == 'f') || (role == "mother" && pf->sex == 'm'))) {
      link.evidence.push_back(
          {"sex_role",
           fmt::format("recorded {} but named as {}", pf->sex == 'f' ? "female" : "male", role),
           -1.0});
    }
    link.role = role;
    double sum = -2.0;
    for (const auto& e : link.evidence) sum += e.weight;
    link.confidence = 1.0 / (1.0 + std::exp(-sum));
    if (link.confidence >= options.assert_threshold) {
      link.status = FamilyLinkStatus::kAsserted;
    } else if (link.confidence >= options.review_threshold || claimed || shares_unit) {
      link.status = FamilyLinkStatus::kReview;
    } else {
      continue;
    }
    links.push_back(std::move(link));
  }
  std::sort(links.begin(), links.end(), [&](const FamilyLink& x, const FamilyLink& y) {
    return std::tie(persons[x.parent].person_id, persons[x.child].person_id) <
           std::tie(persons[y.parent].person_id, persons[y.child].person_id);
  });
  return links;
}

std::set<EntityLink> PredictedEntityLinks(const RecordSet& set,
                                          const std::vector<PersonCluster>& persons,
                                          const std::vector<FamilyLink>& links) {
  auto entity_of = [&](uint32_t person) {
    std::map<std::string, int> votes;
    for (uint32_t m : persons[person].members) {
      if (!set.records[m].truth_entity.empty()) ++votes[set.records[m].truth_entity];
    }
    std::string best;
    int count = 0;
    for (const auto& [entity, n] : votes) {
      if (n > count) best = entity, count = n;
    }
    return best;
  };
  std::set<EntityLink> predicted;
  for (const auto& link : links) {
    if (link.status != FamilyLinkStatus::kAsserted) continue;
    predicted.insert({entity_of(link.parent), entity_of(link.child)});
  }
  return predicted;
}

}  // namespace kinlink::linkage
