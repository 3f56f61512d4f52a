#!/usr/bin/env bash
# The pipeline model at FY2019 volume: one replication (target < 2 s), 100 replications on 2
# cores (target < 2 min), peak memory. BUILD_DIR is set by `make bench`.
set -euo pipefail
BUILD_DIR=${BUILD_DIR:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPLICATIONS=${SIM_FY2019_REPLICATIONS:-100}
echo "== bench_sim_fy2019: scenarios/fy2019-volume.toml"
"$BUILD_DIR/bench/bench_sim_fy2019" "$ROOT/scenarios/fy2019-volume.toml" "$REPLICATIONS" 2
