#!/usr/bin/env bash
# M/M/1 throughput: kinlink's simulation engine against SimPy on the same model.
#
#   BUILD_DIR=build bash bench/sim_mm1.sh          (or: make bench)
#
# Runs bench_sim_mm1 (C++, one core) and bench/simpy_mm1.py (Debian's python3-simpy3, run with
# /usr/bin/python3: the python3 first on PATH may be another interpreter without simpy), then
# prints both rates and the ratio. Target: >= 20 M events/s and >= 50x SimPy.
#
# Counting: each kernel counts its own dispatched events (kinlink: Simulation::events_processed();
# SimPy: Environment.step calls). SimPy needs 6 events per customer (process start, arrival
# timeout, request, service timeout, release, process end) where kinlink needs about 3.9 (start,
# arrival timeout, service timeout, and a wake-up only for customers who queued). To count the
# same way in both, the summary also gives kinlink's rate in SimPy's events (customers/s times
# SimPy's events per customer); the ratio on that count equals the ratio of customers per second,
# the like-for-like speed-up. The ratio of each kernel's own event rate is printed as well.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
CUSTOMERS=${CUSTOMERS:-2000000}
SIMPY_CUSTOMERS=${SIMPY_CUSTOMERS:-200000}
RUNS=${RUNS:-5}
SIMPY_RUNS=${SIMPY_RUNS:-3}

bin="$BUILD_DIR/bench/bench_sim_mm1"
if [[ ! -x $bin ]]; then
  cmake --build "$BUILD_DIR" --target bench_sim_mm1 >/dev/null
fi

kin_out=$("$bin" --customers "$CUSTOMERS" --runs "$RUNS")
echo "$kin_out" | grep -v '^RESULT'
field() { echo "$1" | sed -n "s/.*RESULT.*$2=\([0-9.]*\).*/\1/p"; }
kin_events=$(field "$kin_out" events_per_s)
kin_customers=$(field "$kin_out" customers_per_s)

if ! /usr/bin/python3 -c 'import simpy' 2>/dev/null; then
  echo "SimPy: not available (/usr/bin/python3 cannot import simpy; apt-get install python3-simpy3)"
  exit 0
fi
simpy_out=$(/usr/bin/python3 bench/simpy_mm1.py --customers "$SIMPY_CUSTOMERS" --runs "$SIMPY_RUNS")
echo "$simpy_out" | grep -v '^RESULT'
simpy_events=$(field "$simpy_out" events_per_s)
simpy_customers=$(field "$simpy_out" customers_per_s)
simpy_epc=$(field "$simpy_out" events_per_customer)

awk -v ke="$kin_events" -v kc="$kin_customers" -v se="$simpy_events" -v sc="$simpy_customers" \
    -v epc="$simpy_epc" 'BEGIN {
  printf "M/M/1 summary   events/s, own count   events/s, SimPy'"'"'s count   customers/s\n"
  printf "  kinlink       %14.2f M   %17.2f M   %11.0f\n", ke / 1e6, kc * epc / 1e6, kc
  printf "  SimPy         %14.2f M   %17.2f M   %11.0f\n", se / 1e6, se / 1e6, sc
  printf "  speed-up: %.1fx counted the same way (customers/s = events/s on SimPy'"'"'s count of %.0f per customer);\n", kc / sc, epc
  printf "            %.1fx on each kernel'"'"'s own event count\n", ke / se
  printf "  targets:  >= 20 M events/s (own count) %s;  >= 50x SimPy %s\n", (ke >= 20e6 ? "met" : "NOT met"), (kc / sc >= 50 ? "met" : "NOT met")
}'
