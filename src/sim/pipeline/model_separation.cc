// Separation: the child re-designated unaccompanied and referred to ORR, placement when a bed is
// free, length of care until release to a sponsor; reunification (attempted without an order,
// required by the court order with its deadlines), which needs the parent out of criminal custody
// and located.
#include <stdexcept>

#include "sim/pipeline/internal/model.h"

namespace kinlink::sim::pipeline_detail {

void Model::Separate(FamilyIndex family, std::uint32_t defendant, bool children_wait_in_cbp) {
  const FamilyRecord f = families_[family];
  const double now = sim_.Now();
  const PersonIndex parent = defendants_[defendant].person;
  const int young_age = s_.court_order ? s_.court_order->young_under_age : 5;
  for (int c = 0; c < f.children; ++c) {
    const PersonIndex child = f.first + f.adults + c;
    const auto index = static_cast<std::uint32_t>(cases_.size());
    SeparationCase sc;
    sc.child = child;
    sc.parent = parent;
    sc.defendant = defendant;
    sc.separated_at = now;
    sc.linked = decision_rng_.Bernoulli(s_.reunification.link_recorded_share);
    sc.attempt = decision_rng_.Bernoulli(s_.reunification.attempt_share);
    sc.young = people_[child].age < young_age;
    cases_.push_back(std::move(sc));
    case_of_[child] = index;
    defendants_[defendant].separations.push_back(index);
    ++defendants_[defendant].open_cases;
    Emit(Separation{PersonId(child), PersonId(parent), FamilyId(family),
                    SeparationReason::kParentProsecution});
    hours_separation_ += s_.agent_hours.separation;
    Series(kChildrenSeparated).Add(now);
    separated_in_custody_.Add(now, 1);
    if (!children_wait_in_cbp) {
      ReferToOrr(index);
      cases_[index].child_process = sim_.Spawn(SeparatedChildJourney(index));
    }
    if (cases_[index].attempt) sim_.Spawn(ReunificationAttempt(index, /*ordered=*/false));
  }
  Series(kParentsSeparated).Add(now);
  if (children_wait_in_cbp) {
    defendants_[defendant].children_waiting_in_cbp = true;
    sim_.Spawn(StationWait(defendant, family));
  }
}

void Model::ReferToOrr(std::uint32_t index) {
  SeparationCase& sc = cases_[index];
  sc.orr_referred = true;
  Emit(OrrReferral{PersonId(sc.child), Agency::kCbp, true, PersonId(sc.parent)});
  Series(kOrrReferralsSeparated).Add(sim_.Now());
}

Process Model::StationWait(std::uint32_t defendant, FamilyIndex family) {
  const FamilyRecord f = families_[family];
  const double held_since = people_[f.first + f.adults].apprehended_at;
  const double limit = held_since + s_.reunification.hold_child_max_hours;
  co_await AnyOf(*defendants_[defendant].out_of_usms, sim_.WaitUntil(std::max(limit, sim_.Now())));
  DefendantRecord& rec = defendants_[defendant];
  rec.children_waiting_in_cbp = false;
  const PersonIndex parent = rec.person;
  if (rec.out_of_usms->triggered() && people_[parent].place == Place::kCbp) {
    std::vector<std::uint32_t> separations = rec.separations;
    for (std::uint32_t c : separations) {
      if (cases_[c].state == CaseState::kOpen) Reunify(c);
    }
    co_await sim_.Timeout(family_hold_.Sample(duration_rng_));
    PersonGroup group{parent};
    for (PersonIndex child : defendants_[defendant].children_with_me) group.push_back(child);
    defendants_[defendant].children_with_me = PersonGroup();
    StartIceStage(std::move(group), defendant);
    co_return;
  }
  for (std::uint32_t c : std::vector<std::uint32_t>(rec.separations)) {
    if (cases_[c].state != CaseState::kOpen) continue;
    ReferToOrr(c);
    cases_[c].child_process = sim_.Spawn(SeparatedChildJourney(c));
  }
}

Process Model::SeparatedChildJourney(std::uint32_t index) {
  co_await sim_.Timeout(placement_.Sample(duration_rng_));
  if (cases_[index].state != CaseState::kOpen) co_return;
  Lease bed = co_await orr_beds_->Request();
  if (!bed || cases_[index].state != CaseState::kOpen) co_return;  // reunified from the station
  const PersonIndex child = cases_[index].child;
  Move(child, Place::kOrr);
  cases_[index].in_orr = true;
  Emit(OrrPlacement{PersonId(child), FacilityFor(child, Place::kOrr, static_cast<int>(child))});
  WaitResult care = co_await sim_.Timeout(length_of_care_.Sample(duration_rng_));
  if (care.interrupted() || cases_[index].state != CaseState::kOpen) {
    co_return;  // reunified; the bed is freed with the lease
  }
  const SponsorCategory sponsor = s_.orr.sponsor.Sample(decision_rng_.Uniform01());
  Emit(OrrRelease{PersonId(child), sponsor, std::nullopt});
  Move(child, Place::kReleased);
  CloseCase(index, CaseState::kReleasedToSponsor);
  Series(kReleasesToSponsor).Add(sim_.Now());
}

Process Model::ReunificationAttempt(std::uint32_t index, bool ordered) {
  const std::uint32_t defendant = cases_[index].defendant;
  co_await *defendants_[defendant].out_of_usms;
  if (!ordered && order_hours_ >= 0 && sim_.Now() >= order_hours_) co_return;
  const bool linked = cases_[index].linked;
  const HoursDistribution& locate = ordered ? (linked ? order_locate_ : order_unlinked_locate_)
                                            : (linked ? locate_ : unlinked_locate_);
  const HoursDistribution& arrange = ordered ? order_arrange_ : arrange_;
  co_await sim_.Timeout(locate.Sample(duration_rng_) + arrange.Sample(duration_rng_));
  if (!ordered && order_hours_ >= 0 && sim_.Now() >= order_hours_) co_return;
  // The parent may still be held at the station before ICE takes them (declined referrals).
  while (cases_[index].state == CaseState::kOpen &&
         people_[defendants_[defendant].person].place == Place::kCbp) {
    co_await sim_.Timeout(24.0);
  }
  if (cases_[index].state != CaseState::kOpen) co_return;
  if (defendants_[defendant].removed) {
    if (!ordered) co_return;  // nobody brings the child to a removed parent without an order
    co_await sim_.Timeout(removed_parent_.Sample(duration_rng_));
    if (cases_[index].state == CaseState::kOpen) ReunifyAbroad(index);
    co_return;
  }
  Reunify(index);
}

void Model::Reunify(std::uint32_t index) {
  SeparationCase& sc = cases_[index];
  DefendantRecord& rec = defendants_[sc.defendant];
  const PersonIndex parent = rec.person;
  const PersonIndex child = sc.child;
  const Place parent_place = people_[parent].place;
  if (parent_place == Place::kUsms || parent_place == Place::kRemoved) {
    throw std::logic_error("reunification while the parent is in criminal custody or removed");
  }
  ++rec.ice_generation;  // any ICE stage running for the parent alone ends here
  const Place child_place = people_[child].place;
  if (!InCustody(child_place)) throw std::logic_error("reunification of a child out of custody");
  std::string where = parent_place == Place::kReleased ? "" : FacilityFor(parent, parent_place, 0);
  if (parent_place == Place::kIceFamily && people_[parent].family != kNoFamily) {
    where =
        facility_ids_[kIceFamilyFacility + families_[people_[parent].family].ice_family_facility];
  }
  if (child_place == Place::kOrr) {
    Emit(OrrRelease{PersonId(child), SponsorCategory::kParent, PersonId(parent)});
  }
  Emit(Reunification{PersonId(parent), PersonId(child), where});
  hours_reunification_ += s_.agent_hours.reunification;
  Series(kReunifications).Add(sim_.Now());
  CloseCase(index, CaseState::kReunified);
  if (sc.child_process.valid() && !sc.child_process.done()) sc.child_process.Interrupt(kReunified);
  switch (parent_place) {
    case Place::kReleased:
      Move(child, Place::kReleased);
      break;
    case Place::kCbp:
      if (child_place != Place::kCbp) Move(child, Place::kCbp);
      rec.children_with_me.push_back(child);
      break;
    default: {  // ICE adult or family detention: the family goes on together
      rec.children_with_me.push_back(child);
      PersonGroup group{parent};
      for (PersonIndex c : rec.children_with_me) group.push_back(c);
      StartIceStage(std::move(group), sc.defendant);
      break;
    }
  }
}

void Model::ReunifyAbroad(std::uint32_t index) {
  SeparationCase& sc = cases_[index];
  const PersonIndex child = sc.child;
  const PersonIndex parent = defendants_[sc.defendant].person;
  if (people_[child].place == Place::kOrr) {
    Emit(OrrRelease{PersonId(child), SponsorCategory::kParent, PersonId(parent)});
  }
  const auto& nationalities = s_.arrivals.family_nationality.items();
  Emit(Removal{PersonId(child), nationalities[people_[child].nationality], {}});
  Emit(Reunification{PersonId(parent), PersonId(child), ""});
  Series(kReunifications).Add(sim_.Now());
  CloseCase(index, CaseState::kReunifiedAbroad);
  if (sc.child_process.valid() && !sc.child_process.done()) sc.child_process.Interrupt(kReunified);
  Move(child, Place::kRemoved);
}

void Model::CloseCase(std::uint32_t index, CaseState state) {
  SeparationCase& sc = cases_[index];
  if (sc.state != CaseState::kOpen) throw std::logic_error("separation closed twice");
  sc.state = state;
  sc.ended_at = sim_.Now();
  separated_in_custody_.Add(sim_.Now(), -1);
  if (sc.in_order_scope &&
      (state == CaseState::kReunified || state == CaseState::kReunifiedAbroad)) {
    const CourtOrderSettings& order = *s_.court_order;
    const double deadline =
        order_hours_ +
        24.0 * ((sc.young ? order.young_deadline_days : order.older_deadline_days) + 1);
    if (sim_.Now() <= deadline) ++(sc.young ? order_young_met_ : order_older_met_);
  }
  DefendantRecord& rec = defendants_[sc.defendant];
  if (--rec.open_cases == 0 && rec.separations_closed) rec.separations_closed->Trigger();
}

Process Model::CourtOrder() {
  co_await sim_.WaitUntil(order_hours_);
  const auto open_at_order = cases_.size();
  for (std::uint32_t i = 0; i < open_at_order; ++i) {
    if (cases_[i].state != CaseState::kOpen) continue;
    cases_[i].in_order_scope = true;
    ++(cases_[i].young ? order_young_scope_ : order_older_scope_);
    sim_.Spawn(ReunificationAttempt(i, /*ordered=*/true));
  }
}

}  // namespace kinlink::sim::pipeline_detail
