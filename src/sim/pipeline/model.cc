// The model's set-up and run: random streams, distributions in hours, capacities and monitors.
#include "sim/pipeline/internal/model.h"

#include <algorithm>

namespace kinlink::sim {

const DailySeries* ReplicationOutput::FindDaily(const std::string& name) const {
  for (const auto& series : daily) {
    if (series.name == name) return &series;
  }
  return nullptr;
}

ReplicationOutput RunPipelineReplication(const Scenario& scenario,
                                         const PipelineRunOptions& options) {
  pipeline_detail::Model model(scenario, options);
  return model.Run();
}

namespace pipeline_detail {

// Random streams of one replication, one per purpose so that changing one stage's draws does not
// shift another's (common random numbers across scenarios).
enum StreamId : std::uint64_t {
  kArrivalStream = 0,
  kPeopleStream = 1,
  kDecisionStream = 2,
  kDurationStream = 3,
  kFamilyArrivalTimes = 4,
  kSingleArrivalTimes = 5,
};

double HoursDistribution::Sample(Rng& rng) const {
  const double value = distribution.Sample(rng) * hours_per_unit;
  return value > 0 ? value : 0;
}

HoursDistribution ToHours(const DistributionSpec& spec, double hours_per_unit) {
  HoursDistribution out;
  out.hours_per_unit = hours_per_unit;
  switch (spec.kind) {
    case DistributionKind::kFixed:
      out.distribution = Distribution::Constant(spec.a);
      break;
    case DistributionKind::kUniform:
      out.distribution = Distribution::Uniform(spec.a, spec.b);
      break;
    case DistributionKind::kExponential:
      out.distribution = Distribution::Exponential(spec.a);
      break;
    case DistributionKind::kLognormal:
      out.distribution = spec.b > 0 ? Distribution::LognormalFromMoments(spec.a, spec.b)
                                    : Distribution::Constant(spec.a);
      break;
    case DistributionKind::kTriangular:
      out.distribution = spec.c > spec.a ? Distribution::Triangular(spec.a, spec.b, spec.c)
                                         : Distribution::Constant(spec.a);
      break;
    case DistributionKind::kEmpirical: {
      std::vector<double> weights;
      double previous = 0;
      for (double cumulative : spec.weights) {
        weights.push_back(cumulative - previous);
        previous = cumulative;
      }
      out.distribution = Distribution::Discrete(spec.values, weights);
      break;
    }
  }
  return out;
}

int DefendantRecord::open_separations() const { return open_cases; }

Model::Model(const Scenario& scenario, const PipelineRunOptions& options)
    : s_(scenario),
      options_(options),
      arrival_rng_(RandomStreams(options.seed).Stream(options.replication, kArrivalStream)),
      people_rng_(RandomStreams(options.seed).Stream(options.replication, kPeopleStream)),
      decision_rng_(RandomStreams(options.seed).Stream(options.replication, kDecisionStream)),
      duration_rng_(RandomStreams(options.seed).Stream(options.replication, kDurationStream)) {
  end_hours_ = s_.days() * 24.0;
  constexpr double kDays = 24.0, kHours = 1.0, kYears = 1.0;
  processing_ = ToHours(s_.cbp.processing_hours, kHours);
  family_hold_ = ToHours(s_.cbp.family_hold_hours, kHours);
  adult_hold_ = ToHours(s_.cbp.adult_hold_hours, kHours);
  custody_days_ = ToHours(s_.court.custody_days, kDays);
  transfer_ = ToHours(s_.court.transfer_hours, kHours);
  credible_fear_ = ToHours(s_.ice.credible_fear_days, kDays);
  removal_ = ToHours(s_.ice.removal_days, kDays);
  adult_release_ = ToHours(s_.ice.adult_release_days, kDays);
  placement_ = ToHours(s_.orr.placement_hours, kHours);
  length_of_care_ = ToHours(s_.orr.length_of_care_days, kDays);
  locate_ = ToHours(s_.reunification.locate_days, kDays);
  unlinked_locate_ = ToHours(s_.reunification.unlinked_locate_days, kDays);
  arrange_ = ToHours(s_.reunification.arrange_days, kDays);
  if (s_.court_order) {
    order_locate_ = ToHours(s_.court_order->locate_days, kDays);
    order_unlinked_locate_ = ToHours(s_.court_order->unlinked_locate_days, kDays);
    order_arrange_ = ToHours(s_.court_order->arrange_days, kDays);
    removed_parent_ = ToHours(s_.court_order->removed_parent_days, kDays);
    order_hours_ = static_cast<double>((s_.court_order->date - s_.start).count()) * 24.0;
  }
  single_age_ = ToHours(s_.arrivals.single_adult_age_years, kYears);
  adult_age_ = ToHours(s_.arrivals.family.adult_age_years, kYears);

  const double warmup = s_.warmup_days * 24.0;
  const int orr_free = std::max(0, s_.orr.beds - s_.orr.background_occupancy);
  orr_beds_ = std::make_unique<Resource>(sim_, orr_free);
  auto monitor = [&](double initial, double threshold) {
    LevelMonitor m(0, initial, warmup);
    m.EnablePeriods(24.0);
    m.SetThreshold(0, threshold);
    return m;
  };
  double usms_beds = 0;
  for (int d = 0; d < kDistrictCount; ++d) {
    usms_[d] = monitor(0, s_.districts[d].usms_beds);
    usms_beds += s_.districts[d].usms_beds;
  }
  usms_total_ = monitor(0, usms_beds);
  orr_ = monitor(s_.orr.background_occupancy, s_.orr.beds - 0.5);  // "at capacity" = all beds
  cbp_ = monitor(0, s_.cbp.holding_capacity);
  ice_adult_ = monitor(0, s_.ice.adult_beds);
  ice_family_ = monitor(0, s_.ice.family_beds);
  separated_in_custody_ = monitor(0, kInfinity);
  series_.assign(kSeriesCount, TimeSeries(24.0));
  for (auto& series : series_) series.Extend(static_cast<std::size_t>(s_.days()));
  intake_.resize(static_cast<std::size_t>(s_.days()) + 1);
  docket_.resize(static_cast<std::size_t>(s_.days()) + 60);
}

ReplicationOutput Model::Run() {
  DeclareFacilities();
  sim_.Spawn(ArrivalStream(true));
  sim_.Spawn(ArrivalStream(false));
  if (s_.court_order && order_hours_ >= 0 && order_hours_ < end_hours_) sim_.Spawn(CourtOrder());
  sim_.RunUntil(end_hours_);
  return Collect();
}

}  // namespace pipeline_detail
}  // namespace kinlink::sim
