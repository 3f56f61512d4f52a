#!/bin/sh
# kinlink ingest of the synthesized agency exports (hash chain + projections, one commit per
# batch) beside SQLite's own plain-INSERT rate on the same event rows, as a ratio.
# Data: $LEDGER_BENCH_DATA, else /work/data/fy2019/records (fy2019-volume, when READY), else a
# small zero-tolerance-2018 set synthesized here (quick run).
set -eu
BUILD_DIR=${BUILD_DIR:-build}
KINLINK="$BUILD_DIR/src/cli/kinlink"
DATA=${LEDGER_BENCH_DATA:-}
if [ -z "$DATA" ] && [ -f /work/data/fy2019/READY ]; then DATA=/work/data/fy2019/records; fi
if [ -z "$DATA" ]; then
  DATA=${TMPDIR:-/tmp}/kinlink_ledger_bench_small
  if [ ! -f "$DATA/cbp_apprehensions.csv" ]; then
    mkdir -p "$DATA"
    "$KINLINK" simulate zero-tolerance-2018 -n 1 --seed 1 --truth "$DATA/truth.jsonl" >/dev/null
    "$KINLINK" synth --truth "$DATA/truth.jsonl" --out "$DATA" --seed 1 >/dev/null
  fi
fi
echo "data: $DATA"
"$BUILD_DIR/bench/bench_ledger_ingest" --data "$DATA" --batch "${LEDGER_BENCH_BATCH:-20000}" \
  --sync "${LEDGER_BENCH_SYNC:-normal}" --parse-threads "${LEDGER_BENCH_PARSE_THREADS:-1}"
