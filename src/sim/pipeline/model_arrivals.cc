// Arrivals per sector, and the first stages of a family unit's and a single adult's journey:
// apprehension, CBP processing, the referral decision, CBP holding.
#include <algorithm>
#include <cmath>

#include "sim/pipeline/internal/model.h"

namespace kinlink::sim::pipeline_detail {

Process Model::ArrivalStream(bool families) {
  const Schedule& rate =
      families ? s_.arrivals.family_units_per_day : s_.arrivals.single_adults_per_day;
  Rng times_rng = RandomStreams(options_.seed).Stream(options_.replication, families ? 4 : 5);
  std::vector<double> times;
  for (int day = 0; day < s_.days(); ++day) {
    const double per_day = rate.ValueOn(s_.start + std::chrono::days(day));
    const auto n = static_cast<std::size_t>(arrival_rng_.Poisson(per_day));
    times.resize(n);
    for (auto& t : times) t = day * 24.0 + times_rng.Uniform(0, 24.0);
    std::sort(times.begin(), times.end());
    for (double t : times) {
      co_await sim_.WaitUntil(t);
      if (families) {
        sim_.Spawn(FamilyJourney(NewFamily(DrawSector(true))));
      } else {
        SimPerson p;
        p.age = static_cast<std::uint8_t>(std::clamp(single_age_.Sample(people_rng_), 18.0, 80.0));
        p.female = people_rng_.Bernoulli(s_.arrivals.single_adult_female_share);
        // The index of the sampled code (the model only ever reads the code back through it).
        p.nationality = static_cast<std::uint8_t>(
            s_.arrivals.single_adult_nationality.SampleIndex(people_rng_.Uniform01()));
        p.sector = DrawSector(false);
        p.district = DistrictFor(p.sector);
        PersonIndex person = NewPerson(p);
        if (options_.truth != nullptr) {
          DeclarePerson(person);
          Emit(Apprehension{PersonId(person), std::nullopt, p.sector,
                            facility_ids_[kStationFacility + static_cast<int>(p.sector)]});
          Emit(CustodyTransfer{PersonId(person), std::nullopt,
                               Custody{Agency::kCbp, FacilityFor(person, Place::kCbp, 0)}, ""});
        }
        Series(kSingleAdultsApprehended).Add(sim_.Now());
        sim_.Spawn(SingleAdultJourney(person));
      }
    }
  }
}

Sector Model::DrawSector(bool family) {
  const auto& shares =
      family ? s_.arrivals.family_sector_share : s_.arrivals.single_adult_sector_share;
  double u = people_rng_.Uniform01();
  for (int i = 0; i < kSectorCount; ++i) {
    if (u < shares[i]) return kAllSectors[i];
    u -= shares[i];
  }
  for (int i = kSectorCount - 1; i >= 0; --i) {
    if (shares[i] > 0) return kAllSectors[i];
  }
  return Sector::kRioGrandeValley;
}

District Model::DistrictFor(Sector sector) {
  auto districts = DistrictsForSector(sector);
  if (districts.size() == 1) return districts[0];
  return people_rng_.Bernoulli(s_.arrivals.el_paso_new_mexico_share) ? districts[0] : districts[1];
}

PersonIndex Model::NewPerson(const SimPerson& person) {
  PersonIndex index = people_.Add(person, Place::kCbp, sim_.Now());
  cbp_.Add(sim_.Now(), 1);
  defendant_of_.push_back(kNone);
  case_of_.push_back(kNone);
  hours_apprehension_ += s_.agent_hours.apprehension;
  Series(kApprehensions).Add(sim_.Now());
  return index;
}

FamilyIndex Model::NewFamily(Sector sector) {
  const FamilyComposition& c = s_.arrivals.family;
  FamilyRecord f;
  f.sector = sector;
  f.district = DistrictFor(sector);
  f.adults = static_cast<std::uint8_t>(c.adults.Sample(people_rng_.Uniform01()));
  f.children = static_cast<std::uint8_t>(c.children.Sample(people_rng_.Uniform01()));
  f.ice_family_facility = static_cast<std::uint8_t>(people_rng_.Below(kIceFamilyFacilities));
  const auto nationality = static_cast<std::uint8_t>(
      s_.arrivals.family_nationality.SampleIndex(people_rng_.Uniform01()));
  const auto family = static_cast<FamilyIndex>(families_.size());
  for (int i = 0; i < f.adults + f.children; ++i) {
    SimPerson p;
    p.family = family;
    p.child = i >= f.adults;
    p.age = p.child
                ? static_cast<std::uint8_t>(c.child_age.Sample(people_rng_.Uniform01()))
                : static_cast<std::uint8_t>(std::clamp(adult_age_.Sample(people_rng_), 18.0, 80.0));
    p.female = p.child ? people_rng_.Bernoulli(0.5) : people_rng_.Bernoulli(c.adult_female_share);
    p.nationality = nationality;
    p.sector = sector;
    p.district = f.district;
    PersonIndex index = NewPerson(p);
    if (i == 0) f.first = index;
  }
  // Adults and children are drawn independently; an adult drawn too young to be the parent of
  // the oldest child is aged to 15-25 years older than that child (no extra draw, so every random
  // stream is unchanged), which keeps the truth's parent-child age gaps plausible.
  constexpr int kMinParentGapYears = 15;
  int oldest_child = -1;
  for (int c = 0; c < f.children; ++c) {
    oldest_child = std::max<int>(oldest_child, people_[f.first + f.adults + c].age);
  }
  for (int a = 0; oldest_child >= 0 && a < f.adults; ++a) {
    SimPerson& adult = people_[f.first + a];
    if (adult.age < oldest_child + kMinParentGapYears) {
      adult.age = static_cast<std::uint8_t>(
          std::min(80, oldest_child + kMinParentGapYears + (adult.age - 18) % 11));
    }
  }
  families_.push_back(f);
  Series(kFamilyUnitsApprehended).Add(sim_.Now());
  Series(kFamilyMembersApprehended).Add(sim_.Now(), f.adults + f.children);
  // Drawn whether or not a truth stream is written, so writing one does not change the run.
  std::vector<RelationshipKind> kinds;
  for (int k = 0; k < f.adults * f.children; ++k) {
    const RelationshipKind kind = c.relationship.Sample(people_rng_.Uniform01());
    if (options_.truth != nullptr) kinds.push_back(kind);
  }
  if (options_.truth != nullptr) {
    DeclareFamily(family, kinds);
    for (int i = 0; i < f.adults + f.children; ++i) {
      const PersonIndex person = f.first + i;
      Emit(Apprehension{PersonId(person), FamilyId(family), sector,
                        facility_ids_[kStationFacility + static_cast<int>(sector)]});
      Emit(CustodyTransfer{PersonId(person), std::nullopt,
                           Custody{Agency::kCbp, FacilityFor(person, Place::kCbp, 0)}, ""});
    }
  }
  return family;
}

bool Model::CourtOrderStopsSeparations() const {
  return s_.court_order && s_.court_order->stops_separations && order_hours_ >= 0 &&
         sim_.Now() >= order_hours_;
}

Process Model::FamilyJourney(FamilyIndex family) {
  co_await sim_.Timeout(processing_.Sample(duration_rng_));
  const FamilyRecord f = families_[family];
  const Date today = DayOf(sim_.Now());
  double share = CourtOrderStopsSeparations() ? 0.0 : s_.referral.ParentShare(today, f.sector);
  const int exclude_under = s_.referral.exclude_parents_of_children_under;
  for (int c = 0; c < f.children && exclude_under > 0; ++c) {
    if (people_[f.first + f.adults + c].age < exclude_under) share = 0;
  }
  std::vector<std::uint32_t> referred;
  for (int a = 0; a < f.adults; ++a) {
    if (share > 0 && decision_rng_.Bernoulli(share)) {
      referred.push_back(Refer(f.first + a, f.district, /*parent=*/true));
    }
  }
  PersonGroup staying;  // adults who stay with the children
  for (int a = 0; a < f.adults; ++a) {
    std::uint32_t d = defendant_of_[f.first + a];
    if (d == kNone || !defendants_[d].prosecuted) staying.push_back(f.first + a);
  }
  if (!referred.empty()) {
    Series(kFamilyUnitsWithAdultReferred).Add(sim_.Now());
    Series(kFamilyMembersWithAdultReferred).Add(sim_.Now(), f.adults + f.children);
  }
  const bool all_referred = static_cast<int>(referred.size()) == f.adults && f.adults > 0;
  const bool separate =
      all_referred && (s_.referral.separate_at == SeparateAt::kReferral || staying.empty());
  if (separate) {
    const std::uint32_t primary = referred.front();
    const bool wait_at_station = s_.reunification.at_sentencing && defendants_[primary].prosecuted;
    Separate(family, primary, wait_at_station);
    for (std::uint32_t d : referred) {
      if (defendants_[d].prosecuted) {
        sim_.Spawn(DefendantJourney(d));
      } else {
        // Declined, but the children are gone: the adult goes on to ICE alone.
        co_await sim_.Timeout(adult_hold_.Sample(duration_rng_));
        StartIceStage({defendants_[d].person}, d);
      }
    }
    co_return;
  }
  for (std::uint32_t d : referred) {
    if (defendants_[d].prosecuted) sim_.Spawn(DefendantJourney(d));
  }
  co_await sim_.Timeout(family_hold_.Sample(duration_rng_));
  PersonGroup group = staying;
  for (int c = 0; c < f.children; ++c) group.push_back(f.first + f.adults + c);
  const std::uint32_t leader = defendant_of_[group.front()];
  StartIceStage(std::move(group), leader);
}

Process Model::SingleAdultJourney(PersonIndex person) {
  co_await sim_.Timeout(processing_.Sample(duration_rng_));
  const SimPerson& p = people_[person];
  const double share = s_.referral.SingleAdultShare(DayOf(sim_.Now()), p.sector);
  std::uint32_t defendant = kNone;
  if (share > 0 && decision_rng_.Bernoulli(share)) {
    defendant = Refer(person, p.district, /*parent=*/false);
    if (defendants_[defendant].prosecuted) {
      sim_.Spawn(DefendantJourney(defendant));
      co_return;
    }
  }
  co_await sim_.Timeout(adult_hold_.Sample(duration_rng_));
  StartIceStage({person}, defendant);
}

}  // namespace kinlink::sim::pipeline_detail
