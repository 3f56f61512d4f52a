// Scenario: every input of one run of the border-prosecution pipeline model.
//
// A Scenario is a plain value read from a TOML file (see scenario_loader.h and
// docs/scenarios.md, which documents every key with its unit and default). It holds only INPUTS:
// arrival rates, shares, capacities, durations, policy dates. Published figures the model is
// compared with live in scenarios/calibration.toml, never here.
//
// Units: durations carry their unit in the field name (`_hours`, `_days`); rates are per day;
// shares and probabilities are in [0, 1]; dates are calendar days (UTC midnight).
//
//   KINLINK_ASSIGN_OR_RETURN(Scenario s, LoadScenarioFile("scenarios/zero-tolerance-2018.toml"));
//   double parents = s.referral.ParentShare(date, Sector::kYuma);
//
// Thread safety: a value; const access from several threads (parallel replications) is safe.
#ifndef KINLINK_SIM_SCENARIO_SCENARIO_H_
#define KINLINK_SIM_SCENARIO_SCENARIO_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/agency.h"
#include "core/civil_time.h"
#include "core/event.h"
#include "core/family.h"
#include "sim/scenario/distribution.h"

namespace kinlink::sim {

inline constexpr int kSectorCount = 9;
inline constexpr int kDistrictCount = 5;

// A piecewise-constant daily quantity: each point holds from its date until the next point.
struct Schedule {
  struct Point {
    Date from;
    double value = 0;
  };
  std::vector<Point> points;  // sorted by `from`; the first starts on or before the period

  double ValueOn(Date day) const;
  static Schedule Constant(Date from, double value) { return {{{from, value}}}; }
};

// Who arrives together and what they look like.
struct FamilyComposition {
  Categorical<int> adults;                     // adults per family unit (1 or 2)
  Categorical<int> children;                   // children per family unit (1..)
  Categorical<int> child_age;                  // age in whole years, 0..17
  Categorical<RelationshipKind> relationship;  // the TRUE relationship of each adult to each child
  double adult_female_share = 0.5;
  DistributionSpec adult_age_years = DistributionSpec::Uniform(18, 45);
};

struct ArrivalSettings {
  Schedule family_units_per_day;
  Schedule single_adults_per_day;
  std::array<double, kSectorCount> family_sector_share{};  // index = Sector
  std::array<double, kSectorCount> single_adult_sector_share{};
  double el_paso_new_mexico_share = 0.3;  // El Paso sector cases that go to D.N.M.
  FamilyComposition family;
  Categorical<std::string> family_nationality;  // ISO 3166-1 alpha-3, "other" -> "XXX"
  Categorical<std::string> single_adult_nationality;
  double single_adult_female_share = 0.15;
  DistributionSpec single_adult_age_years = DistributionSpec::Uniform(18, 50);
};

enum class SeparateAt { kReferral, kProsecution };

// A referral policy in force between two dates (until is exclusive), optionally in some sectors.
struct ReferralPeriod {
  std::string name;
  Date from;
  Date until;
  double single_adults = 0;     // share of single adults referred
  double parents = 0;           // share of adults in family units referred
  std::vector<Sector> sectors;  // empty: all sectors
};

struct ReferralSettings {
  double single_adults = 0;  // outside every period
  double parents = 0;        // outside every period
  std::vector<ReferralPeriod> periods;
  int exclude_parents_of_children_under = 0;  // age in years; 0 = nobody excluded
  double reentry_share = 0.2;                 // referred as 1326 felony re-entry
  SeparateAt separate_at = SeparateAt::kReferral;

