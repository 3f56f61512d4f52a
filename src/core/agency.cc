#include "core/agency.h"

#include "core/enum_table.h"

namespace kinlink {
namespace {

using internal::EnumEntry;

constexpr EnumEntry<Agency> kAgencyCodes[] = {{Agency::kCbp, "cbp"},   {Agency::kUsao, "usao"},
                                              {Agency::kUsms, "usms"}, {Agency::kCourt, "court"},
                                              {Agency::kIce, "ice"},   {Agency::kOrr, "orr"},
                                              {Agency::kNgo, "ngo"}};
constexpr EnumEntry<Agency> kAgencyNames[] = {
    {Agency::kCbp, "Border Patrol (CBP)"},
    {Agency::kUsao, "US Attorney (DOJ)"},
    {Agency::kUsms, "US Marshals Service (DOJ)"},
    {Agency::kCourt, "Federal court"},
    {Agency::kIce, "ICE (DHS)"},
    {Agency::kOrr, "Office of Refugee Resettlement (HHS)"},
    {Agency::kNgo, "NGO"}};

constexpr EnumEntry<Sector> kSectorCodes[] = {{Sector::kSanDiego, "san_diego"},
                                              {Sector::kElCentro, "el_centro"},
                                              {Sector::kYuma, "yuma"},
                                              {Sector::kTucson, "tucson"},
                                              {Sector::kElPaso, "el_paso"},
                                              {Sector::kBigBend, "big_bend"},
                                              {Sector::kDelRio, "del_rio"},
                                              {Sector::kLaredo, "laredo"},
                                              {Sector::kRioGrandeValley, "rio_grande_valley"}};
constexpr EnumEntry<Sector> kSectorNames[] = {{Sector::kSanDiego, "San Diego"},
                                              {Sector::kElCentro, "El Centro"},
                                              {Sector::kYuma, "Yuma"},
                                              {Sector::kTucson, "Tucson"},
                                              {Sector::kElPaso, "El Paso"},
                                              {Sector::kBigBend, "Big Bend"},
                                              {Sector::kDelRio, "Del Rio"},
                                              {Sector::kLaredo, "Laredo"},
                                              {Sector::kRioGrandeValley, "Rio Grande Valley"}};

constexpr EnumEntry<District> kDistrictCodes[] = {{District::kSdCal, "sd_cal"},
                                                  {District::kDAriz, "d_ariz"},
                                                  {District::kDNm, "d_nm"},
                                                  {District::kWdTex, "wd_tex"},
                                                  {District::kSdTex, "sd_tex"}};
constexpr EnumEntry<District> kDistrictNames[] = {{District::kSdCal, "S.D. Cal."},
                                                  {District::kDAriz, "D. Ariz."},
                                                  {District::kDNm, "D.N.M."},
                                                  {District::kWdTex, "W.D. Tex."},
                                                  {District::kSdTex, "S.D. Tex."}};

constexpr EnumEntry<FacilityKind> kFacilityKindCodes[] = {
    {FacilityKind::kBorderPatrolStation, "border_patrol_station"},
    {FacilityKind::kCbpCentralProcessing, "cbp_central_processing"},
    {FacilityKind::kUsAttorneyOffice, "us_attorney_office"},
    {FacilityKind::kUsmsJail, "usms_jail"},
    {FacilityKind::kCourthouse, "courthouse"},
    {FacilityKind::kIceAdultDetention, "ice_adult_detention"},
    {FacilityKind::kIceFamilyResidential, "ice_family_residential"},
    {FacilityKind::kOrrShelter, "orr_shelter"},
    {FacilityKind::kOrrFosterCare, "orr_foster_care"},
    {FacilityKind::kNgoShelter, "ngo_shelter"}};

constexpr District kSanDiegoDistricts[] = {District::kSdCal};
constexpr District kArizonaDistricts[] = {District::kDAriz};
constexpr District kElPasoDistricts[] = {District::kDNm, District::kWdTex};
constexpr District kWesternTexasDistricts[] = {District::kWdTex};
constexpr District kSouthernTexasDistricts[] = {District::kSdTex};

}  // namespace

std::string_view ToString(Agency v) { return internal::CodeOf<Agency>(kAgencyCodes, v); }
std::string_view ToString(Sector v) { return internal::CodeOf<Sector>(kSectorCodes, v); }
std::string_view ToString(District v) { return internal::CodeOf<District>(kDistrictCodes, v); }
std::string_view ToString(FacilityKind v) {
  return internal::CodeOf<FacilityKind>(kFacilityKindCodes, v);
}
std::string_view DisplayName(Agency v) { return internal::CodeOf<Agency>(kAgencyNames, v); }
std::string_view DisplayName(Sector v) { return internal::CodeOf<Sector>(kSectorNames, v); }
std::string_view DisplayName(District v) { return internal::CodeOf<District>(kDistrictNames, v); }

Result<Agency> ParseAgency(std::string_view code) {
  return internal::ParseCode<Agency>(kAgencyCodes, code, "agency");
}
Result<Sector> ParseSector(std::string_view code) {
  return internal::ParseCode<Sector>(kSectorCodes, code, "sector");
}
Result<District> ParseDistrict(std::string_view code) {
  return internal::ParseCode<District>(kDistrictCodes, code, "district");
}
Result<FacilityKind> ParseFacilityKind(std::string_view code) {
  return internal::ParseCode<FacilityKind>(kFacilityKindCodes, code, "facility kind");
}

std::span<const District> DistrictsForSector(Sector sector) {
  switch (sector) {
    case Sector::kSanDiego:
    case Sector::kElCentro:
      return kSanDiegoDistricts;
    case Sector::kYuma:
    case Sector::kTucson:
      return kArizonaDistricts;
    case Sector::kElPaso:
      return kElPasoDistricts;
    case Sector::kBigBend:
    case Sector::kDelRio:
      return kWesternTexasDistricts;
    case Sector::kLaredo:
    case Sector::kRioGrandeValley:
      return kSouthernTexasDistricts;
  }
  return kSouthernTexasDistricts;
}

Agency AgencyOf(FacilityKind kind) {
  switch (kind) {
    case FacilityKind::kBorderPatrolStation:
    case FacilityKind::kCbpCentralProcessing:
      return Agency::kCbp;
    case FacilityKind::kUsAttorneyOffice:
      return Agency::kUsao;
    case FacilityKind::kUsmsJail:
      return Agency::kUsms;
    case FacilityKind::kCourthouse:
      return Agency::kCourt;
    case FacilityKind::kIceAdultDetention:
    case FacilityKind::kIceFamilyResidential:
      return Agency::kIce;
    case FacilityKind::kOrrShelter:
    case FacilityKind::kOrrFosterCare:
      return Agency::kOrr;
    case FacilityKind::kNgoShelter:
      return Agency::kNgo;
  }
  return Agency::kNgo;
}

}  // namespace kinlink
