// Agencies, Border Patrol sectors, US Attorney districts and facilities of the pipeline.
//
// The codes are stable lower-case strings ("cbp", "rio_grande_valley", "sd_tex") used in files,
// JSON and the database; ToString / Parse* convert. Sector-to-district mapping follows
// ../shared/reference/pipeline.md; El Paso sector spans two districts (its New Mexico part goes
// to D.N.M., its Texas part to W.D. Tex.), so DistrictsForSector returns a list.
//
// Thread safety: values and free functions over constant tables.
#ifndef KINLINK_CORE_AGENCY_H_
#define KINLINK_CORE_AGENCY_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kinlink {

enum class Agency {
  kCbp,    // DHS Customs and Border Protection, Border Patrol
  kUsao,   // DOJ, a US Attorney's office
  kUsms,   // DOJ, US Marshals Service
  kCourt,  // federal district / magistrate court
  kIce,    // DHS Immigration and Customs Enforcement
  kOrr,    // HHS Office of Refugee Resettlement
  kNgo,    // a non-governmental organisation (legal aid, shelter)
};
inline constexpr Agency kAllAgencies[] = {Agency::kCbp,   Agency::kUsao, Agency::kUsms,
                                          Agency::kCourt, Agency::kIce,  Agency::kOrr,
                                          Agency::kNgo};

enum class Sector {
  kSanDiego,
  kElCentro,
  kYuma,
  kTucson,
  kElPaso,
  kBigBend,
  kDelRio,
  kLaredo,
  kRioGrandeValley,
};
inline constexpr Sector kAllSectors[] = {
    Sector::kSanDiego, Sector::kElCentro, Sector::kYuma,   Sector::kTucson,         Sector::kElPaso,
    Sector::kBigBend,  Sector::kDelRio,   Sector::kLaredo, Sector::kRioGrandeValley};

enum class District {
  kSdCal,  // Southern District of California
  kDAriz,  // District of Arizona
  kDNm,    // District of New Mexico
  kWdTex,  // Western District of Texas
  kSdTex,  // Southern District of Texas
};
inline constexpr District kAllDistricts[] = {District::kSdCal, District::kDAriz, District::kDNm,
                                             District::kWdTex, District::kSdTex};

enum class FacilityKind {
  kBorderPatrolStation,
  kCbpCentralProcessing,
  kUsAttorneyOffice,
  kUsmsJail,
  kCourthouse,
  kIceAdultDetention,
  kIceFamilyResidential,
  kOrrShelter,
  kOrrFosterCare,
  kNgoShelter,
};

std::string_view ToString(Agency agency);
std::string_view ToString(Sector sector);
std::string_view ToString(District district);
std::string_view ToString(FacilityKind kind);
// Human names: "Border Patrol (CBP)", "Rio Grande Valley", "S.D. Tex.".
std::string_view DisplayName(Agency agency);
std::string_view DisplayName(Sector sector);
std::string_view DisplayName(District district);

Result<Agency> ParseAgency(std::string_view code);
Result<Sector> ParseSector(std::string_view code);
Result<District> ParseDistrict(std::string_view code);
Result<FacilityKind> ParseFacilityKind(std::string_view code);

// The US Attorney districts a sector's cases go to (one, or two for El Paso: NM first, then TX).
std::span<const District> DistrictsForSector(Sector sector);
// The agency that runs a kind of facility.
Agency AgencyOf(FacilityKind kind);

// A place where a person can be held or appear (NIEM nc:Facility).
struct Facility {
  std::string facility_id;  // stable code, e.g. "cbp-rgv-ursula"
  std::string name;
  FacilityKind kind = FacilityKind::kBorderPatrolStation;
  std::optional<Sector> sector;
  std::optional<District> district;
  std::optional<int> capacity;  // beds, when known

  Agency agency() const { return AgencyOf(kind); }
  friend bool operator==(const Facility&, const Facility&) = default;
};

}  // namespace kinlink

#endif  // KINLINK_CORE_AGENCY_H_
