// Monte Carlo runs of the pipeline model: N replications on T threads, in replication order.
//
//   std::vector<ReplicationOutput> runs = RunPipelineReplications(scenario, {.replications = 20,
//                                                                           .seed = 1});
//   std::vector<MetricSummary> summary = SummarizeReplications(runs);   // mean and 95% CI
//
// Replication i always uses the random streams of (seed, i), so the results (and everything
// derived from them) are identical whatever the thread count. Thread safety: the scenario is
// shared read-only; `progress` is called from worker threads one at a time.
#ifndef KINLINK_SIM_PIPELINE_REPLICATIONS_H_
#define KINLINK_SIM_PIPELINE_REPLICATIONS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/engine/replication.h"
#include "sim/pipeline/pipeline_model.h"
#include "sim/scenario/scenario.h"

namespace kinlink::sim {

struct PipelineReplicationOptions {
  std::size_t replications = 10;
  unsigned threads = 0;  // 0 = all cores
  std::uint64_t seed = 1;
  std::function<void(std::size_t done, std::size_t total)> progress;
};

std::vector<ReplicationOutput> RunPipelineReplications(const Scenario& scenario,
                                                       const PipelineReplicationOptions& options);

// Mean and 95% confidence interval of every scalar output, in the model's order.
std::vector<MetricSummary> SummarizeReplications(const std::vector<ReplicationOutput>& runs);

// The mean over replications of each per-day series, in the model's order.
std::vector<DailySeries> MeanDailySeries(const std::vector<ReplicationOutput>& runs);

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_PIPELINE_REPLICATIONS_H_
