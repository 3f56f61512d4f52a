// Movement between places (the one-place invariant, occupancy monitors, the 72-hour count) and
// the ground-truth stream: facilities, persons, families and custody transfers.
#include <fmt/format.h>

#include <cmath>

#include "sim/pipeline/internal/model.h"

namespace kinlink::sim::pipeline_detail {

namespace {

std::string SectorCode(Sector sector) {
  std::string code(ToString(sector));
  return code;
}

}  // namespace

void Model::DeclareFacilities() {
  facilities_.resize(kFacilityCount);
  for (Sector sector : kAllSectors) {
    Facility& f = facilities_[kStationFacility + static_cast<int>(sector)];
    f.facility_id = "cbp-" + SectorCode(sector) + "-station";
    f.name = fmt::format("{} Sector Border Patrol station", DisplayName(sector));
    f.kind = FacilityKind::kBorderPatrolStation;
    f.sector = sector;
  }
  for (District district : kAllDistricts) {
    const int d = static_cast<int>(district);
    const std::string code(ToString(district));
    Facility& jail = facilities_[kUsmsFacility + d];
    jail.facility_id = "usms-" + code + "-jail";
    jail.name = fmt::format("US Marshals contract jail, {}", DisplayName(district));
    jail.kind = FacilityKind::kUsmsJail;
    jail.district = district;
    jail.capacity = s_.districts[d].usms_beds;
    Facility& court = facilities_[kCourtFacility + d];
    court.facility_id = "court-" + code;
    court.name = fmt::format("US magistrate court, {}", DisplayName(district));
    court.kind = FacilityKind::kCourthouse;
    court.district = district;
    Facility& usao = facilities_[kUsaoFacility + d];
    usao.facility_id = "usao-" + code;
    usao.name = fmt::format("US Attorney's Office, {}", DisplayName(district));
    usao.kind = FacilityKind::kUsAttorneyOffice;
    usao.district = district;
  }
  Facility& adult = facilities_[kIceAdultFacility];
  adult.facility_id = "ice-adult-detention";
  adult.name = "ICE adult detention (Southwest)";
  adult.kind = FacilityKind::kIceAdultDetention;
  adult.capacity = s_.ice.adult_beds;
  static constexpr const char* kFamilyCenters[kIceFamilyFacilities][2] = {
      {"ice-family-dilley", "South Texas Family Residential Center (Dilley)"},
      {"ice-family-karnes", "Karnes County Family Residential Center"},
      {"ice-family-berks", "Berks County Family Residential Center"}};
  for (int i = 0; i < kIceFamilyFacilities; ++i) {
    Facility& f = facilities_[kIceFamilyFacility + i];
    f.facility_id = kFamilyCenters[i][0];
    f.name = kFamilyCenters[i][1];
    f.kind = FacilityKind::kIceFamilyResidential;
  }
  static constexpr const char* kShelters[kOrrFacilities][2] = {
      {"orr-shelter-tx", "ORR shelter, Texas"},
      {"orr-shelter-az", "ORR shelter, Arizona"},
      {"orr-shelter-ca", "ORR shelter, California"},
      {"orr-foster-ny", "ORR transitional foster care, New York"}};
  for (int i = 0; i < kOrrFacilities; ++i) {
    Facility& f = facilities_[kOrrFacility + i];
    f.facility_id = kShelters[i][0];
    f.name = kShelters[i][1];
    f.kind = i == 3 ? FacilityKind::kOrrFosterCare : FacilityKind::kOrrShelter;
  }
  facility_ids_.clear();
  for (const auto& f : facilities_) facility_ids_.push_back(f.facility_id);
  if (options_.truth != nullptr) {
    for (const auto& f : facilities_) options_.truth->DeclareFacility(f);
  }
}

const std::string& Model::FacilityFor(PersonIndex person, Place place, int hint) const {
  const SimPerson& p = people_[person];
  switch (place) {
    case Place::kCbp:
      return facility_ids_[kStationFacility + static_cast<int>(p.sector)];
    case Place::kUsms:
      return facility_ids_[kUsmsFacility + static_cast<int>(p.district)];
    case Place::kIceAdult:
      return facility_ids_[kIceAdultFacility];
    case Place::kIceFamily:
      return facility_ids_[kIceFamilyFacility + (hint >= 0 ? hint % kIceFamilyFacilities : 0)];
    case Place::kOrr:
      return facility_ids_[kOrrFacility + (hint >= 0 ? hint % kOrrFacilities : 0)];
    default:
      break;
  }
  static const std::string kNoFacility;
  return kNoFacility;
}

namespace {

Agency AgencyOfPlace(Place place) {
  switch (place) {
    case Place::kCbp:
      return Agency::kCbp;
    case Place::kUsms:
      return Agency::kUsms;
    case Place::kIceAdult:
    case Place::kIceFamily:
      return Agency::kIce;
    case Place::kOrr:
      return Agency::kOrr;
    default:
      return Agency::kCbp;
  }
}

}  // namespace

void Model::Move(PersonIndex person, Place to) {
  const double now = sim_.Now();
  SimPerson& p = people_[person];
  const Place from = p.place;
  const float entered = p.entered_place_at;
  if (from == Place::kCbp && p.child && now - entered > s_.cbp.child_hold_limit_hours) {
    ++children_over_limit_;
  }
  people_.Move(person, to, now);
  auto level_change = [&](Place place, double delta) {
    switch (place) {
      case Place::kCbp:
        cbp_.Add(now, delta);
        break;
      case Place::kUsms:
        usms_[static_cast<int>(p.district)].Add(now, delta);
        usms_total_.Add(now, delta);
        break;
      case Place::kIceAdult:
        ice_adult_.Add(now, delta);
        break;
      case Place::kIceFamily:
        ice_family_.Add(now, delta);
        break;
      case Place::kOrr:
        orr_.Add(now, delta);
        break;
      default:
        break;
    }
  };
  level_change(from, -1);
  level_change(to, +1);
  if (options_.truth != nullptr) {
    CustodyTransfer transfer;
    transfer.person_id = PersonId(person);
    const int stable_hint = static_cast<int>(person);
    if (InCustody(from)) {
      int hint = from == Place::kIceFamily && p.family != kNoFamily
                     ? families_[p.family].ice_family_facility
                     : stable_hint;
      transfer.releasing = Custody{AgencyOfPlace(from), FacilityFor(person, from, hint)};
    }
    if (InCustody(to)) {
      int hint = to == Place::kIceFamily && p.family != kNoFamily
                     ? families_[p.family].ice_family_facility
                     : stable_hint;
      transfer.receiving = Custody{AgencyOfPlace(to), FacilityFor(person, to, hint)};
    }
    Emit(std::move(transfer));
  }
}

std::string Model::PersonId(PersonIndex person) const { return fmt::format("P{:07d}", person + 1); }

std::string Model::FamilyId(FamilyIndex family) const { return fmt::format("F{:06d}", family + 1); }

Timestamp Model::ToTimestamp(double hours) const {
  return StartOfDay(s_.start) +
         std::chrono::seconds(static_cast<std::int64_t>(std::floor(hours * 3600.0)));
}

Date Model::DayOf(double hours) const {
  return s_.start + std::chrono::days(static_cast<int>(std::floor(hours / 24.0)));
}

int Model::DayIndex(double hours) const { return static_cast<int>(std::floor(hours / 24.0)); }

void Model::DeclarePerson(PersonIndex person) {
  if (options_.truth == nullptr) return;
  const SimPerson& p = people_[person];
  Person out;
  out.person_id = PersonId(person);
  out.sex = p.female ? Sex::kFemale : Sex::kMale;
  // Birth date: `age` whole years before apprehension, on a day drawn from the person's index
  // (no random draw, so the truth stream does not change the model's random sequence).
  const Date apprehended = DayOf(p.apprehended_at);
  const int day_in_year = static_cast<int>((person * 2654435761u) % 365);
  const Date birth = apprehended - std::chrono::days(p.age * 365 + p.age / 4 + day_in_year);
  const std::chrono::year_month_day ymd(birth);
  auto date = PartialDate::Make(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                static_cast<unsigned>(ymd.day()));
  if (date.ok()) out.birth_date = *date;
  const auto& nationalities = p.family != kNoFamily ? s_.arrivals.family_nationality.items()
                                                    : s_.arrivals.single_adult_nationality.items();
  out.citizenship = nationalities[p.nationality];
  out.language = "spa";
  options_.truth->DeclarePerson(out);
}

void Model::DeclareFamily(FamilyIndex family, const std::vector<RelationshipKind>& kinds) {
  if (options_.truth == nullptr) return;
  const FamilyRecord& f = families_[family];
  FamilyUnit unit;
  unit.family_unit_id = FamilyId(family);
  std::vector<ParentChildAssociation> relationships;
  for (int i = 0; i < f.adults + f.children; ++i) {
    DeclarePerson(f.first + i);
    unit.members.push_back(PersonId(f.first + i));
  }
  size_t k = 0;
  for (int a = 0; a < f.adults; ++a) {
    for (int c = 0; c < f.children; ++c) {
      relationships.push_back(
          {PersonId(f.first + a), PersonId(f.first + f.adults + c), kinds[k++ % kinds.size()]});
    }
  }
  options_.truth->DeclareFamily(unit, relationships);
}

}  // namespace kinlink::sim::pipeline_detail
