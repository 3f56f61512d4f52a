// One replication's outputs: named scalars, per-day series and separation durations. The names
// are documented in docs/simulator.md.
#include <string>

#include "sim/pipeline/internal/model.h"

namespace kinlink::sim::pipeline_detail {
namespace {

constexpr const char* kSeriesNames[kSeriesCount] = {
    "apprehensions",
    "family_members_apprehended",
    "family_units_apprehended",
    "single_adults_apprehended",
    "referrals",
    "family_adults_referred",
    "family_units_with_adult_referred",
    "family_members_with_adult_referred",
    "prosecutions",
    "declinations",
    "children_separated",
    "parents_separated",
    "children_referred_to_orr_after_separation",
    "reunifications",
    "releases_to_sponsor",
    "removals",
    "parents_removed_child_in_orr",
};

std::vector<double> DailyMax(const LevelMonitor& monitor, double end, int days) {
  std::vector<double> out;
  for (const auto& period : monitor.Periods(end)) out.push_back(period.max);
  out.resize(static_cast<std::size_t>(days), out.empty() ? 0.0 : out.back());
  return out;
}

}  // namespace

ReplicationOutput Model::Collect() {
  ReplicationOutput out;
  const double end = end_hours_;
  const int days = s_.days();
  Metrics& m = out.metrics;
  out.events = sim_.events_processed();
  out.persons = people_.size();
  out.places_consistent = people_.CheckConsistent();

  std::int64_t family_members = 0;
  for (const auto& f : families_) family_members += f.adults + f.children;
  m.Set("persons", static_cast<double>(people_.size()));
  m.Set("family_units", static_cast<double>(families_.size()));
  m.Set("family_members", static_cast<double>(family_members));
  m.Set("single_adults", static_cast<double>(people_.size() - family_members));
  m.Set("referrals", series_[kReferrals].Total());

  // Separations and their durations (censored at the end of the run when still open).
  Tally durations(s_.warmup_days * 24.0);
  std::int64_t open = 0, reunified = 0, abroad = 0, sponsor = 0;
  for (const auto& sc : cases_) {
    const double ended = sc.state == CaseState::kOpen ? end : sc.ended_at;
    const double d = (ended - sc.separated_at) / 24.0;
    durations.Add(sc.separated_at, d);
    out.separation_days.push_back(d);
    switch (sc.state) {
      case CaseState::kOpen:
        ++open;
        break;
      case CaseState::kReunified:
        ++reunified;
        break;
      case CaseState::kReunifiedAbroad:
        ++abroad;
        break;
      case CaseState::kReleasedToSponsor:
        ++sponsor;
        break;
    }
  }
  m.Set("children_separated", static_cast<double>(cases_.size()));
  m.Set("parents_separated", series_[kParentsSeparated].Total());
  m.Set("separation_days_median", durations.Median());
  m.Set("separation_days_p90", durations.Quantile(0.9));
  m.Set("separation_days_max", durations.Max());
  m.Set("separation_days_mean", durations.Mean());
  m.Set("children_reunified", static_cast<double>(reunified));
  m.Set("children_reunified_abroad", static_cast<double>(abroad));
  m.Set("children_released_to_sponsor", static_cast<double>(sponsor));
  m.Set("children_still_separated", static_cast<double>(open));

  // Children held at a station beyond the limit (those still there at the end count too).
  std::int64_t over_limit = children_over_limit_;
  for (std::size_t i = 0; i < people_.size(); ++i) {
    const SimPerson& p = people_[static_cast<PersonIndex>(i)];
    if (p.child && p.place == Place::kCbp &&
        end - p.entered_place_at > s_.cbp.child_hold_limit_hours) {
      ++over_limit;
    }
  }
  m.Set("children_cbp_over_limit", static_cast<double>(over_limit));
  m.Set("parents_removed_child_in_orr", static_cast<double>(parents_removed_child_in_orr_));

  // Marshals, ORR, CBP and ICE occupancy.
  double prosecutions = 0, declinations = 0, capacity = 0;
  for (District district : kAllDistricts) {
    const int d = static_cast<int>(district);
    const std::string code(ToString(district));
    m.Set("prosecutions_" + code, static_cast<double>(prosecutions_[d]));
    m.Set("declinations_" + code, static_cast<double>(declinations_[d]));
    m.Set("declinations_capacity_" + code, static_cast<double>(capacity_declinations_[d]));
    m.Set("usms_peak_" + code, usms_[d].Max());
    m.Set("usms_mean_" + code, usms_[d].Mean(end));
    m.Set("usms_days_over_" + code, usms_[d].TimeAbove(end) / 24.0);
    prosecutions += static_cast<double>(prosecutions_[d]);
    declinations += static_cast<double>(declinations_[d]);
    capacity += static_cast<double>(capacity_declinations_[d]);
  }
  m.Set("prosecutions", prosecutions);
  m.Set("declinations", declinations);
  m.Set("declinations_capacity", capacity);
  m.Set("usms_peak", usms_total_.Max());
  m.Set("usms_mean", usms_total_.Mean(end));
  m.Set("usms_days_over", usms_total_.TimeAbove(end) / 24.0);
  m.Set("orr_peak", orr_.Max());
  m.Set("orr_mean", orr_.Mean(end));
  m.Set("orr_days_at_capacity", orr_.TimeAbove(end) / 24.0);
  m.Set("cbp_peak", cbp_.Max());
  m.Set("cbp_days_over", cbp_.TimeAbove(end) / 24.0);
  m.Set("ice_family_peak", ice_family_.Max());
  m.Set("ice_adult_peak", ice_adult_.Max());

  // Border Patrol agent-hours; the prosecution steps are diverted from other work.
  const double diverted =
      hours_referral_ + hours_transport_ + hours_separation_ + hours_reunification_;
  m.Set("agent_hours_apprehension", hours_apprehension_);
  m.Set("agent_hours_referral", hours_referral_);
  m.Set("agent_hours_court_transport", hours_transport_);
  m.Set("agent_hours_separation", hours_separation_);
  m.Set("agent_hours_reunification", hours_reunification_);
  m.Set("agent_hours_diverted", diverted);
  m.Set("agent_hours_total", hours_apprehension_ + diverted);

  // The court order's deadlines.
  m.Set("order_young_in_scope", static_cast<double>(order_young_scope_));
  m.Set("order_young_by_deadline", static_cast<double>(order_young_met_));
  m.Set("order_older_in_scope", static_cast<double>(order_older_scope_));
  m.Set("order_older_by_deadline", static_cast<double>(order_older_met_));

  for (int i = 0; i < kSeriesCount; ++i) {
    std::vector<double> values = series_[i].values();
    values.resize(static_cast<std::size_t>(days), 0.0);
    out.daily.push_back({kSeriesNames[i], std::move(values)});
  }
  out.daily.push_back({"usms_occupancy", DailyMax(usms_total_, end, days)});
  for (District district : kAllDistricts) {
    out.daily.push_back({"usms_occupancy_" + std::string(ToString(district)),
                         DailyMax(usms_[static_cast<int>(district)], end, days)});
  }
  out.daily.push_back({"orr_occupancy", DailyMax(orr_, end, days)});
  out.daily.push_back({"cbp_holding", DailyMax(cbp_, end, days)});
  out.daily.push_back({"ice_adult_occupancy", DailyMax(ice_adult_, end, days)});
  out.daily.push_back({"ice_family_occupancy", DailyMax(ice_family_, end, days)});
  out.daily.push_back({"separated_in_custody", DailyMax(separated_in_custody_, end, days)});
  if (options_.truth != nullptr) options_.truth->Finish();
  return out;
}

}  // namespace kinlink::sim::pipeline_detail
