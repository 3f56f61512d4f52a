#!/bin/sh
# Times `kinlink synth` on an fy2019-volume truth stream (≈ 2 million records): records/s, wall,
# CPU and peak RSS of three runs and their medians (the machine is noisy; CPU time is the figure
# that load does not inflate). The synthesizer runs in a child process under /usr/bin/time -v,
# so the peak RSS is the synthesizer's own. Target: under 60 s wall on two cores.
# Usage: BUILD_DIR=build bench/synth_scale.sh [--scale F]
set -eu
BUILD_DIR=${BUILD_DIR:-build}
bench="$BUILD_DIR/bench/bench_synth_scale"
dir=$(mktemp -d /tmp/kinlink-synth-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "== synth_scale: generating the truth stream once, then three synth runs (load: $(cut -d' ' -f1-3 /proc/loadavg))"
"$bench" --dir "$dir" --keep "$@" | grep -v '^synth:' || true
for run in 1 2 3; do
  echo "-- run $run"
  /usr/bin/time -v -o "$dir/time.$run" "$bench" --dir "$dir" --truth "$dir/truth.jsonl" --keep "$@" |
    tee "$dir/out.$run"
  grep -E 'Maximum resident|Elapsed' "$dir/time.$run" | sed 's/^\s*/   time -v: /'
done
# "synth: W s wall, C s cpu, R records/s, peak RSS M MB" -> medians of each figure.
grep -h 'records/s' "$dir"/out.* | awk '
  { w[NR] = $2; c[NR] = $5; r[NR] = $8; m[NR] = $12 }
  function median(a,   n, i, j, t) {
    n = 0; for (i in a) n++
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return a[int((n + 1) / 2)]
  }
  END { printf "synth median of %d: %.1f s wall, %.1f s cpu, %.0f records/s, peak RSS %.0f MB\n",
               NR, median(w), median(c), median(r), median(m) }'
