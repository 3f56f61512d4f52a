// Referral, the US Attorney's decision, Marshals custody, the magistrate court's docket, the
// sentence, and ICE custody with credible fear, release or removal.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/pipeline/internal/model.h"

namespace kinlink::sim::pipeline_detail {

std::uint32_t Model::Refer(PersonIndex adult, District district, bool parent) {
  const auto index = static_cast<std::uint32_t>(defendants_.size());
  defendants_.emplace_back();
  DefendantRecord& rec = defendants_.back();
  rec.person = adult;
  rec.district = district;
  rec.out_of_usms = std::make_unique<Event>(sim_);
  if (parent) rec.separations_closed = std::make_unique<Event>(sim_);
  defendant_of_[adult] = index;
  const double now = sim_.Now();
  const int d = static_cast<int>(district);
  const Statute statute = decision_rng_.Bernoulli(s_.referral.reentry_share)
                              ? Statute::kIllegalReentry1326
                              : Statute::kIllegalEntry1325;
  Emit(Referral{PersonId(adult), district, statute});
  hours_referral_ += s_.agent_hours.referral_packet;
  Series(kReferrals).Add(now);
  if (parent) Series(kFamilyAdultsReferred).Add(now);

  const DistrictSettings& office = s_.districts[d];
  const auto day = static_cast<std::size_t>(std::max(0, DayIndex(now)));
  if (day >= intake_.size()) intake_.resize(day + 1);
  const int accepted_today = ++intake_[day][d];
  std::optional<DeclinationReason> reason;
  if (accepted_today > office.intake_per_day) {
    reason = DeclinationReason::kCapacity;
  } else if (office.decline_above_usms_occupancy > 0 &&
             usms_[d].level() >= office.decline_above_usms_occupancy * office.usms_beds) {
    reason = DeclinationReason::kCapacity;
  } else if (decision_rng_.Bernoulli(office.decline_probability)) {
    reason = office.decline_reasons.Sample(decision_rng_.Uniform01());
  }
  if (reason == DeclinationReason::kCapacity) --intake_[day][d];
  rec.prosecuted = !reason.has_value();
  Emit(ProsecutionDecision{PersonId(adult), district, rec.prosecuted, reason});
  if (rec.prosecuted) {
    ++prosecutions_[d];
    Series(kProsecutions).Add(now);
  } else {
    ++declinations_[d];
    if (reason == DeclinationReason::kCapacity) ++capacity_declinations_[d];
    Series(kDeclinations).Add(now);
    rec.out_of_usms->Trigger();  // never in criminal custody
  }
  return index;
}

double Model::BookHearing(District district, double now, int* slot_out) {
  const int d = static_cast<int>(district);
  const DistrictSettings& court = s_.districts[d];
  int day = DayIndex(now);
  if (now > day * 24.0 + s_.court.hearing_hour) ++day;  // today's hearings have started
  for (;;) {
    if (static_cast<std::size_t>(day) >= docket_.size()) docket_.resize(day + 30);
    const auto weekday = std::chrono::weekday(s_.start + std::chrono::days(day)).iso_encoding();
    const bool sits = std::find(s_.court.court_days.begin(), s_.court.court_days.end(),
                                static_cast<int>(weekday)) != s_.court.court_days.end();
    if (sits && docket_[day][d] < court.docket_per_day) break;
    ++day;
  }
  const int slot = docket_[day][d]++;
  *slot_out = slot;
  const int group = slot / court.hearing_size;
  return day * 24.0 + s_.court.hearing_hour + group * s_.court.hearing_length_hours;
}

Process Model::DefendantJourney(std::uint32_t defendant) {
  const PersonIndex person = defendants_[defendant].person;
  const District district = defendants_[defendant].district;
  const int d = static_cast<int>(district);
  co_await sim_.Timeout(transfer_.Sample(duration_rng_));
  Move(person, Place::kUsms);
  hours_transport_ += s_.agent_hours.court_transport;
  int slot = 0;
  const double hearing_at = BookHearing(district, sim_.Now(), &slot);
  co_await sim_.WaitUntil(hearing_at);
  const int day = DayIndex(hearing_at);
  const int size = s_.districts[d].hearing_size;
  const int group = slot / size;
  const int defendants_in_hearing = std::min(size, docket_[day][d] - group * size);
  const std::string case_number = fmt::format("{}-mj-{:07d}", ToString(district), defendant + 1);
  Emit(Hearing{PersonId(person), district, facility_ids_[kCourtFacility + d], case_number,
               defendants_in_hearing});
  co_await sim_.Timeout(s_.court.hearing_length_hours);
  const bool time_served = decision_rng_.Bernoulli(s_.court.time_served_share);
  const double custody = time_served ? 0.0 : custody_days_.Sample(duration_rng_);
  Emit(Sentence{PersonId(person), case_number,
                time_served ? Disposition::kTimeServed : Disposition::kCustodyDays,
                static_cast<int>(std::lround(custody / 24.0))});
  if (custody > 0) co_await sim_.Timeout(custody);
  co_await sim_.Timeout(transfer_.Sample(duration_rng_));
  DefendantRecord& rec = defendants_[defendant];
  rec.time_served = time_served;
  if (rec.children_waiting_in_cbp && time_served) {
    Move(person, Place::kCbp);  // back to the station where the children wait
    rec.out_of_usms->Trigger();
    co_return;
  }
  StartIceStage({person}, defendant);
  defendants_[defendant].out_of_usms->Trigger();
}

std::pair<bool, double> Model::DrawIceOutcome(double now) {
  const IceSettings& ice = s_.ice;
  if (decision_rng_.Bernoulli(ice.credible_fear_claim)) {
    const double interview = now + credible_fear_.Sample(duration_rng_);
    if (decision_rng_.Bernoulli(ice.credible_fear_positive)) {
      return {false, interview + adult_release_.Sample(duration_rng_)};
    }
    return {true, interview + removal_.Sample(duration_rng_)};
  }
  return {true, now + removal_.Sample(duration_rng_)};
}

void Model::StartIceStage(PersonGroup group, std::uint32_t defendant) {
  const bool family = group.size() > 1;
  const Place target = family ? Place::kIceFamily : Place::kIceAdult;
  std::int64_t already_there = 0;
  for (PersonIndex m : group) already_there += people_[m].place == target;
  const std::int64_t beds = family ? s_.ice.family_beds : s_.ice.adult_beds;
  const std::int64_t needed = static_cast<std::int64_t>(group.size()) - already_there;
  if (people_.CountIn(target) + needed > beds) {
    ReleaseGroup(group);
    return;
  }
  for (PersonIndex m : group) {
    if (people_[m].place != target) Move(m, target);
  }
  sim_.Spawn(IceOutcome(std::move(group), defendant));
}

Process Model::IceOutcome(PersonGroup group, std::uint32_t defendant) {
  bool removal = false;
  double at = 0;
  const std::uint32_t generation = defendant != kNone ? defendants_[defendant].ice_generation : 0;
  // True when a reunification has started a new ICE stage for this adult's group.
  auto superseded = [&] {
    return defendant != kNone && defendants_[defendant].ice_generation != generation;
  };
  if (defendant != kNone) {
    DefendantRecord& rec = defendants_[defendant];
    if (!rec.outcome_drawn) {
      std::tie(rec.outcome_removal, rec.outcome_at) = DrawIceOutcome(sim_.Now());
      rec.outcome_drawn = true;
    }
    removal = rec.outcome_removal;
    at = rec.outcome_at;
  } else {
    std::tie(removal, at) = DrawIceOutcome(sim_.Now());
  }
  const double limit = s_.ice.family_stay_limit_days * 24.0;
  if (group.size() > 1 && at > sim_.Now() + limit) {
    at = sim_.Now() + limit;  // families are released when the stay limit is reached
    removal = false;
  }
  co_await sim_.WaitUntil(std::max(at, sim_.Now()));
  if (superseded()) co_return;
  if (removal && defendant != kNone && order_hours_ >= 0 && sim_.Now() >= order_hours_ &&
      defendants_[defendant].open_separations() > 0) {
    // The court order stays removal of a parent until their child's case is settled.
    co_await *defendants_[defendant].separations_closed;
    if (superseded()) co_return;
  }
  if (removal) {
    RemoveGroup(group, defendant);
  } else {
    ReleaseGroup(group);
  }
}

void Model::ReleaseGroup(const PersonGroup& group) {
  for (PersonIndex m : group) {
    if (people_[m].place != Place::kReleased) Move(m, Place::kReleased);
  }
}

void Model::RemoveGroup(const PersonGroup& group, std::uint32_t defendant) {
  const PersonIndex adult = group.front();
  const auto& nationalities = people_[adult].family != kNoFamily
                                  ? s_.arrivals.family_nationality.items()
                                  : s_.arrivals.single_adult_nationality.items();
  const std::string& country = nationalities[people_[adult].nationality];
  if (options_.truth != nullptr) {
    Removal removal{PersonId(adult), country, {}};
    for (PersonIndex m : group) {
      if (people_[m].child) removal.accompanying_children.push_back(PersonId(m));
    }
    Emit(std::move(removal));
    for (size_t i = 1; i < group.size(); ++i) {
      if (!people_[group[i]].child) Emit(Removal{PersonId(group[i]), country, {}});
    }
  }
  for (PersonIndex m : group) {
    Move(m, Place::kRemoved);
    Series(kRemovals).Add(sim_.Now());
  }
  if (defendant == kNone) return;
  DefendantRecord& rec = defendants_[defendant];
  rec.removed = true;
  for (std::uint32_t c : rec.separations) {
    if (cases_[c].state == CaseState::kOpen) {
      ++parents_removed_child_in_orr_;
      Series(kParentsRemovedChildInOrr).Add(sim_.Now());
      break;
    }
  }
}

}  // namespace kinlink::sim::pipeline_detail
