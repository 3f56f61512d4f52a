#!/bin/sh
# The ledger's ingest rate (hash chain + projections, durable per batch) against SQLite's own
# plain-INSERT baseline on the same rows, and `status` latency on a 5-million-event ledger.
set -eu
BUILD_DIR=${BUILD_DIR:-build}
"$BUILD_DIR/bench/bench_ledger_ingest" --events "${LEDGER_BENCH_EVENTS:-5000000}" --batch 20000
