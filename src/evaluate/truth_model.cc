#include "evaluate/truth_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <type_traits>
#include <variant>

#include "synth/truth_reader.h"

namespace kinlink::evaluate {

Result<TruthModel> TruthModel::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("{}: cannot open the truth stream", path));
  return Read(in, path);
}

Result<TruthModel> TruthModel::Read(std::istream& in, const std::string& name) {
  synth::TruthReader reader(in, name);
  KINLINK_RETURN_IF_ERROR(reader.ReadHeader().status());
  TruthModel model;
  synth::TruthItem item;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool more, reader.Next(&item));
    if (!more) break;
    Status status = Status::Ok();
    std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, Facility>) {
            model.AddFacility(value);
          } else if constexpr (std::is_same_v<T, Person>) {
            model.AddPerson(value);
          } else if constexpr (std::is_same_v<T, FamilyUnit>) {
            model.AddFamily(value);
          } else if constexpr (std::is_same_v<T, ParentChildAssociation>) {
            model.AddRelationship(value);
          } else {
            status = model.AddEvent(value);
          }
        },
        item);
    if (!status.ok()) return reader.Error(status.message());
  }
  return model;
}

void TruthModel::AddFacility(const Facility& facility) {
  facility_names_[facility.facility_id] = facility.name;
}

void TruthModel::AddPerson(const Person& person) {
  persons_[person.person_id].birth_date = person.birth_date;
}

void TruthModel::AddFamily(const FamilyUnit& family) {
  families_[family.family_unit_id] = family.members;
  for (const auto& member : family.members) persons_[member].family_unit_id = family.family_unit_id;
}

void TruthModel::AddRelationship(const ParentChildAssociation& association) {
  if (IsParentalKind(association.kind)) {
    parental_.insert({association.parent_id, association.child_id});
  }
}

TruthPerson* TruthModel::Mutable(const std::string& person) {
  auto it = persons_.find(person);
  return it == persons_.end() ? nullptr : &it->second;
}

const TruthPerson* TruthModel::Find(const std::string& person) const {
  auto it = persons_.find(person);
  return it == persons_.end() ? nullptr : &it->second;
}

void TruthModel::CloseCustody(TruthPerson& p, Timestamp t) {
  if (!p.custody.empty() && !p.custody.back().end) p.custody.back().end = t;
}

void TruthModel::OpenCustody(TruthPerson& p, Agency agency, const std::string& facility,
                             Timestamp t) {
  Timestamp agency_since = t;
  if (!p.custody.empty()) {
    const TruthCustody& last = p.custody.back();
    // The unbroken stay with one agency continues across its facilities.
    if (last.agency == agency && (!last.end || *last.end == t)) agency_since = last.agency_since;
  }
  CloseCustody(p, t);
  p.custody.push_back({agency, facility, t, std::nullopt, agency_since});
}

void TruthModel::EndSeparations(const std::string& child, const std::string& parent, Timestamp t) {
  auto it = separations_of_child_.find(child);
  if (it == separations_of_child_.end()) return;
  for (size_t index : it->second) {
    TruthSeparation& s = separations_[index];
    if (s.parent_id == parent && !s.ended_at) s.ended_at = t;
  }
}

