#include "server/scenario_runs.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/civil_time.h"
#include "sim/pipeline/replications.h"
#include "sim/report/summary.h"
#include "sim/scenario/scenario_loader.h"

namespace kinlink::server {
namespace {

nlohmann::json Series(const std::vector<sim::DailySeries>& daily, const std::string& name) {
  for (const auto& s : daily) {
    if (s.name == name) return s.values;
  }
  return nlohmann::json::array();
}

nlohmann::json Histogram(const std::vector<double>& days) {
  // Bins of 7 days up to 84, then one open bin.
  constexpr int kWidth = 7, kBins = 12;
  std::vector<int64_t> counts(kBins + 1, 0);
  for (double d : days) {
    int bin = static_cast<int>(std::floor(std::max(0.0, d) / kWidth));
    ++counts[std::min(bin, kBins)];
  }
  nlohmann::json bins = nlohmann::json::array();
  for (int i = 0; i <= kBins; ++i) {
    bins.push_back({{"from_days", i * kWidth},
                    {"to_days", i == kBins ? nlohmann::json() : nlohmann::json((i + 1) * kWidth)},
                    {"children", counts[i]}});
  }
  return bins;
}

}  // namespace

ScenarioRuns::ScenarioRuns(std::filesystem::path scenarios_dir, ScenarioRunOptions options)
    : dir_(std::move(scenarios_dir)), options_(options) {
  worker_ = std::thread([this] { Work(); });
}

ScenarioRuns::~ScenarioRuns() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  worker_.join();
}

Result<nlohmann::json> ScenarioRuns::List() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& name : sim::ScenarioNames(dir_)) {
    auto scenario = sim::LoadScenarioFile(dir_ / (name + ".toml"));
    if (!scenario.ok()) continue;  // partial files (e.g. calibration tables) are not runnable
    out.push_back({{"name", name},
                   {"description", scenario->description},
                   {"start", FormatDate(scenario->start)},
                   {"end", FormatDate(scenario->end)}});
  }
  return out;
}

Result<std::string> ScenarioRuns::Start(const std::string& scenario, size_t replications,
                                        uint64_t seed, const std::string& requested_by) {
  if (replications < 1 || replications > options_.max_replications) {
    return InvalidArgumentError(
        fmt::format("replications must be 1..{}", options_.max_replications));
  }
  KINLINK_ASSIGN_OR_RETURN(auto names, List());
  bool known = std::any_of(names.begin(), names.end(),
                           [&](const nlohmann::json& n) { return n["name"] == scenario; });
  if (!known) return NotFoundError(fmt::format("no scenario '{}'", scenario));
  std::lock_guard lock(mutex_);
  if (queue_.size() >= options_.max_queued) {
    return ResourceExhaustedError("too many simulation runs waiting; try again later");
  }
  Run run;
  run.id = fmt::format("run-{}", next_order_);
  run.scenario = scenario;
  run.requested_by = requested_by;
  run.replications = replications;
  run.seed = seed;
  run.order = next_order_;
  ++next_order_;
  std::string id = run.id;
  runs_[id] = std::move(run);
  queue_.push_back(id);
  while (runs_.size() > options_.max_kept) {
    auto oldest = std::min_element(runs_.begin(), runs_.end(), [](auto& a, auto& b) {
      return a.second.order < b.second.order;
    });
    if (oldest->second.state == "queued" || oldest->second.state == "running") break;
    runs_.erase(oldest);
  }
  ready_.notify_one();
  return id;
}

nlohmann::json ScenarioRuns::Header(const Run& run) {
  nlohmann::json j = {
      {"run_id", run.id}, {"scenario", run.scenario},         {"replications", run.replications},
      {"seed", run.seed}, {"requested_by", run.requested_by}, {"state", run.state}};
  if (!run.error.empty()) j["error"] = run.error;
  return j;
}

std::optional<nlohmann::json> ScenarioRuns::Get(const std::string& run_id) const {
  std::lock_guard lock(mutex_);
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return std::nullopt;
  nlohmann::json j = Header(it->second);
  if (it->second.state == "done") j["result"] = it->second.result;
  return j;
}

nlohmann::json ScenarioRuns::Summaries() const {
  std::lock_guard lock(mutex_);
  std::vector<const Run*> all;
  for (const auto& [id, run] : runs_) all.push_back(&run);
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->order > b->order; });
  nlohmann::json out = nlohmann::json::array();
  for (const Run* r : all) out.push_back(Header(*r));
  return out;
}

Result<nlohmann::json> ScenarioRuns::Execute(const Run& run) {
  KINLINK_ASSIGN_OR_RETURN(sim::Scenario scenario_value,
                           sim::LoadScenarioFile(dir_ / (run.scenario + ".toml")));
  const sim::Scenario* scenario = &scenario_value;
  sim::PipelineReplicationOptions options;
  options.replications = run.replications;
  options.threads = options_.threads;
  options.seed = run.seed;
  auto outputs = sim::RunPipelineReplications(*scenario, options);
  sim::SimulationReport report = sim::BuildReport(*scenario, outputs, run.seed);
  nlohmann::json j = sim::ReportJson(report);
  std::vector<std::string> dates;
  for (int d = 0; d < scenario->days(); ++d) {
    dates.push_back(FormatDate(scenario->start + std::chrono::days(d)));
  }
  const auto& daily = report.daily_mean;
  j["charts"] = {{"dates", dates},
                 {"occupancy",
                  {{{"name", "CBP holding"},
                    {"values", Series(daily, "cbp_holding")},
                    {"capacity", scenario->cbp.holding_capacity}},
                   {{"name", "ORR beds"},
                    {"values", Series(daily, "orr_occupancy")},
                    {"capacity", scenario->orr.beds}},
                   {{"name", "ICE family beds"},
                    {"values", Series(daily, "ice_family_occupancy")},
                    {"capacity", scenario->ice.family_beds}}}},
                 {"separations_per_day", Series(daily, "children_separated")},
                 {"duration_histogram", Histogram(report.separation_days)}};
  return j;
}

void ScenarioRuns::Work() {
  while (true) {
    Run run;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      std::string id = queue_.front();
      queue_.pop_front();
      runs_[id].state = "running";
      run = runs_[id];
    }
    nlohmann::json result;
    std::string error;
    auto executed = Execute(run);
    if (executed.ok()) {
      result = std::move(*executed);
    } else {
      error = executed.status().message();
    }
    std::lock_guard lock(mutex_);
    auto it = runs_.find(run.id);
    if (it == runs_.end()) continue;
    if (error.empty()) {
      it->second.state = "done";
      it->second.result = std::move(result);
    } else {
      it->second.state = "failed";
      it->second.error = error;
    }
  }
}

}  // namespace kinlink::server
