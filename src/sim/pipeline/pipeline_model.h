// The border-prosecution pipeline as a discrete-event model: one replication of a Scenario.
//
// Single adults and family units arrive per Border Patrol sector at the scenario's daily rates;
// each person then moves through CBP processing and holding, the referral decision, the US
// Attorney's decision, Marshals custody, the magistrate court's docket, sentence, ICE adult or
// family detention, ORR shelters, credible fear, release or removal, and reunification, with the
// capacities, durations and policy dates the scenario sets (docs/simulator.md describes every
// stage). The model runs on the engine in sim/engine (time unit: hours from the scenario's start
// at 00:00 UTC) and keeps every person in exactly one place (population.h).
//
//   PipelineRunOptions options{.seed = 7, .replication = 0};
//   ReplicationOutput out = RunPipelineReplication(scenario, options);
//   out.metrics.Get("children_separated");
//
// Outputs are named scalars (ReplicationOutput::metrics, documented in docs/simulator.md),
// per-day series and the separation durations; nothing in the model is a published figure.
// With options.truth set, the replication's full ground truth is written to it.
//
// Determinism: the output is a pure function of (scenario, seed, replication).
// Thread safety: independent calls may run on different threads (replications do).
// Errors: none expected for a validated Scenario; a broken invariant (a person in two places, an
// event naming an undeclared id) throws std::logic_error.
#ifndef KINLINK_SIM_PIPELINE_PIPELINE_MODEL_H_
#define KINLINK_SIM_PIPELINE_PIPELINE_MODEL_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/replication.h"
#include "sim/pipeline/truth_writer.h"
#include "sim/scenario/scenario.h"

namespace kinlink::sim {

struct PipelineRunOptions {
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
  TruthWriter* truth = nullptr;  // borrowed; null = no truth stream
};

// A named per-day series: values[d] covers day d of the scenario (start + d).
struct DailySeries {
  std::string name;
  std::vector<double> values;
};

struct ReplicationOutput {
  Metrics metrics;                      // named scalars, see docs/simulator.md
  std::vector<DailySeries> daily;       // per-day series, see docs/simulator.md
  std::vector<double> separation_days;  // one per separated child
  std::uint64_t events = 0;             // engine events processed
  std::uint64_t persons = 0;
  bool places_consistent = false;  // Population::CheckConsistent() at the end

  const DailySeries* FindDaily(const std::string& name) const;
};

ReplicationOutput RunPipelineReplication(const Scenario& scenario,
                                         const PipelineRunOptions& options);

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_PIPELINE_PIPELINE_MODEL_H_
