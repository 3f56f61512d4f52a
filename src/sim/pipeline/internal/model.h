// The pipeline model's internals: one replication's state and its processes. Internal to
// src/sim/pipeline (the public surface is pipeline_model.h). Time is in hours from the scenario's
// start. The processes are split over model_arrivals.cc (arrivals, families, single adults),
// model_prosecution.cc (referral, US Attorney, Marshals, court, ICE), model_separation.cc
// (separated children, ORR, reunification, the court order) and model_output.cc (metrics).
#ifndef KINLINK_SIM_PIPELINE_INTERNAL_MODEL_H_
#define KINLINK_SIM_PIPELINE_INTERNAL_MODEL_H_

#include <array>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/engine.h"
#include "sim/pipeline/internal/person_group.h"
#include "sim/pipeline/pipeline_model.h"
#include "sim/pipeline/population.h"
#include "sim/pipeline/truth_writer.h"
#include "sim/scenario/scenario.h"

namespace kinlink::sim::pipeline_detail {

inline constexpr std::uint32_t kNone = 0xffffffffu;

// A scenario distribution converted to the engine's, with the factor that turns it into hours.
struct HoursDistribution {
  Distribution distribution;
  double hours_per_unit = 1;
  double Sample(Rng& rng) const;
};
HoursDistribution ToHours(const DistributionSpec& spec, double hours_per_unit);

struct FamilyRecord {
  PersonIndex first = 0;  // adults first, then children
  std::uint8_t adults = 0;
  std::uint8_t children = 0;
  Sector sector = Sector::kRioGrandeValley;
  District district = District::kSdTex;
  std::uint8_t ice_family_facility = 0;
};

// An adult referred for prosecution, and what follows them.
struct DefendantRecord {
  PersonIndex person = 0;
  District district = District::kSdTex;
  bool prosecuted = false;
  bool time_served = false;
  bool removed = false;
  bool children_waiting_in_cbp = false;  // reunify-at-sentencing: the children wait at the station
  std::unique_ptr<Event> out_of_usms;    // triggered when criminal custody ends (or never began)
  std::unique_ptr<Event> separations_closed;  // triggered when no separation of theirs is open
  std::vector<std::uint32_t> separations;     // case indices
  int open_cases = 0;
  PersonGroup children_with_me;      // reunified children who follow the parent
  std::uint32_t ice_generation = 0;  // bumped when a reunification takes the ICE stage over
  // The ICE outcome, drawn once when the adult first enters ICE custody.
  bool outcome_drawn = false;
  bool outcome_removal = false;
  double outcome_at = 0;
  int open_separations() const;
};

enum class CaseState : std::uint8_t { kOpen, kReunified, kReleasedToSponsor, kReunifiedAbroad };

struct SeparationCase {
  PersonIndex child = 0;
  PersonIndex parent = 0;
  std::uint32_t defendant = 0;
  double separated_at = 0;
  double ended_at = -1;
  bool linked = true;    // the parent-child link is in the records
  bool attempt = false;  // without an order: a reunification will be attempted
  bool young = false;    // under the order's young age at separation
  bool in_order_scope = false;
  bool in_orr = false;  // placed in an ORR bed (else still at the CBP station)
  bool orr_referred = false;
  CaseState state = CaseState::kOpen;
  ProcessHandle child_process;
};

// Model-level interrupt causes.
enum InterruptCause : int { kReunified = 1 };

class Model {
 public:
  Model(const Scenario& scenario, const PipelineRunOptions& options);
  ReplicationOutput Run();

 private:
  // ---- model_arrivals.cc ----
  Process ArrivalStream(bool families);
  Process FamilyJourney(FamilyIndex family);
  Process SingleAdultJourney(PersonIndex person);
  PersonIndex NewPerson(const SimPerson& person);
  FamilyIndex NewFamily(Sector sector);
  Sector DrawSector(bool family);
  District DistrictFor(Sector sector);
  bool CourtOrderStopsSeparations() const;

  // ---- model_prosecution.cc ----
  // Refers an adult; decides prosecution at once. Returns the defendant record.
  std::uint32_t Refer(PersonIndex adult, District district, bool parent);
  Process DefendantJourney(std::uint32_t defendant);
  double BookHearing(District district, double now, int* group_size_slot);
  // ICE custody of an adult and the children following them (empty for a single adult).
  // Puts a group (group[0] the adult whose case decides; then other adults and children) in ICE
  // family or adult detention, or releases it when the beds are full; then awaits the outcome.
  void StartIceStage(PersonGroup group, std::uint32_t defendant);
  Process IceOutcome(PersonGroup group, std::uint32_t defendant);
  // Draws credible fear and removal once: whether the adult is removed, and when (hours).
  std::pair<bool, double> DrawIceOutcome(double now);
  void RemoveGroup(const PersonGroup& group, std::uint32_t defendant);
  void ReleaseGroup(const PersonGroup& group);

  // ---- model_separation.cc ----
  void Separate(FamilyIndex family, std::uint32_t defendant, bool children_wait_in_cbp);
  Process SeparatedChildJourney(std::uint32_t case_index);
  // Reunify at sentencing: the children of `defendant` wait at the station for the parent.
  Process StationWait(std::uint32_t defendant, FamilyIndex family);
  Process ReunificationAttempt(std::uint32_t case_index, bool ordered);
  Process CourtOrder();
  void Reunify(std::uint32_t case_index);
  void ReunifyAbroad(std::uint32_t case_index);
  void CloseCase(std::uint32_t case_index, CaseState state);
  void ReferToOrr(std::uint32_t case_index);

