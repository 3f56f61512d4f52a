// The facts an agency record is rendered from, collected by the synthesizer while the events
// that make up the record stream past (a booking opens at one event and closes at another).
//
// A draft holds only true values and truth ids; the renderer (record_renderer.h) turns it into a
// row with errors. `opened` orders drafts that are still open at the end of a run.
//
// Thread safety: plain values.
#ifndef KINLINK_SYNTH_RECORD_DRAFTS_H_
#define KINLINK_SYNTH_RECORD_DRAFTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/agency.h"
#include "core/civil_time.h"
#include "core/event.h"
#include "synth/person_registry.h"

namespace kinlink::synth {

// The e3 detention module's book-out: the first custody change after the apprehension.
struct CbpBookOut {
  Timestamp at;
  std::string disposition;  // "TRANSFER_USMS", "TRANSFER_ICE", "TRANSFER_ORR", "RELEASED", ...
  std::string event_id;     // the truth's custody_transfer releasing CBP
};

struct CbpDraft {
  PersonIndex person = 0;
  FamilyIndex family = kNoFamily;  // the unit the apprehension was recorded under
  Timestamp apprehended;
  Sector sector = Sector::kRioGrandeValley;
  std::string station;  // facility name, or id when unnamed
  std::vector<std::string> event_ids;
  uint64_t opened = 0;
  std::optional<CbpBookOut> book_out;  // set once the person leaves CBP
  bool removal_seen = false;           // a removal while still in CBP: the book-out is a return
};

struct DocketDraft {
  PersonIndex person = 0;
  std::string case_number;
  District district = District::kSdTex;
  Statute statute = Statute::kIllegalEntry1325;
  int defendants = 1;
  Timestamp hearing;
  std::optional<Timestamp> sentenced;
  std::optional<Disposition> disposition;
  int custody_days = 0;
  std::vector<std::string> event_ids;
  uint64_t opened = 0;
};

struct UsmsDraft {
  PersonIndex person = 0;
  std::string facility;  // name
  std::optional<District> district;
  std::string case_number;
  Timestamp booked;
  std::optional<Timestamp> released;
  std::string released_to;  // "ICE", "CBP", "ORR", "RELEASED"
  std::vector<std::string> event_ids;
  uint64_t opened = 0;
};

struct IceDraft {
  PersonIndex person = 0;
  std::string facility;
  bool family_facility = false;
  std::optional<Timestamp> book_in;
  std::optional<Timestamp> book_out;
  std::string book_out_reason;  // "REMOVED", "TRANSFERRED", "RELEASED"
  std::optional<Timestamp> removed;
  std::string removal_country;
  int accompanying_children = 0;
  std::vector<std::string> event_ids;
  uint64_t opened = 0;
};

struct OrrReferralFacts {
  Timestamp referred;
  Agency referring_agency = Agency::kCbp;
  bool separated = false;
  std::optional<PersonIndex> parent;
};

struct OrrDraft {
  PersonIndex child = 0;
  std::string program;
  std::optional<OrrReferralFacts> referral;
  Timestamp admitted;
  std::optional<Timestamp> discharged;
  std::string discharge_type;
  std::vector<std::string> event_ids;
  uint64_t opened = 0;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_RECORD_DRAFTS_H_
