// M/M/1 throughput of the simulation engine on one core.
//
//   bench_sim_mm1 [--customers N] [--runs R] [--rho RHO]
//
// The model (the same as bench/simpy_mm1.py): customers arrive in a Poisson stream (rate rho, a
// source process that sleeps an exponential gap and spawns a customer process), each requests a
// single-server FIFO Resource, holds it for an exponential service time (mean 1), and leaves.
// Runs until N customers have departed, R times (different seeds), and reports the median.
//
// Events are counted as the engine's dispatched queue entries (Simulation::events_processed():
// process starts, timeouts, wake-ups of queued customers). The SimPy script counts SimPy's own
// dispatched events (Environment.step calls). The two kernels do not need the same number of
// events per customer, so the like-for-like comparison is customers per second (same model, same
// work); both rates are printed.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "sim/engine/engine.h"

namespace {

using kinlink::sim::Lease;
using kinlink::sim::Process;
using kinlink::sim::Resource;
using kinlink::sim::Rng;
using kinlink::sim::Simulation;
using kinlink::sim::Time;

struct Stats {
  long departed = 0;
  long target = 0;
  double wait_sum = 0;
};

Process Customer(Simulation& sim, Resource& server, Rng& rng, Stats& stats) {
  const Time arrived = sim.Now();
  Lease lease = co_await server.Request();
  stats.wait_sum += sim.Now() - arrived;
  co_await sim.Timeout(rng.Exponential(1.0));
  if (++stats.departed == stats.target) sim.Stop();
}

Process Source(Simulation& sim, Resource& server, Rng& arrivals, Rng& service, double rho,
               Stats& stats) {
  const double mean_gap = 1.0 / rho;
  for (;;) {
    co_await sim.Timeout(arrivals.Exponential(mean_gap));
    sim.Spawn(Customer(sim, server, service, stats));
  }
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct RunResult {
  double seconds;
  double cpu_seconds;
  std::uint64_t events;
  long customers;
  double mean_wait;
};

RunResult RunOnce(long customers, double rho, std::uint64_t seed) {
  Simulation sim;
  Resource server(sim, 1);
  kinlink::sim::RandomStreams streams(seed);
  Rng arrivals = streams.Stream(0, 0);
  Rng service = streams.Stream(0, 1);
  Stats stats;
  stats.target = customers;
  const double c0 = ThreadCpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  sim.Spawn(Source(sim, server, arrivals, service, rho, stats));
  sim.Run();
  const auto t1 = std::chrono::steady_clock::now();
  const double c1 = ThreadCpuSeconds();
  return RunResult{std::chrono::duration<double>(t1 - t0).count(), c1 - c0, sim.events_processed(),
                   stats.departed, stats.wait_sum / static_cast<double>(stats.departed)};
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  long customers = 2'000'000;
  int runs = 5;
  double rho = 0.9;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--customers" && i + 1 < argc) {
      customers = std::atol(argv[++i]);
    } else if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--rho" && i + 1 < argc) {
      rho = std::atof(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: bench_sim_mm1 [--customers N] [--runs R] [--rho RHO]\n");
      return 2;
    }
  }
  RunOnce(customers / 10, rho, 999);  // warm the allocator and caches
  std::vector<double> event_rates, customer_rates, seconds, cpu_event_rates;
  double events_per_customer = 0;
  double mean_wait = 0;
  for (int r = 0; r < runs; ++r) {
    const RunResult res = RunOnce(customers, rho, 1 + static_cast<std::uint64_t>(r));
    event_rates.push_back(static_cast<double>(res.events) / res.seconds);
    customer_rates.push_back(static_cast<double>(res.customers) / res.seconds);
    seconds.push_back(res.seconds);
    cpu_event_rates.push_back(static_cast<double>(res.events) / res.cpu_seconds);
    events_per_customer = static_cast<double>(res.events) / static_cast<double>(res.customers);
    mean_wait += res.mean_wait / runs;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double theory = rho / (1.0 - rho);  // mean wait in queue, service mean 1
  std::printf("kinlink M/M/1 (rho=%.2f, %ld customers, median of %d runs, one core)\n", rho,
              customers, runs);
  std::printf("  events/s     %.0f  (%.2f events per customer)\n", Median(event_rates),
              events_per_customer);
  std::printf("  customers/s  %.0f\n", Median(customer_rates));
  std::printf(
      "  events per CPU-second  %.0f  (thread CPU time; differs from wall time only when\n"
      "               the machine is busy with other work)\n",
      Median(cpu_event_rates));
  std::printf("  run time     %.3f s (median)\n", Median(seconds));
  std::printf("  mean wait    %.4f (theory %.4f)\n", mean_wait, theory);
  std::printf("  peak RSS     %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  std::printf("RESULT events_per_s=%.0f customers_per_s=%.0f events_per_cpu_s=%.0f\n",
              Median(event_rates), Median(customer_rates), Median(cpu_event_rates));
  return 0;
}
