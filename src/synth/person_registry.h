// PersonRegistry: what the synthesizer knows about every person and family of the truth stream,
// kept compact (about a hundred bytes a person) so a million-person run fits in memory.
//
// It holds each person's true facts (sex, birth date, citizenship, A-number), their family unit
// and parent links, the name they really have, and the ids each agency gave them. Names are drawn
// lazily and deterministically from the seed (name_tables.h) following Spanish naming: a child's
// surnames are the father's paternal surname and the mother's paternal surname; a child of a lone
// mother may carry her two surnames; an unrelated adult who claimed the child shares none. Persons
// whose truth carries a name keep it. Persons without an A-number in the truth get one.
//
//   PersonRegistry registry(tables, config, seed);
//   KINLINK_RETURN_IF_ERROR(registry.AddPerson(person));
//   KINLINK_ASSIGN_OR_RETURN(PersonIndex p, registry.Find("P17"));
//   RecordedName name = registry.TrueName(p);
//
// Errors: duplicate ids are AlreadyExists, references to unknown persons NotFound. Thread
// safety: not thread-safe (names are drawn and ids assigned on first use).
#ifndef KINLINK_SYNTH_PERSON_REGISTRY_H_
#define KINLINK_SYNTH_PERSON_REGISTRY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/agency.h"
#include "core/family.h"
#include "core/person.h"
#include "core/status.h"
#include "synth/name_errors.h"
#include "synth/name_tables.h"
#include "synth/synth_config.h"

namespace kinlink::synth {

using PersonIndex = uint32_t;
using FamilyIndex = int32_t;
inline constexpr FamilyIndex kNoFamily = -1;
inline constexpr int32_t kNoPerson = -1;

// The agency-issued numbers the registry hands out, one sequence each.
enum class AgencyNumberKind { kCbpSubject, kUsmsRegister, kOrrChild };

class PersonRegistry {
 public:
  PersonRegistry(NameTables& tables, const SynthConfig& config, uint64_t seed);
  PersonRegistry(const PersonRegistry&) = delete;
  PersonRegistry& operator=(const PersonRegistry&) = delete;

  Status AddPerson(const Person& person);
  Status AddFamily(const FamilyUnit& family);
  Status AddRelationship(const ParentChildAssociation& association);

  Result<PersonIndex> Find(std::string_view person_id) const;
  Result<FamilyIndex> FindFamily(std::string_view family_unit_id) const;
  size_t person_count() const { return ids_.size(); }
  size_t family_count() const { return families_.size(); }

  const std::string& Id(PersonIndex p) const { return ids_[p]; }
  Sex sex(PersonIndex p) const { return persons_[p].sex; }
  std::optional<PartialDate> BirthDate(PersonIndex p) const;
  // Whole years on `day`, or nullopt without a birth date.
  std::optional<int> AgeOn(PersonIndex p, Date day) const;
  bool IsChildOn(PersonIndex p, Date day) const;
  std::string Citizenship(PersonIndex p) const;
  // "A" + 9 digits; every person has one (assigned when the truth has none).
  std::string ANumberText(PersonIndex p) const;
  FamilyIndex family(PersonIndex p) const { return persons_[p].family; }
  // The adult recorded with the child as its parent (any claim, true or false), or kNoPerson.
  int32_t claimed_parent(PersonIndex child) const { return persons_[child].claimed_parent; }
  // True when the truth says `adult` is a parent (biological, adoptive, guardian) of `child`.
  bool IsTrueParent(PersonIndex adult, PersonIndex child) const;

  // The person's true name, drawn on first use.
  RecordedName TrueName(PersonIndex p);
  // The agency's number for the person, assigned on first use (1, 2, 3, ... per kind).
  uint32_t AgencyNumber(PersonIndex p, AgencyNumberKind kind);
  // A fresh number of that kind not tied to the person (a CBP duplicate's new subject id).
  uint32_t FreshAgencyNumber(AgencyNumberKind kind);

  const std::string& FamilyId(FamilyIndex f) const { return families_[f].id; }
  const std::vector<PersonIndex>& FamilyMembers(FamilyIndex f) const {
    return families_[f].members;
  }
  // CBP's family-unit number, assigned on first use ("FMU-RGV-0001234").
  std::string CbpFamilyNumber(FamilyIndex f, Sector sector);
  // A member of the family was referred for prosecution or separated.
  void MarkFamilyReferred(FamilyIndex f) { families_[f].referred = true; }
  bool FamilyReferred(FamilyIndex f) const { return families_[f].referred; }

 private:
  struct NameIds {
    std::array<NameId, 3> given{kNoName, kNoName, kNoName};
    NameId first = kNoName;
    NameId second = kNoName;
  };
  struct PersonState {
    Sex sex = Sex::kUnknown;
    bool has_birth = false;
    bool mayan_speaker = false;
    bool name_drawn = false;
    bool is_parent = false;  // a true parent of some child in the truth
    int16_t birth_year = 0;
    int8_t birth_month = 0;
    int8_t birth_day = 0;
    std::array<char, 3> citizenship{};
    uint32_t a_number = 0;  // the nine digits as a number
    FamilyIndex family = kNoFamily;
    int32_t parent = kNoPerson;   // first true parent
    int32_t parent2 = kNoPerson;  // second true parent
    int32_t claimed_parent = kNoPerson;
    NameIds name;
    std::array<uint32_t, 3> agency_numbers{};
  };
  struct FamilyState {
    std::string id;
    std::vector<PersonIndex> members;
    uint32_t cbp_number = 0;
    NameId father_surname = kNoName;
    NameId mother_surname = kNoName;
    bool referred = false;
    bool surnames_drawn = false;
    bool lone_mother_naming = false;
  };

  void DrawName(PersonIndex p);
  void DrawFamilySurnames(FamilyIndex f);
  NameId DrawDistinctSurname(Nationality nationality, Rng& rng, NameId avoid) const;

  NameTables& tables_;
  const SynthConfig& config_;
  uint64_t seed_;
  std::vector<std::string> ids_;
  std::vector<PersonState> persons_;
  std::unordered_map<std::string, PersonIndex> index_;
  std::vector<FamilyState> families_;
  std::unordered_map<std::string, FamilyIndex> family_index_;
  std::array<uint32_t, 3> next_number_{};
  uint32_t next_cbp_family_ = 0;
  uint32_t next_a_number_;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_PERSON_REGISTRY_H_
