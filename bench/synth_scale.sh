#!/bin/sh
# Times `kinlink synth` on an fy2019-volume truth stream (≈ 2 million records) and prints
# records/s and peak RSS, three runs so the median can be read off (the machine is noisy).
# Usage: BUILD_DIR=build bench/synth_scale.sh [--scale F]
set -eu
BUILD_DIR=${BUILD_DIR:-build}
bench="$BUILD_DIR/bench/bench_synth_scale"
dir=$(mktemp -d /tmp/kinlink-synth-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "== synth_scale: generating the truth stream once, then three synth runs"
"$bench" --dir "$dir" --keep "$@" | grep -v '^synth:' || true
for run in 1 2 3; do
  echo "-- run $run"
  "$bench" --dir "$dir" --truth "$dir/truth.jsonl" --keep "$@"
done
