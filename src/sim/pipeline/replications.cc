#include "sim/pipeline/replications.h"

namespace kinlink::sim {

std::vector<ReplicationOutput> RunPipelineReplications(const Scenario& scenario,
                                                       const PipelineReplicationOptions& options) {
  ReplicationOptions engine_options;
  engine_options.replications = options.replications;
  engine_options.threads = options.threads;
  engine_options.seed = options.seed;
  engine_options.progress = options.progress;
  return RunReplications(engine_options, [&scenario](const ReplicationContext& context) {
    PipelineRunOptions run;
    run.seed = context.seed;
    run.replication = context.index;
    return RunPipelineReplication(scenario, run);
  });
}

std::vector<MetricSummary> SummarizeReplications(const std::vector<ReplicationOutput>& runs) {
  std::vector<Metrics> metrics;
  metrics.reserve(runs.size());
  for (const auto& run : runs) metrics.push_back(run.metrics);
  return Summarize(metrics);
}

std::vector<DailySeries> MeanDailySeries(const std::vector<ReplicationOutput>& runs) {
  std::vector<DailySeries> mean;
  if (runs.empty()) return mean;
  mean = runs.front().daily;
  for (auto& series : mean) {
    for (auto& v : series.values) v = 0;
  }
  for (const auto& run : runs) {
    for (std::size_t i = 0; i < mean.size() && i < run.daily.size(); ++i) {
      for (std::size_t d = 0; d < mean[i].values.size() && d < run.daily[i].values.size(); ++d) {
        mean[i].values[d] += run.daily[i].values[d] / static_cast<double>(runs.size());
      }
    }
  }
  return mean;
}

}  // namespace kinlink::sim