  double SingleAdultShare(Date day, Sector sector) const;
  double ParentShare(Date day, Sector sector) const;
  const ReferralPeriod* PeriodOn(Date day, Sector sector) const;
};

// One US Attorney district: the office, the Marshals' beds and the magistrate court.
struct DistrictSettings {
  double decline_probability = 0.05;  // declined on non-capacity grounds
  Categorical<DeclinationReason> decline_reasons;
  int intake_per_day = 100;  // cases the office accepts a day; beyond it: capacity decline
  int usms_beds = 500;       // Marshals' contracted beds for these defendants
  double decline_above_usms_occupancy = 0;  // share of beds; 0 = never decline for USMS crowding
  int docket_per_day = 80;                  // defendants the magistrate court sees a day
  int hearing_size = 40;                    // defendants per (mass) hearing
};

struct CourtSettings {
  double hearing_hour = 9;          // hour of day the first hearing starts
  double hearing_length_hours = 2;  // one mass hearing
  double time_served_share = 0.8;   // sentences of time served
  DistributionSpec custody_days = DistributionSpec::Uniform(2, 14);   // otherwise
  DistributionSpec transfer_hours = DistributionSpec::Uniform(2, 8);  // CBP to USMS, court to ICE
  std::vector<int> court_days = {1, 2, 3, 4, 5};  // ISO weekdays with dockets (1 = Monday)
};

struct CbpSettings {
  DistributionSpec processing_hours = DistributionSpec::Triangular(2, 6, 24);
  DistributionSpec family_hold_hours = DistributionSpec::Triangular(12, 36, 96);
  DistributionSpec adult_hold_hours = DistributionSpec::Triangular(12, 30, 72);
  int holding_capacity = 6000;  // all Southwest stations (people)
  double child_hold_limit_hours = 72;
};

struct IceSettings {
  int family_beds = 3326;
  int adult_beds = 30000;
  double family_stay_limit_days = 20;  // families released after this if not removed
  double credible_fear_claim = 0.5;
  double credible_fear_positive = 0.75;
  DistributionSpec credible_fear_days = DistributionSpec::Triangular(7, 14, 30);
  DistributionSpec removal_days = DistributionSpec::Triangular(10, 25, 60);
  DistributionSpec adult_release_days =
      DistributionSpec::Triangular(3, 10, 30);  // after positive CF
};

struct OrrSettings {
  int beds = 14000;
  int background_occupancy = 0;  // beds taken by children not modelled one by one
  DistributionSpec placement_hours = DistributionSpec::Triangular(12, 48, 120);
  DistributionSpec length_of_care_days = DistributionSpec::Lognormal(90, 45);
  Categorical<SponsorCategory> sponsor;
};

struct ReunificationSettings {
  bool at_sentencing = false;         // parent returned to the family after time served
  double hold_child_max_hours = 72;   // at_sentencing: CBP keeps the child at most this long
  double link_recorded_share = 0.85;  // separations whose parent-child link is recorded
  double attempt_share = 0.1;         // without a court order: reunifications attempted
  DistributionSpec locate_days = DistributionSpec::Triangular(2, 7, 21);
  DistributionSpec unlinked_locate_days = DistributionSpec::Triangular(20, 60, 180);
  DistributionSpec arrange_days = DistributionSpec::Triangular(1, 4, 10);
};

struct CourtOrderSettings {
  Date date;
  int young_under_age = 5;
  int young_deadline_days = 14;
  int older_deadline_days = 30;
  bool stops_separations = true;
  DistributionSpec locate_days = DistributionSpec::Triangular(1, 5, 20);
  DistributionSpec unlinked_locate_days = DistributionSpec::Triangular(10, 40, 120);
  DistributionSpec arrange_days = DistributionSpec::Triangular(1, 3, 8);
  DistributionSpec removed_parent_days = DistributionSpec::Triangular(60, 150, 400);
};

// Border Patrol agent-hours each step costs; the prosecution steps are "diverted" hours.
struct AgentHourSettings {
  double apprehension = 1.5;     // per person processed
  double referral_packet = 3.0;  // per adult referred (prosecution packet)
  double court_transport = 2.0;  // per defendant taken to court
  double separation = 1.0;       // per child separated (paperwork, ORR referral)
  double reunification = 1.0;    // per reunification CBP takes part in
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source;  // the file it was read from ("" when read from a string)
  Date start;
  Date end;  // exclusive: the run covers [start, end)
  int warmup_days = 0;
  ArrivalSettings arrivals;
  ReferralSettings referral;
  std::array<DistrictSettings, kDistrictCount> districts{};  // index = District
  CourtSettings court;
  CbpSettings cbp;
  IceSettings ice;
  OrrSettings orr;
  ReunificationSettings reunification;
  std::optional<CourtOrderSettings> court_order;
  AgentHourSettings agent_hours;

  int days() const { return static_cast<int>((end - start).count()); }
};

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_SCENARIO_SCENARIO_H_
