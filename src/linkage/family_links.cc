#include "linkage/family_links.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "linkage/given_name_variants.h"
#include "linkage/parent_statement.h"
#include "linkage/phonetic.h"
#include "linkage/string_similarity.h"

namespace kinlink::linkage {
namespace {

struct PersonFacts {
  std::optional<Date> birth;  // midpoint of the best birth date known
  std::string paternal;       // the most common on the person's records
  std::string maternal;
  // Every surname the person's records carry in first and in second place: a record with a
  // dropped or swapped surname must not hide the naming rule that the other records show.
  std::set<std::string> paternals;
  std::set<std::string> maternals;
  std::string given;  // canonical form of the first given name
  char sex = 0;
  std::optional<Date> apprehended;     // the earliest apprehension on the person's records
  std::set<std::string> family_units;  // CBP family-unit ids on the person's records
};

// Two surname units agree for the naming rule when they are equal, sound alike in Spanish
// (Giménez / Jiménez) or differ by a typing error (Jaro-Winkler >= 0.92).
bool SurnamesAgree(const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (a.size() < 3 || b.size() < 3) return false;
  if (SpanishPhoneticKey(a) == SpanishPhoneticKey(b) || JaroWinkler(a, b) >= 0.92) return true;
  // One typed letter wrong ("Persz" / "Perez"), when both are long enough for that to be telling.
  return a.size() >= 4 && b.size() >= 4 && DamerauLevenshtein(a, b, 1) <= 1;
}

// A surname of `a` that agrees with one of `b` (empty when none does), for explanations.
std::string FirstShared(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const auto& x : a) {
    if (b.count(x)) return x;
  }
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (SurnamesAgree(x, y)) return x;
    }
  }
  return {};
}

bool SharesAny(const std::set<std::string>& a, const std::set<std::string>& b) {
  return !FirstShared(a, b).empty();
}

