#!/bin/sh
# One million records deduplicated end to end on this machine (target: <= 15 s wall on 2 cores,
# <= 4 GiB peak). The records are generated inside the benchmark by a seeded corrupter.
# No peer runs here (Splink is a Python package; Debian 12 does not ship it and PyPI is not
# reachable). Splink's own figure, not measured here: "a million records on a laptop in around a
# minute"; 7M records / ~1B comparisons predicted in 975 s on 8 vCPU (../shared/reference/anchors.md).
set -eu
BUILD_DIR=${BUILD_DIR:-build}
echo "== linkage at scale: 1,000,000 records, 2 threads =="
"$BUILD_DIR/bench/bench_linkage_scale" 1000000 2
