// ScenarioRuns: simulation runs requested through the API, run one at a time on a background
// thread and kept in memory for the dashboard (the most recent `max_kept`).
//
// A run's result is the simulator's report (mean and 95% CI of every metric) plus what the
// dashboard draws: daily occupancy against capacity (CBP holding, ORR beds, ICE family beds),
// children separated per day, and a histogram of separation durations in days.
//
//   ScenarioRuns runs("scenarios", {});
//   KINLINK_ASSIGN_OR_RETURN(std::string id, runs.Start("zero-tolerance-2018", 2, 2018, "ana"));
//   std::optional<nlohmann::json> r = runs.Get(id);   // {"state": "running"|"done"|"failed", ...}
//
// Errors: NotFound for an unknown scenario, InvalidArgument for replications outside 1..max,
// ResourceExhausted when `max_queued` runs are waiting. Thread safety: every method is thread-safe.
#ifndef KINLINK_SERVER_SCENARIO_RUNS_H_
#define KINLINK_SERVER_SCENARIO_RUNS_H_

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"

namespace kinlink::server {

struct ScenarioRunOptions {
  size_t max_replications = 20;
  size_t max_queued = 4;
  size_t max_kept = 50;
  unsigned threads = 1;  // simulator threads per run (the service shares the machine)
};

class ScenarioRuns {
 public:
  ScenarioRuns(std::filesystem::path scenarios_dir, ScenarioRunOptions options);
  ~ScenarioRuns();
  ScenarioRuns(const ScenarioRuns&) = delete;
  ScenarioRuns& operator=(const ScenarioRuns&) = delete;

  // The scenario files available: [{"name", "description", "start", "end"}].
  Result<nlohmann::json> List() const;
  Result<std::string> Start(const std::string& scenario, size_t replications, uint64_t seed,
                            const std::string& requested_by);
  std::optional<nlohmann::json> Get(const std::string& run_id) const;
  // Every kept run, newest first, without results.
  nlohmann::json Summaries() const;

 private:
  struct Run {
    std::string id, scenario, requested_by, state = "queued", error;
    size_t replications = 0;
    uint64_t seed = 0;
    nlohmann::json result;
    int64_t order = 0;
  };
  void Work();
  Result<nlohmann::json> Execute(const Run& run);
  static nlohmann::json Header(const Run& run);

  std::filesystem::path dir_;
  ScenarioRunOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::map<std::string, Run> runs_;
  std::deque<std::string> queue_;
  int64_t next_order_ = 1;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace kinlink::server

#endif  // KINLINK_SERVER_SCENARIO_RUNS_H_