PersonFacts FactsOf(const PersonCluster& person, const std::vector<PreparedRecord>& prepared,
                    const RecordSet& set) {
  PersonFacts facts;
  for (uint32_t m : person.members) {
    const auto& record = set.records[m];
    if (record.apprehended_at) {
      Date day = DateOf(*record.apprehended_at);
      if (!facts.apprehended || day < *facts.apprehended) facts.apprehended = day;
    }
    if (!record.family_unit_id.empty()) facts.family_units.insert(record.family_unit_id);
  }
  std::map<std::string, int> paternal_votes;
  std::map<std::string, int> maternal_votes;
  std::map<std::string, int> given_votes;
  for (uint32_t m : person.members) {
    const auto& r = prepared[m];
    if (!r.given_canonical.empty()) ++given_votes[r.given_canonical];
    if (!r.paternal.empty()) ++paternal_votes[r.paternal], facts.paternals.insert(r.paternal);
    if (!r.maternal.empty()) ++maternal_votes[r.maternal], facts.maternals.insert(r.maternal);
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

// A child has one father and one mother: of the asserted links to one child, the strongest fills
// each place ("parent" fills whichever is free) and the others go to review, naming the winner.
void KeepOneFatherAndOneMother(std::vector<FamilyLink>& links,
                               const std::vector<PersonCluster>& persons) {
  std::unordered_map<uint32_t, std::vector<size_t>> by_child;
  for (size_t k = 0; k < links.size(); ++k) {
    if (links[k].status == FamilyLinkStatus::kAsserted) by_child[links[k].child].push_back(k);
  }
  for (auto& [child, indexes] : by_child) {
    if (indexes.size() < 2) continue;
    std::sort(indexes.begin(), indexes.end(), [&](size_t x, size_t y) {
      if (links[x].confidence != links[y].confidence) {
        return links[x].confidence > links[y].confidence;
      }
      return persons[links[x].parent].person_id < persons[links[y].parent].person_id;
    });
    const FamilyLink* father = nullptr;
    const FamilyLink* mother = nullptr;
    for (size_t k : indexes) {
      FamilyLink& link = links[k];
      const FamilyLink** place = nullptr;
      if (link.role == "father") {
        place = &father;
      } else if (link.role == "mother") {
        place = &mother;
      } else {
        place = father == nullptr ? &father : &mother;
      }
      if (*place == nullptr) {
        *place = &link;
        continue;
      }
      link.status = FamilyLinkStatus::kReview;
      link.evidence.push_back(
          {"competing_parent",
           fmt::format("{} is a stronger candidate for the child's {} ({:.3f} against {:.3f})",
                       persons[(*place)->parent].person_id, place == &father ? "father" : "mother",
                       (*place)->confidence, link.confidence),
           0.0});
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
    for (auto& e : list) {
      if (e.kind != evidence.kind) continue;
      if (evidence.weight > e.weight) e = std::move(evidence);  // the strongest of each kind
      return;
    }
    list.push_back(std::move(evidence));
  };
  std::vector<PersonFacts> facts(persons.size());
  std::vector<uint8_t> known(persons.size(), 0);
  auto facts_of = [&](uint32_t p) -> const PersonFacts& {
    if (!known[p]) {
      facts[p] = FactsOf(persons[p], prepared, set);
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
  // A family unit of the child's that holds an adult other than `parent` while `parent` is in
  // none of the child's units (empty when there is none): evidence against `parent`.
  std::unordered_map<std::string, std::set<uint32_t>> unit_persons;
  for (const auto& [unit, members] : by_unit) {
    for (uint32_t m : members) unit_persons[unit].insert(person_of_record[m]);
  }
  auto OtherAdultsUnit = [&](uint32_t child, uint32_t parent) -> std::string {
    const PersonFacts& cf = facts_of(child);
    for (const auto& unit : cf.family_units) {
      if (unit_persons[unit].count(parent)) return {};
    }
    for (const auto& unit : cf.family_units) {
      for (uint32_t other : unit_persons[unit]) {
        if (other == child || other == parent) continue;
        const PersonFacts& of = facts_of(other);
        if (of.birth && cf.birth && YearsBetween(*of.birth, *cf.birth) >= 13) return unit;
      }
    }
    return {};
  };
  const auto window = std::chrono::minutes(options.co_apprehension_minutes);
  const auto together = std::chrono::minutes(2);
  auto age_at_apprehension = [&](uint32_t person) -> std::optional<double> {
    const PersonFacts& f = facts_of(person);
    if (!f.birth || !f.apprehended) return std::nullopt;
    return YearsBetween(*f.birth, *f.apprehended);
  };
  for (auto& [place, members] : by_place) {
    std::sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) {
      return *set.records[x].apprehended_at < *set.records[y].apprehended_at;
    });
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        auto gap =
            *set.records[members[y]].apprehended_at - *set.records[members[x]].apprehended_at;
        if (gap > window) break;
        const auto& rx = set.records[members[x]];
        const auto& ry = set.records[members[y]];
        if (gap <= together) {
          add_once(person_of_record[members[x]], person_of_record[members[y]],
                   {"co_apprehension",
                    fmt::format("apprehended together at {} (records {} and {})", place,
                                rx.record_id, ry.record_id),
                    2.5});
        } else {
          add_once(person_of_record[members[x]], person_of_record[members[y]],
                   {"co_apprehension",
                    fmt::format("apprehended {} minutes apart at {} (records {} and {})",
                                std::chrono::duration_cast<std::chrono::minutes>(gap).count(),
                                place, rx.record_id, ry.record_id),
                    1.0});
        }
      }
    }
    // A minor apprehended together with exactly one adult: that adult is the one they travelled
    // with.
    for (size_t x = 0; x < members.size(); ++x) {
      const uint32_t minor = person_of_record[members[x]];
      auto minor_age = age_at_apprehension(minor);
      if (!minor_age || *minor_age >= 18) continue;
      const Timestamp at = *set.records[members[x]].apprehended_at;
      std::set<uint32_t> adults;
      size_t y = x;
      while (y > 0 && at - *set.records[members[y - 1]].apprehended_at <= together) --y;
      for (; y < members.size() && *set.records[members[y]].apprehended_at - at <= together; ++y) {
        uint32_t other = person_of_record[members[y]];
        auto other_age = age_at_apprehension(other);
        if (other != minor && other_age && *other_age >= 18) adults.insert(other);
      }
      if (adults.size() == 1) {
        add_once(minor, *adults.begin(),
                 {"sole_adult",
                  fmt::format("the only adult apprehended with record {}",
                              set.records[members[x]].record_id),
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
    if (auto child_age = age_at_apprehension(child); child_age && *child_age >= 18) {
      link.evidence.push_back(
          {"adult_child",
           fmt::format("the child was {:.0f} when apprehended; family units join parents with "
                       "minors",
                       *child_age),
           -2.5});
    }
    if (auto unit = OtherAdultsUnit(child, parent); !unit.empty()) {
      link.evidence.push_back(
          {"outside_family_unit",
           fmt::format("the child's family unit {} holds another adult and not this one", unit),
           -2.0});
    }
    std::string role =
        claimed_role == "father" || claimed_role == "mother" ? claimed_role : "parent";
    if (!pf->paternals.empty() && !cf->paternals.empty()) {
      if (SharesAny(cf->paternals, pf->paternals)) {
        std::string shared_surname = FirstShared(cf->paternals, pf->paternals);
        if (pf->sex == 'f' && role != "father") {
          // A single mother passes on her own surnames: the child's first is her paternal one.
          link.evidence.push_back(
              {"naming_rule",
               fmt::format("child's first surname '{}' is the mother's paternal surname (her "
                           "surnames passed on)",
                           shared_surname),
               2.0});
          if (role == "parent") role = "mother";
        } else {
          link.evidence.push_back({"naming_rule",
                                   fmt::format("child's first surname '{}' is the adult's "
                                               "paternal surname (father)",
                                               shared_surname),
                                   2.5});
          if (role == "parent") role = "father";
        }
      } else if (SharesAny(cf->maternals, pf->paternals)) {
        link.evidence.push_back({"naming_rule",
                                 fmt::format("child's second surname '{}' is the adult's paternal "
                                             "surname (mother)",
                                             FirstShared(cf->maternals, pf->paternals)),
                                 2.5});
        if (role == "parent") role = "mother";
      } else if (!pf->maternals.empty() && (SharesAny(cf->paternals, pf->maternals) ||
                                            SharesAny(cf->maternals, pf->maternals))) {
        // The adult's surnames may be written in the other order (a common agency error): the
        // child carries the adult's second surname. Weaker than the rule, but not against it.
        std::string shared_surname = FirstShared(cf->paternals, pf->maternals);
        if (shared_surname.empty()) shared_surname = FirstShared(cf->maternals, pf->maternals);
        link.evidence.push_back(
            {"naming_rule_reversed",
             fmt::format("child's surname '{}' is the adult's second surname (the adult's "
                         "surnames may be recorded in the other order)",
                         shared_surname),
             1.0});
      } else if (!cf->maternals.empty()) {
        link.evidence.push_back(
            {"naming_rule_broken",
             fmt::format(
                 "child's surnames '{} {}' do not contain the adult's paternal surname '{}'",
                 cf->paternal, cf->maternal, pf->paternal),
             -4.0});
      }
    }
    link.role = role;
    double sum = -2.0;
    for (const auto& e : link.evidence) sum += e.weight;
    link.confidence = 1.0 / (1.0 + std::exp(-sum));
    // Surnames that contradict the relationship are not outweighed by how the family travelled:
    // an adult claiming a child they are not the parent of (2018's "5 of 102") brings a family
    // unit, a claim and a co-apprehension too. Such a link waits for a person to confirm it.
    const bool names_contradict =
        std::any_of(link.evidence.begin(), link.evidence.end(),
                    [](const LinkEvidence& e) { return e.kind == "naming_rule_broken"; });
    if (names_contradict && link.confidence >= options.assert_threshold) {
      link.evidence.push_back(
          {"needs_confirmation",
           "strong evidence, but the surnames contradict it: never asserted without review", 0.0});
    }
    if (link.confidence >= options.assert_threshold && !names_contradict) {
      link.status = FamilyLinkStatus::kAsserted;
    } else if (link.confidence >= options.review_threshold || claimed || shares_unit) {
      link.status = FamilyLinkStatus::kReview;
    } else {
      continue;
    }
    links.push_back(std::move(link));
  }
  KeepOneFatherAndOneMother(links, persons);
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