Status TruthModel::AddEvent(const Event& event) {
  const Timestamp t = event.effective_at;
  event_times_[event.event_id] = t;
  auto person = [&](const std::string& id) -> Result<TruthPerson*> {
    TruthPerson* p = Mutable(id);
    if (p == nullptr) {
      return InvalidArgumentError(
          fmt::format("event {} names person '{}', who was not declared", event.event_id, id));
    }
    return p;
  };
  return std::visit(
      [&](const auto& e) -> Status {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, Apprehension>) {
          KINLINK_ASSIGN_OR_RETURN(TruthPerson * p, person(e.person_id));
          if (e.family_unit_id && p->family_unit_id.empty()) p->family_unit_id = *e.family_unit_id;
          if (p->custody.empty() || p->custody.back().end) {
            OpenCustody(*p, Agency::kCbp, e.station_id, t);
          }
        } else if constexpr (std::is_same_v<T, Referral>) {
          KINLINK_ASSIGN_OR_RETURN(TruthPerson * p, person(e.person_id));
          if (!p->first_referral_at) p->first_referral_at = t;
        } else if constexpr (std::is_same_v<T, CustodyTransfer>) {
          KINLINK_ASSIGN_OR_RETURN(TruthPerson * p, person(e.person_id));
          if (e.receiving) {
            OpenCustody(*p, e.receiving->agency, e.receiving->facility_id, t);
          } else {
            CloseCustody(*p, t);
          }
        } else if constexpr (std::is_same_v<T, Separation>) {
          KINLINK_RETURN_IF_ERROR(person(e.child_id).status());
          KINLINK_RETURN_IF_ERROR(person(e.parent_id).status());
          separations_of_child_[e.child_id].push_back(separations_.size());
          separations_.push_back(
              {e.child_id, e.parent_id, e.family_unit_id.value_or(""), t, std::nullopt});
        } else if constexpr (std::is_same_v<T, OrrPlacement>) {
          KINLINK_ASSIGN_OR_RETURN(TruthPerson * p, person(e.child_id));
          const bool in_orr = !p->custody.empty() && !p->custody.back().end &&
                              p->custody.back().agency == Agency::kOrr &&
                              p->custody.back().facility_id == e.facility_id;
          if (!in_orr) OpenCustody(*p, Agency::kOrr, e.facility_id, t);
        } else if constexpr (std::is_same_v<T, OrrRelease>) {
          KINLINK_ASSIGN_OR_RETURN(TruthPerson * p, person(e.child_id));
          if (!p->custody.empty() && !p->custody.back().end &&
              p->custody.back().agency == Agency::kOrr) {
            CloseCustody(*p, t);
          }
          if (e.sponsor_id) EndSeparations(e.child_id, *e.sponsor_id, t);
        } else if constexpr (std::is_same_v<T, Removal>) {
          KINLINK_ASSIGN_OR_RETURN(TruthPerson * p, person(e.person_id));
          CloseCustody(*p, t);
          p->removed_at = t;
          for (const auto& child : e.accompanying_children) {
            KINLINK_ASSIGN_OR_RETURN(TruthPerson * c, person(child));
            CloseCustody(*c, t);
            c->removed_at = t;
            EndSeparations(child, e.person_id, t);
          }
          // A child removed at the moment the parent was: removed together.
          auto it = separations_of_child_.find(e.person_id);
          if (it != separations_of_child_.end()) {
            for (size_t index : it->second) {
              const TruthPerson* parent = Find(separations_[index].parent_id);
              if (parent != nullptr && parent->removed_at == t) {
                EndSeparations(e.person_id, separations_[index].parent_id, t);
              }
            }
          }
        } else if constexpr (std::is_same_v<T, Reunification>) {
          EndSeparations(e.child_id, e.parent_id, t);
        }
        return Status::Ok();
      },
      event.payload);
}

std::optional<TruthCustody> TruthModel::CustodyAt(const std::string& person, Timestamp t) const {
  const TruthPerson* p = Find(person);
  if (p == nullptr) return std::nullopt;
  for (const auto& c : p->custody) {
    if (c.start <= t && (!c.end || *c.end > t)) return c;
  }
  return std::nullopt;
}

bool TruthModel::RemovedBy(const std::string& person, Timestamp t) const {
  const TruthPerson* p = Find(person);
  return p != nullptr && p->removed_at && *p->removed_at <= t;
}

std::vector<std::string> TruthModel::PersonsInCustodyAt(Timestamp t) const {
  std::vector<std::string> out;
  for (const auto& [id, p] : persons_) {
    if (CustodyAt(id, t)) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string TruthModel::FacilityName(const std::string& facility_id) const {
  auto it = facility_names_.find(facility_id);
  return it == facility_names_.end() ? "" : it->second;
}

std::vector<const TruthSeparation*> TruthModel::OpenSeparationsAt(Timestamp t) const {
  std::vector<const TruthSeparation*> out;
  for (const auto& s : separations_) {
    if (s.OpenAt(t)) out.push_back(&s);
  }
  return out;
}

std::set<std::string> TruthModel::SeparationParentsOf(const std::string& child) const {
  std::set<std::string> out;
  auto it = separations_of_child_.find(child);
  if (it == separations_of_child_.end()) return out;
  for (size_t index : it->second) out.insert(separations_[index].parent_id);
  return out;
}

bool TruthModel::IsParentOf(const std::string& parent, const std::string& child) const {
  return parental_.count({parent, child}) != 0;
}

bool TruthModel::FamilySeparatedAt(const std::string& family_unit_id, Timestamp t) const {
  auto family = families_.find(family_unit_id);
  if (family == families_.end()) return false;
  for (const auto& member : family->second) {
    auto it = separations_of_child_.find(member);
    if (it == separations_of_child_.end()) continue;
    for (size_t index : it->second) {
      if (separations_[index].OpenAt(t)) return true;
    }
  }
  return false;
}

std::optional<int> TruthModel::AgeOn(const std::string& person, Date day) const {
  const TruthPerson* p = Find(person);
  if (p == nullptr || !p->birth_date) return std::nullopt;
  return AgeInYears(p->birth_date->Earliest(), day);
}

std::optional<Timestamp> TruthModel::EventTime(const std::string& event_id) const {
  auto it = event_times_.find(event_id);
  if (it == event_times_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kinlink::evaluate
