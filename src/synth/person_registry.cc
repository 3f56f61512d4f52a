#include "synth/person_registry.h"

#include <fmt/format.h>

#include <algorithm>

#include "synth/internal/agency_codes.h"

namespace kinlink::synth {
namespace {

bool IsMayanLanguage(std::string_view language) {
  std::string lower;
  for (char c : language) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "quc" || lower == "mam" || lower == "kjb" || lower == "k'iche'" ||
         lower == "q'anjob'al" || lower == "kiche" || lower == "qanjobal";
}

}  // namespace

PersonRegistry::PersonRegistry(NameTables& tables, const SynthConfig& config, uint64_t seed)
    : tables_(tables), config_(config), seed_(seed) {
  // Synthetic A-numbers start in the 2xx,xxx,xxx series at a seed-dependent offset.
  next_a_number_ =
      201000000u + static_cast<uint32_t>(Rng::ForKey(seed, "a-number", "").Below(50000000));
}

Status PersonRegistry::AddPerson(const Person& person) {
  if (index_.count(person.person_id) != 0) {
    return AlreadyExistsError(fmt::format("person '{}' is declared twice", person.person_id));
  }
  PersonState state;
  state.sex = person.sex;
  if (person.birth_date) {
    state.has_birth = true;
    state.birth_year = static_cast<int16_t>(person.birth_date->year);
    state.birth_month = static_cast<int8_t>(person.birth_date->month);
    state.birth_day = static_cast<int8_t>(person.birth_date->day);
  }
  for (size_t i = 0; i < 3 && i < person.citizenship.size(); ++i) {
    state.citizenship[i] = person.citizenship[i];
  }
  state.mayan_speaker = IsMayanLanguage(person.language);
  if (person.a_number) {
    state.a_number = static_cast<uint32_t>(std::stoul(std::string(person.a_number->digits())));
  } else {
    state.a_number = next_a_number_++;
  }
  if (!person.name.paternal_surname.empty() || !person.name.given_names.empty()) {
    state.name_drawn = true;
    for (size_t i = 0; i < person.name.given_names.size() && i < 3; ++i) {
      state.name.given[i] = tables_.Intern(person.name.given_names[i]);
    }
    if (!person.name.paternal_surname.empty()) {
      state.name.first = tables_.Intern(person.name.paternal_surname);
    }
    if (!person.name.maternal_surname.empty()) {
      state.name.second = tables_.Intern(person.name.maternal_surname);
    }
  }
  PersonIndex index = static_cast<PersonIndex>(ids_.size());
  ids_.push_back(person.person_id);
  persons_.push_back(state);
  index_.emplace(person.person_id, index);
  return Status::Ok();
}

Status PersonRegistry::AddFamily(const FamilyUnit& family) {
  if (family_index_.count(family.family_unit_id) != 0) {
    return AlreadyExistsError(
        fmt::format("family unit '{}' is declared twice", family.family_unit_id));
  }
  FamilyState state;
  state.id = family.family_unit_id;
  FamilyIndex index = static_cast<FamilyIndex>(families_.size());
  for (const auto& member : family.members) {
    auto it = index_.find(member);
    if (it == index_.end()) {
      return NotFoundError(fmt::format("family unit '{}' names undeclared person '{}'",
                                       family.family_unit_id, member));
    }
    state.members.push_back(it->second);
    persons_[it->second].family = index;
  }
  families_.push_back(std::move(state));
  family_index_.emplace(family.family_unit_id, index);
  return Status::Ok();
}

Status PersonRegistry::AddRelationship(const ParentChildAssociation& association) {
  KINLINK_ASSIGN_OR_RETURN(PersonIndex parent, Find(association.parent_id));
  KINLINK_ASSIGN_OR_RETURN(PersonIndex child, Find(association.child_id));
  PersonState& child_state = persons_[child];
  if (IsParentalKind(association.kind)) {
    persons_[parent].is_parent = true;
    if (child_state.parent == kNoPerson) {
      child_state.parent = static_cast<int32_t>(parent);
    } else if (child_state.parent2 == kNoPerson && child_state.parent != int32_t(parent)) {
      child_state.parent2 = static_cast<int32_t>(parent);
    }
  }
  bool claims_parenthood = association.kind != RelationshipKind::kOtherRelative;
  if (claims_parenthood && child_state.claimed_parent == kNoPerson) {
    child_state.claimed_parent = static_cast<int32_t>(parent);
  }
  return Status::Ok();
}

Result<PersonIndex> PersonRegistry::Find(std::string_view person_id) const {
  auto it = index_.find(std::string(person_id));
  if (it == index_.end()) {
    return NotFoundError(fmt::format("person '{}' was not declared before use", person_id));
  }
  return it->second;
}

Result<FamilyIndex> PersonRegistry::FindFamily(std::string_view family_unit_id) const {
  auto it = family_index_.find(std::string(family_unit_id));
  if (it == family_index_.end()) {
    return NotFoundError(
        fmt::format("family unit '{}' was not declared before use", family_unit_id));
  }
  return it->second;
}

std::optional<PartialDate> PersonRegistry::BirthDate(PersonIndex p) const {
  const PersonState& s = persons_[p];
  if (!s.has_birth) return std::nullopt;
  auto date = PartialDate::Make(s.birth_year, s.birth_month, s.birth_day);
  if (!date.ok()) return std::nullopt;
  return *date;
}

std::optional<int> PersonRegistry::AgeOn(PersonIndex p, Date day) const {
  auto birth = BirthDate(p);
  if (!birth) return std::nullopt;
  return AgeInYears(birth->ExactDate().value_or(birth->Earliest()), day);
}

bool PersonRegistry::IsChildOn(PersonIndex p, Date day) const {
  auto age = AgeOn(p, day);
  return age && *age < 18;
}

std::string PersonRegistry::Citizenship(PersonIndex p) const {
  const auto& c = persons_[p].citizenship;
  if (c[0] == 0) return "";
  return std::string(c.data(), 3);
}

std::string PersonRegistry::ANumberText(PersonIndex p) const {
  return fmt::format("A{:09}", persons_[p].a_number);
}

bool PersonRegistry::IsTrueParent(PersonIndex adult, PersonIndex child) const {
  return persons_[child].parent == int32_t(adult) || persons_[child].parent2 == int32_t(adult);
}

uint32_t PersonRegistry::AgencyNumber(PersonIndex p, AgencyNumberKind kind) {
  uint32_t& number = persons_[p].agency_numbers[static_cast<int>(kind)];
  if (number == 0) number = FreshAgencyNumber(kind);
  return number;
}

uint32_t PersonRegistry::FreshAgencyNumber(AgencyNumberKind kind) {
  return ++next_number_[static_cast<int>(kind)];
}

std::string PersonRegistry::CbpFamilyNumber(FamilyIndex f, Sector sector) {
  FamilyState& family = families_[f];
  if (family.cbp_number == 0) family.cbp_number = ++next_cbp_family_;
  return fmt::format("FMU-{}-{:07}", detail::SectorCode(sector), family.cbp_number);
}

NameId PersonRegistry::DrawDistinctSurname(Nationality nationality, Rng& rng, NameId avoid) const {
  NameId id = tables_.DrawSurname(nationality, rng);
  for (int attempt = 0; attempt < 4 && id == avoid; ++attempt) {
    id = tables_.DrawSurname(nationality, rng);
  }
  return id;
}

void PersonRegistry::DrawFamilySurnames(FamilyIndex f) {
  FamilyState& family = families_[f];
  if (family.surnames_drawn) return;
  family.surnames_drawn = true;
  Nationality nationality = Nationality::kOther;
  if (!family.members.empty()) nationality = NationalityOf(Citizenship(family.members.front()));
  Rng rng = Rng::ForKey(seed_, "family-name", family.id);
  family.father_surname = tables_.DrawSurname(nationality, rng);
  family.mother_surname = DrawDistinctSurname(nationality, rng, family.father_surname);
  family.lone_mother_naming = rng.Chance(config_.child_takes_mother_surnames);
}

void PersonRegistry::DrawName(PersonIndex p) {
  PersonState& s = persons_[p];
  s.name_drawn = true;
  Nationality nationality = NationalityOf(Citizenship(p));
  Rng rng = Rng::ForKey(seed_, "name", ids_[p]);
  // Given names.
  int count = rng.Chance(config_.two_given_names) ? 2 : 1;
  for (int i = 0; i < count; ++i) {
    NameId given = tables_.DrawGivenName(nationality, s.sex, rng);
    for (int attempt = 0; attempt < 4 && i > 0 && given == s.name.given[0]; ++attempt) {
      given = tables_.DrawGivenName(nationality, s.sex, rng);
    }
    s.name.given[i] = given;
  }
  if (nationality == Nationality::kGuatemala) {
    double rate = s.mayan_speaker ? config_.mayan_given_name : config_.mayan_given_name / 4;
    if (rng.Chance(rate)) {
      NameId mayan = tables_.DrawMayanGivenName(s.sex, rng);
      if (mayan != kNoName) s.name.given[rng.Below(count)] = mayan;
    }
  }
  // Surnames: Spanish naming within the family.
  NameId own_first = tables_.DrawSurname(nationality, rng);
  NameId own_second = DrawDistinctSurname(nationality, rng, own_first);
  s.name.first = own_first;
  s.name.second = own_second;
  if (s.family == kNoFamily) return;
  DrawFamilySurnames(s.family);
  const FamilyState& family = families_[s.family];
  if (s.parent != kNoPerson) {
    PersonIndex parent = static_cast<PersonIndex>(s.parent);
    if (!persons_[parent].name_drawn) DrawName(parent);
    const PersonState& parent_state = persons_[parent];
    const PersonState* other =
        s.parent2 != kNoPerson ? &persons_[static_cast<PersonIndex>(s.parent2)] : nullptr;
    if (other != nullptr && !other->name_drawn) {
      DrawName(static_cast<PersonIndex>(s.parent2));
      other = &persons_[static_cast<PersonIndex>(s.parent2)];
    }
    const PersonState* father = parent_state.sex == Sex::kMale        ? &parent_state
                                : (other && other->sex == Sex::kMale) ? other
                                                                      : nullptr;
    const PersonState* mother = parent_state.sex == Sex::kFemale        ? &parent_state
                                : (other && other->sex == Sex::kFemale) ? other
                                                                        : nullptr;
    if (father && mother) {
      s.name.first = father->name.first;
      s.name.second = mother->name.first;
    } else if (father) {
      s.name.first = father->name.first;
      s.name.second = family.mother_surname;
    } else if (mother && family.lone_mother_naming) {
      s.name.first = mother->name.first;
      s.name.second = mother->name.second;
    } else if (mother) {
      s.name.first = family.father_surname;
      s.name.second = mother->name.first;
    } else {
      s.name.first = parent_state.name.first;
    }
  } else if (s.is_parent) {
    if (s.sex == Sex::kMale) {
      s.name.first = family.father_surname;
    } else {
      s.name.first = family.mother_surname;
    }
    if (s.name.second == s.name.first)
      s.name.second = DrawDistinctSurname(nationality, rng, s.name.first);
  }
}

RecordedName PersonRegistry::TrueName(PersonIndex p) {
  if (!persons_[p].name_drawn) DrawName(p);
  const NameIds& ids = persons_[p].name;
  RecordedName name;
  for (NameId given : ids.given) {
    if (given != kNoName) name.given_names.push_back(tables_.Text(given));
  }
  if (ids.first != kNoName) name.first_surname = tables_.Text(ids.first);
  if (ids.second != kNoName) name.second_surname = tables_.Text(ids.second);
  return name;
}

}  // namespace kinlink::synth
