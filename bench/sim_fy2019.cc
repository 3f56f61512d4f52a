// bench_sim_fy2019: the pipeline model at FY2019 volume (~775,000 persons a year).
//
//   bench_sim_fy2019 SCENARIO_FILE [replications] [threads]
//
// Prints the wall time of one replication (median of 3), then of `replications` replications
// on `threads` threads, the engine events per second, and the process's peak memory (VmHWM).
// Each figure comes with the CPU time it took: on a shared, loaded machine wall time grows with
// the load, CPU time much less. Figures only: no assertion on time (tests never assert
// wall-clock time).
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "sim/pipeline/pipeline_model.h"
#include "sim/pipeline/replications.h"
#include "sim/scenario/scenario_loader.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU seconds of the calling thread, or of the whole process.
double CpuSeconds(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

std::string PeakMemory() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return line.substr(6);
  }
  return "unknown";
}

std::string LoadAverage() {
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  loadavg >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: bench_sim_fy2019 SCENARIO_FILE [replications] [threads]\n");
    return 2;
  }
  const std::size_t replications = argc > 2 ? std::stoul(argv[2]) : 100;
  const unsigned threads = argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 2;
  auto scenario = kinlink::sim::LoadScenarioFile(argv[1]);
  if (!scenario.ok()) {
    fmt::print(stderr, "{}\n", scenario.status().ToString());
    return 2;
  }
  std::vector<double> times;
  std::vector<double> cpu_times;
  kinlink::sim::ReplicationOutput out;
  for (int i = 0; i < 3; ++i) {
    auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    out = kinlink::sim::RunPipelineReplication(*scenario,
                                               {1, static_cast<std::uint64_t>(i), nullptr});
    times.push_back(Seconds(start));
    cpu_times.push_back(CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - cpu_start);
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu_times.begin(), cpu_times.end());
  fmt::print(
      "one replication ({}): {:.3f} s median of 3 (min {:.3f}, max {:.3f}); {} persons, {} events, "
      "{:.2f} M events/s\n",
      scenario->name, times[1], times[0], times[2], out.persons, out.events,
      out.events / times[1] / 1e6);
  fmt::print("one replication CPU time: {:.3f} s median of 3 (load {})\n", cpu_times[1],
             LoadAverage());
  fmt::print("peak memory after one replication: {}\n", PeakMemory());
  auto start = std::chrono::steady_clock::now();
  const double process_cpu_start = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  auto runs = kinlink::sim::RunPipelineReplications(
      *scenario, {.replications = replications, .threads = threads, .seed = 1, .progress = {}});
  const double total = Seconds(start);
  const double total_cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - process_cpu_start;
  fmt::print("{} replications on {} threads: {:.1f} s ({:.3f} s per replication), {:.1f} s CPU\n",
             runs.size(), threads, total, total / static_cast<double>(runs.size()), total_cpu);
  fmt::print("peak memory: {}\n", PeakMemory());
  // The targets, in one block.
  const double per_replication = total / static_cast<double>(runs.size());
  fmt::print("summary (load {}):\n", LoadAverage());
  fmt::print("  one replication: {:.3f} s wall, {:.3f} s CPU (median of 3; target < 2 s)\n",
             times[1], cpu_times[1]);
  if (runs.size() == 100) {
    fmt::print("  100 replications on {} threads: {:.1f} s wall, {:.1f} s CPU (target < 120 s)\n",
               threads, total, total_cpu);
  } else {
    fmt::print(
        "  100 replications on {} threads: {:.1f} s wall EXTRAPOLATED from {} replications "
        "({:.3f} s each; target < 120 s)\n",
        threads, per_replication * 100, runs.size(), per_replication);
  }
  fmt::print("  peak resident memory (VmHWM): {}\n", PeakMemory());
  return 0;
}
