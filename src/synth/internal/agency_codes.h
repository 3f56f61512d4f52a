// Internal to src/synth: the codes agency layouts write for sectors and districts.
//
// Thread safety: constant tables.
#ifndef KINLINK_SYNTH_INTERNAL_AGENCY_CODES_H_
#define KINLINK_SYNTH_INTERNAL_AGENCY_CODES_H_

#include <string_view>

#include "core/agency.h"

namespace kinlink::synth::detail {

// Border Patrol sector codes: "SDC", "ELC", "YUM", "TCA", "EPT", "BBT", "DRT", "LRT", "RGV".
std::string_view SectorCode(Sector sector);
// The three-digit district suffix of a Marshals register number (kinlink's own codes).
std::string_view UsmsDistrictSuffix(District district);

}  // namespace kinlink::synth::detail

#endif  // KINLINK_SYNTH_INTERNAL_AGENCY_CODES_H_
