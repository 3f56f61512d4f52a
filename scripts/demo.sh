#!/usr/bin/env bash
# `make demo`: the end-to-end job on the embedded default, as far as kinlink goes today.
# Each stage appends itself here as it lands: simulate -> synthesize -> ingest -> link -> ledger
# -> report / dashboard.
set -euo pipefail
BUILD_DIR=${1:-build}
KINLINK="$BUILD_DIR/src/cli/kinlink"
OUT=${KINLINK_DEMO_DIR:-demo-out}
mkdir -p "$OUT"

echo "== kinlink $("$KINLINK" --version | awk '{print $2}') demo =="
echo
echo "-- How kinlink reads the dates and A-numbers agencies record"
"$KINLINK" parse date 2011-03-05 5-MAR-2011 20110305 "age 7 on 2018-05-10" 03/05/2011 || true
"$KINLINK" parse a-number A12345678 "A-212-345-678" A1234 || true
