#!/bin/sh
# `status` latency in process on a ledger of 5 million events (built once from synthetic custody
# stories and kept at $LEDGER_STATUS_DB for later runs; delete it to rebuild).
set -eu
BUILD_DIR=${BUILD_DIR:-build}
DB=${LEDGER_STATUS_DB:-${TMPDIR:-/tmp}/kinlink_bench_status.db}
"$BUILD_DIR/bench/bench_ledger_status" --db "$DB" --events "${LEDGER_STATUS_EVENTS:-5000000}" \
  --queries "${LEDGER_STATUS_QUERIES:-20000}"
