#include "synth/internal/agency_codes.h"

namespace kinlink::synth::detail {

std::string_view SectorCode(Sector sector) {
  switch (sector) {
    case Sector::kSanDiego:
      return "SDC";
    case Sector::kElCentro:
      return "ELC";
    case Sector::kYuma:
      return "YUM";
    case Sector::kTucson:
      return "TCA";
    case Sector::kElPaso:
      return "EPT";
    case Sector::kBigBend:
      return "BBT";
    case Sector::kDelRio:
      return "DRT";
    case Sector::kLaredo:
      return "LRT";
    case Sector::kRioGrandeValley:
      return "RGV";
  }
  return "UNK";
}

std::string_view UsmsDistrictSuffix(District district) {
  switch (district) {
    case District::kSdCal:
      return "298";
    case District::kDAriz:
      return "208";
    case District::kDNm:
      return "051";
    case District::kWdTex:
      return "180";
    case District::kSdTex:
      return "179";
  }
  return "000";
}

}  // namespace kinlink::synth::detail
