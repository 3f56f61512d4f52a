// Long statistical runs: the engine against closed forms of queueing theory.
//   - M/M/1 and M/M/c (Erlang C) mean waiting time in queue within 2% of theory;
//   - Little's law L = lambda W on a network with several stages, both as the exact sample-path
//     identity and against the arrival rate.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/engine/engine.h"

namespace kinlink::sim {
namespace {

struct QueueResult {
  double mean_wait = 0;    // in queue, after warm-up
  double mean_queue = 0;   // time-average number waiting, after warm-up
  double utilization = 0;  // time-average busy servers / c
};

// M/M/c with arrival rate lambda and service rate mu = 1, for `horizon` time units.
QueueResult RunMmc(int servers, double lambda, Time horizon, Time warmup,
                   const ReplicationContext& ctx) {
  Simulation sim;
  Resource station(sim, servers);
  LevelMonitor busy(0, 0, warmup), queue(0, 0, warmup);
  station.AttachMonitors(&busy, &queue);
  Tally waits(warmup);
  Rng arrivals = ctx.Stream(0);
  Rng service = ctx.Stream(1);
  auto customer = [&](Simulation& s) -> Process {
    const Time arrived = s.Now();
    Lease l = co_await station.Request();
    waits.Add(arrived, s.Now() - arrived);  // counted by arrival time, after the warm-up
    co_await s.Timeout(service.Exponential(1.0));
  };
  auto source = [&](Simulation& s) -> Process {
    for (;;) {
      co_await s.Timeout(arrivals.Exponential(1.0 / lambda));
      s.Spawn(customer(s));
    }
  };
  sim.Spawn(source(sim));
  sim.RunUntil(horizon);
  return QueueResult{waits.Mean(), queue.Mean(horizon), busy.Mean(horizon) / servers};
}

double ErlangCWait(int c, double lambda, double mu) {
  const double a = lambda / mu;  // offered load
  const double rho = a / c;
  double sum = 0, term = 1;
  for (int k = 0; k < c; ++k) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const double top = term * a / c / (1 - rho);  // a^c / c! / (1 - rho)
  const double p_wait = top / (sum + top);
  return p_wait / (c * mu - lambda);
}

// Several long replications averaged: the estimate's own 95% half-width is well under 2%.
QueueResult Average(int servers, double lambda, Time horizon, int replications,
                    std::uint64_t seed) {
  ReplicationOptions opts;
  opts.replications = replications;
  opts.seed = seed;
  const auto runs = RunReplications(opts, [&](const ReplicationContext& ctx) {
    return RunMmc(servers, lambda, horizon, horizon / 50, ctx);
  });
  QueueResult avg;
  std::vector<double> waits;
  for (const auto& r : runs) {
    avg.mean_wait += r.mean_wait / replications;
    avg.mean_queue += r.mean_queue / replications;
    avg.utilization += r.utilization / replications;
    waits.push_back(r.mean_wait);
  }
  const Estimate e = MeanConfidenceInterval(waits);
  EXPECT_LT(e.half_width / e.mean, 0.015) << "the run is too short to test within 2%";
  return avg;
}

TEST(EngineClosedForm, MM1MeanWaitWithinTwoPercent) {
  const double lambda = 0.8;  // rho = 0.8, mu = 1
  const QueueResult r = Average(1, lambda, 1'500'000, 8, 1);
  const double wq = lambda / (1 - lambda);  // rho / (mu - lambda) = 4
  std::printf("M/M/1 rho=0.8: Wq %.4f (theory %.4f, %+.2f%%), Lq %.4f (theory %.4f)\n", r.mean_wait,
              wq, 100 * (r.mean_wait / wq - 1), r.mean_queue, lambda * wq);
  EXPECT_NEAR(r.mean_wait / wq, 1.0, 0.02) << r.mean_wait << " vs " << wq;
  // Lq = lambda Wq = rho^2 / (1 - rho), and utilization = rho.
  EXPECT_NEAR(r.mean_queue / (lambda * wq), 1.0, 0.02);
  EXPECT_NEAR(r.utilization, lambda, 0.005);
}

TEST(EngineClosedForm, MMcMeanWaitMatchesErlangC) {
  const int c = 3;
  const double lambda = 2.4;  // rho = 0.8
  const QueueResult r = Average(c, lambda, 600'000, 8, 2);
  const double wq = ErlangCWait(c, lambda, 1.0);
  std::printf("M/M/3 rho=0.8: Wq %.4f (Erlang C %.4f, %+.2f%%)\n", r.mean_wait, wq,
              100 * (r.mean_wait / wq - 1));
  EXPECT_NEAR(wq, 1.0787, 1e-3);  // tables: P_wait = 0.6472, Wq = P_wait / (3 - 2.4)
  EXPECT_NEAR(r.mean_wait / wq, 1.0, 0.02) << r.mean_wait << " vs " << wq;
  EXPECT_NEAR(r.utilization, 0.8, 0.005);
}

TEST(EngineClosedForm, MMcWithFiveServersAndPriorityQueue) {
  // The queue discipline does not change the mean wait when all priorities are equal.
  const int c = 5;
  const double lambda = 4.25;  // rho = 0.85
  ReplicationOptions opts;
  opts.replications = 6;
  opts.seed = 3;
  const auto runs = RunReplications(opts, [&](const ReplicationContext& ctx) {
    Simulation sim;
    Resource station(sim, c, QueueDiscipline::kPriority);
    Tally waits(10'000);
    Rng arrivals = ctx.Stream(0);
    Rng service = ctx.Stream(1);
    auto customer = [&](Simulation& s) -> Process {
      const Time arrived = s.Now();
      Lease l = co_await station.Request(0);
      waits.Add(arrived, s.Now() - arrived);
      co_await s.Timeout(service.Exponential(1.0));
    };
    auto source = [&](Simulation& s) -> Process {
      for (;;) {
        co_await s.Timeout(arrivals.Exponential(1.0 / lambda));
        s.Spawn(customer(s));
      }
    };
    sim.Spawn(source(sim));
    sim.RunUntil(500'000);
    return waits.Mean();
  });
  const Estimate e = MeanConfidenceInterval(runs);
  const double wq = ErlangCWait(c, lambda, 1.0);
  std::printf("M/M/5 rho=0.85 (priority queue): Wq %.4f ± %.4f (Erlang C %.4f, %+.2f%%)\n", e.mean,
              e.half_width, wq, 100 * (e.mean / wq - 1));
  EXPECT_NEAR(e.mean / wq, 1.0, 0.02) << e.mean << " vs " << wq;
}

// A network: arrivals -> intake (2 servers) -> review (1 server, priority by type) -> then either
// detention (capacity 40, a store handover to a transport process first) or release. Every job's
// time in the system and in each stage is recorded; numbers in system and per stage are levels.
struct NetworkResult {
  double arrivals = 0;
  double horizon = 0;
  double area_system = 0;  // integral of the number in system
  double sum_sojourn = 0;  // sum of times in system
  double area_review = 0;
  double sum_review = 0;
  double mean_in_system = 0;
  double mean_sojourn = 0;
  double lambda = 0;
};

NetworkResult RunNetwork(std::uint64_t seed, int jobs, double lambda) {
  Simulation sim;
  Resource intake(sim, 2);
  Resource review(sim, 1, QueueDiscipline::kPriority);
  Resource detention(sim, 40);
  Store<int> transport_queue(sim);
  LevelMonitor in_system, in_review;
  Tally sojourn, review_time;
  RandomStreams streams(seed);
  Rng arrivals = streams.Stream(0, 0), durations = streams.Stream(0, 1),
      routing = streams.Stream(0, 2);
  std::vector<Event*> transported;
  int arrived = 0;

  auto transporter = [&](Simulation& s) -> Process {
    for (;;) {
      GetResult<int> job = co_await transport_queue.Get();
      co_await s.Timeout(durations.Exponential(0.2));
      transported[*job]->Trigger();
    }
  };
  auto job = [&](Simulation& s, int id) -> Process {
    const Time t0 = s.Now();
    in_system.Add(t0, 1);
    {
      Lease l = co_await intake.Request();
      co_await s.Timeout(durations.Exponential(1.5));
    }
    {
      const Time r0 = s.Now();
      in_review.Add(r0, 1);
      Lease l = co_await review.Request(static_cast<int>(routing.Below(3)));
      co_await s.Timeout(durations.Gamma(2, 0.3));
      l.Release();
      in_review.Add(s.Now(), -1);
      review_time.Add(s.Now() - r0);
    }
    if (routing.Bernoulli(0.6)) {
      Event done(s);
      transported[id] = &done;
      co_await transport_queue.Put(id);
      co_await done;
      Lease bed = co_await detention.Request();
      co_await s.Timeout(durations.Lognormal(1.0, 0.5));
    }
    in_system.Add(s.Now(), -1);
    sojourn.Add(s.Now() - t0);
  };
  auto source = [&](Simulation& s) -> Process {
    for (int id = 0; id < jobs; ++id) {
      co_await s.Timeout(arrivals.Exponential(1.0 / lambda));
      ++arrived;
      s.Spawn(job(s, id));
    }
  };
  transported.assign(jobs, nullptr);
  sim.Spawn(transporter(sim));
  sim.Spawn(source(sim));
  sim.Run();  // ends when every job has left (the transporter waits forever on an empty store)
  NetworkResult r;
  r.arrivals = arrived;
  r.horizon = sim.Now();
  r.area_system = in_system.Integral(r.horizon);
  r.sum_sojourn = sojourn.Sum();
  r.area_review = in_review.Integral(r.horizon);
  r.sum_review = review_time.Sum();
  r.mean_in_system = in_system.Mean(r.horizon);
  r.mean_sojourn = sojourn.Mean();
  r.lambda = lambda;
  EXPECT_EQ(sojourn.count(), static_cast<std::size_t>(jobs));
  EXPECT_EQ(in_system.level(), 0);
  return r;
}

TEST(EngineClosedForm, LittlesLawOnAMultiStageNetwork) {
  const NetworkResult r = RunNetwork(7, 400'000, 1.0);
  // The sample-path identity: with the system empty at both ends, the area under N(t) equals the
  // sum of the times in system, for the whole network and for one stage.
  EXPECT_NEAR(r.area_system / r.sum_sojourn, 1.0, 1e-9);
  EXPECT_NEAR(r.area_review / r.sum_review, 1.0, 1e-9);
  // And L = lambda W with the arrival rate of the model: L / (lambda W) within 2%.
  const double observed_lambda = r.arrivals / r.horizon;
  std::printf("Little: L %.4f, lambda W %.4f (%+.2f%%); sample-path area/sum %.12f\n",
              r.mean_in_system, r.lambda * r.mean_sojourn,
              100 * (r.mean_in_system / (r.lambda * r.mean_sojourn) - 1),
              r.area_system / r.sum_sojourn);
  EXPECT_NEAR(observed_lambda / r.lambda, 1.0, 0.01);
  EXPECT_NEAR(r.mean_in_system / (r.lambda * r.mean_sojourn), 1.0, 0.02);
}

}  // namespace
}  // namespace kinlink::sim