  // ---- movement, events, truth (model_truth.cc) ----
  // Moves a person (the one-place invariant, occupancy monitors, the 72-hour count, and a
  // CustodyTransfer in the truth stream). ORR shelters are chosen from the person's index.
  void Move(PersonIndex person, Place to);
  const std::string& FacilityFor(PersonIndex person, Place place, int hint) const;
  void DeclareFacilities();
  void DeclarePerson(PersonIndex person);
  void DeclareFamily(FamilyIndex family, const std::vector<RelationshipKind>& kinds);
  template <class Payload>
  void Emit(Payload payload);
  std::string PersonId(PersonIndex person) const;
  std::string FamilyId(FamilyIndex family) const;
  Timestamp ToTimestamp(double hours) const;
  Date DayOf(double hours) const;
  int DayIndex(double hours) const;

  // ---- model_output.cc ----
  ReplicationOutput Collect();

  const Scenario& s_;
  PipelineRunOptions options_;
  Simulation sim_;
  Rng arrival_rng_;
  Rng people_rng_;
  Rng decision_rng_;
  Rng duration_rng_;
  double end_hours_ = 0;
  double order_hours_ = -1;  // the court order's time, when there is one

  Population people_;
  std::vector<FamilyRecord> families_;
  std::vector<DefendantRecord> defendants_;
  std::vector<SeparationCase> cases_;
  std::vector<std::uint32_t> defendant_of_;  // per person, kNone when never referred
  std::vector<std::uint32_t> case_of_;       // per person (child), kNone when never separated

  // Converted distributions (hours).
  HoursDistribution processing_, family_hold_, adult_hold_, custody_days_, transfer_,
      credible_fear_, removal_, adult_release_, placement_, length_of_care_, locate_,
      unlinked_locate_, arrange_, order_locate_, order_unlinked_locate_, order_arrange_,
      removed_parent_, single_age_, adult_age_;

  // Capacities and occupancy.
  std::unique_ptr<Resource> orr_beds_;
  std::array<LevelMonitor, kDistrictCount> usms_;
  LevelMonitor usms_total_, orr_, cbp_, ice_adult_, ice_family_, separated_in_custody_;
  std::int64_t ice_adult_in_use_ = 0, ice_family_in_use_ = 0;
  std::vector<std::array<int, kDistrictCount>> intake_;  // per day
  std::vector<std::array<int, kDistrictCount>> docket_;  // booked per day

  // Counters and per-day series.
  std::vector<TimeSeries> series_;
  std::vector<std::string> series_names_;
  TimeSeries& Series(int id) { return series_[id]; }
  std::array<std::int64_t, kDistrictCount> prosecutions_{}, declinations_{},
      capacity_declinations_{};
  std::int64_t children_over_limit_ = 0, parents_removed_child_in_orr_ = 0;
  std::int64_t order_young_scope_ = 0, order_young_met_ = 0, order_older_scope_ = 0,
               order_older_met_ = 0, reunified_at_station_ = 0;
  double hours_apprehension_ = 0, hours_referral_ = 0, hours_transport_ = 0, hours_separation_ = 0,
         hours_reunification_ = 0;

  // Truth.
  std::uint64_t next_event_id_ = 0;
  std::vector<std::string> facility_ids_;
  std::vector<Facility> facilities_;
};

// Per-day series ids (names in model_output.cc).
enum SeriesId : int {
  kApprehensions,
  kFamilyMembersApprehended,
  kFamilyUnitsApprehended,
  kSingleAdultsApprehended,
  kReferrals,
  kFamilyAdultsReferred,
  kFamilyUnitsWithAdultReferred,
  kFamilyMembersWithAdultReferred,
  kProsecutions,
  kDeclinations,
  kChildrenSeparated,
  kParentsSeparated,
  kOrrReferralsSeparated,
  kReunifications,
  kReleasesToSponsor,
  kRemovals,
  kParentsRemovedChildInOrr,
  kSeriesCount,
};

// Facility slots (indices into Model::facility_ids_).
inline constexpr int kStationFacility = 0;                             // + sector
inline constexpr int kUsmsFacility = kStationFacility + kSectorCount;  // + district
inline constexpr int kCourtFacility = kUsmsFacility + kDistrictCount;  // + district
inline constexpr int kUsaoFacility = kCourtFacility + kDistrictCount;  // + district
inline constexpr int kIceAdultFacility = kUsaoFacility + kDistrictCount;
inline constexpr int kIceFamilyFacility = kIceAdultFacility + 1;  // + 0..2
inline constexpr int kIceFamilyFacilities = 3;
inline constexpr int kOrrFacility = kIceFamilyFacility + kIceFamilyFacilities;  // + 0..3
inline constexpr int kOrrFacilities = 4;
inline constexpr int kFacilityCount = kOrrFacility + kOrrFacilities;

template <class Payload>
void Model::Emit(Payload payload) {
  if (options_.truth == nullptr) return;
  kinlink::Event event;
  char id[24];
  std::snprintf(id, sizeof id, "E%09llu", static_cast<unsigned long long>(++next_event_id_));
  event.event_id = id;
  event.effective_at = ToTimestamp(sim_.Now());
  event.actor = "kinlink-sim";
  event.payload = std::move(payload);
  options_.truth->Emit(event);
}

}  // namespace kinlink::sim::pipeline_detail

#endif  // KINLINK_SIM_PIPELINE_INTERNAL_MODEL_H_
