#!/usr/bin/env bash
# The pipeline model at FY2019 volume: one replication (target < 2 s), 100 replications on 2
# cores (target < 2 min), peak memory. BUILD_DIR is set by `make bench`.
#
#   BUILD_DIR=build bash bench/sim_fy2019.sh
#   SIM_FY2019_REPLICATIONS=20 BUILD_DIR=build bash bench/sim_fy2019.sh   (extrapolates to 100)
#
# Prints seconds per replication (wall and CPU: on a shared machine wall time grows with the
# load, CPU time much less), the wall time of 100 replications on 2 threads (measured, or
# extrapolated from fewer when SIM_FY2019_REPLICATIONS is set, and then labelled so), and the
# process's peak resident memory (VmHWM, and /usr/bin/time's maximum RSS when available).
set -euo pipefail
BUILD_DIR=${BUILD_DIR:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPLICATIONS=${SIM_FY2019_REPLICATIONS:-100}
bin="$BUILD_DIR/bench/bench_sim_fy2019"
if [[ ! -x $bin ]]; then
  cmake --build "$BUILD_DIR" --target bench_sim_fy2019 >/dev/null
fi
echo "== bench_sim_fy2019: scenarios/fy2019-volume.toml, $REPLICATIONS replications on 2 threads"
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -f "  process: %e s wall, %U s user + %S s sys CPU, max RSS %M kB" \
    "$bin" "$ROOT/scenarios/fy2019-volume.toml" "$REPLICATIONS" 2
else
  "$bin" "$ROOT/scenarios/fy2019-volume.toml" "$REPLICATIONS" 2
fi
