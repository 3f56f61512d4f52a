#!/usr/bin/python3
"""M/M/1 in SimPy: the same model as bench/sim_mm1.cc, for the throughput comparison.

Usage: /usr/bin/python3 bench/simpy_mm1.py [--customers N] [--runs R] [--rho RHO]

Customers arrive in a Poisson stream (rate rho; a source process sleeps an exponential gap and
starts a customer process), request a single-server Resource, hold it for an exponential service
time (mean 1) and leave; the run stops when N customers have departed. Events are SimPy's own
dispatched events (calls of Environment.step), counted in a separate, identical run so the timed
runs carry no counting overhead. Prints the median of R runs.
"""
import argparse
import random
import resource
import statistics
import time

import simpy


class CountingEnvironment(simpy.Environment):
    def __init__(self):
        super().__init__()
        self.steps = 0

    def step(self):
        self.steps += 1
        simpy.Environment.step(self)


def run_once(customers, rho, seed, env_class=simpy.Environment):
    env = env_class()
    server = simpy.Resource(env, capacity=1)
    arrivals = random.Random(seed)
    service = random.Random(seed + 1_000_003)
    done = env.event()
    state = {"departed": 0, "wait": 0.0}

    def customer():
        arrived = env.now
        with server.request() as req:
            yield req
            state["wait"] += env.now - arrived
            yield env.timeout(service.expovariate(1.0))
        state["departed"] += 1
        if state["departed"] == customers:
            done.succeed()

    def source():
        while True:
            yield env.timeout(arrivals.expovariate(rho))
            env.process(customer())

    env.process(source())
    start = time.perf_counter()
    env.run(until=done)
    seconds = time.perf_counter() - start
    return seconds, state["departed"], state["wait"] / state["departed"], env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rho", type=float, default=0.9)
    args = parser.parse_args()

    # Event count per customer, from a counting run with the first seed.
    _, departed, _, env = run_once(args.customers, args.rho, 1, CountingEnvironment)
    events_per_customer = env.steps / departed

    seconds, rates, waits = [], [], []
    for r in range(args.runs):
        s, departed, wait, _ = run_once(args.customers, args.rho, 1 + r)
        seconds.append(s)
        rates.append(departed / s)
        waits.append(wait)
    customers_per_s = statistics.median(rates)
    events_per_s = customers_per_s * events_per_customer
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    theory = args.rho / (1.0 - args.rho)
    print(f"SimPy {simpy.__version__} M/M/1 (rho={args.rho:.2f}, {args.customers} customers, "
          f"median of {args.runs} runs)")
    print(f"  events/s     {events_per_s:.0f}  ({events_per_customer:.2f} events per customer)")
    print(f"  customers/s  {customers_per_s:.0f}")
    print(f"  run time     {statistics.median(seconds):.3f} s (median)")
    print(f"  mean wait    {statistics.fmean(waits):.4f} (theory {theory:.4f})")
    print(f"  peak RSS     {rss_mb:.1f} MB")
    print(f"RESULT events_per_s={events_per_s:.0f} customers_per_s={customers_per_s:.0f} "
          f"events_per_customer={events_per_customer:.4f}")


if __name__ == "__main__":
    main()
