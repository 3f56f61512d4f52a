#!/usr/bin/env bash
# `make demo`: the end-to-end job on the embedded default scenario (zero-tolerance-2018):
# simulate -> synthesize -> ingest -> link -> ledger -> report -> dashboard (served until Ctrl-C;
# KINLINK_DEMO_PORT sets the port, default 8080).
# Everything it writes goes to $KINLINK_DEMO_DIR (default: demo-out/).
set -euo pipefail
BUILD_DIR=${1:-build}
KINLINK="$BUILD_DIR/src/cli/kinlink"
OUT=${KINLINK_DEMO_DIR:-demo-out}
SCENARIO=zero-tolerance-2018
rm -f "$OUT"/kinlink.db*   # a fresh ledger each run (ingest itself is idempotent)
mkdir -p "$OUT"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "kinlink $("$KINLINK" --version | awk '{print $2}'): simulate $SCENARIO (calibration against the published figures, and summary)"
"$KINLINK" simulate "$SCENARIO" --replications 10 --seed 2018 --calibration \
  --out "$OUT/simulate" --truth "$OUT/truth.jsonl"
echo "(charts and CSV in $OUT/simulate/; ground truth in $OUT/truth.jsonl)"

step "Synthesize the agencies' records from the simulated run"
"$KINLINK" synth --truth "$OUT/truth.jsonl" --out "$OUT/records" --seed 2018

step "Ingest the agencies' records into the ledger"
for agency in cbp usao usms ice orr; do
  for file in "$OUT/records/${agency}_"*; do
    "$KINLINK" ingest --db "$OUT/kinlink.db" --source "$agency" "$file"
  done
done

step "Link the agencies' 2018 records into persons and parent-child links, scored against the synthesizer's truth; link decisions go to the ledger"
"$KINLINK" link "$OUT/records" --truth "$OUT/records/answer_key.jsonl" --db "$OUT/kinlink.db" \
  --out "$OUT/link"
echo "(persons in $OUT/link/clusters.csv, parent-child links in $OUT/link/family_links.json, review queue in $OUT/link/review_queue.csv)"
pair=$(awk -F, '$1 == "possible_match" { sub(/^[0-9]+\//, "", $2); sub(/^[0-9]+\//, "", $3); print $2, $3; exit }' \
  "$OUT/link/review_queue.csv")
if [[ -n "$pair" ]]; then
  step "Why a pair waits for review: its match-weight breakdown, from the saved model"
  # shellcheck disable=SC2086  # two record ids
  "$KINLINK" link explain $pair "$OUT/records" --model "$OUT/link/model.json"
fi

step "How true are the ledger's answers? Each scored against the simulator's truth, as of three dates, from everything recorded and from only what was known on the day"
"$KINLINK" evaluate --db "$OUT/kinlink.db" --truth "$OUT/truth.jsonl" \
  --key "$OUT/records/answer_key.jsonl" | tee "$OUT/truth-table.txt"
echo "(definitions: docs/evaluation.md; JSON: kinlink evaluate ... --json)"

step "Link agency records into persons and parent-child links (sample records with known truth)"
"$KINLINK" link data/linkage/examples/agency_sample.csv --mapping data/linkage/mappings/agency_sample.toml \
  --truth data/linkage/examples/agency_sample_truth.csv --out "$OUT/link-sample"
step "Why two records were linked: the match-weight breakdown"
"$KINLINK" link explain R005 R023 data/linkage/examples/agency_sample.csv \
  --mapping data/linkage/mappings/agency_sample.toml
FEBRL=../shared/benchmarks/febrl
if [[ -f "$FEBRL/dataset4a.csv" ]]; then
  step "FEBRL4 link-only without soc_sec_id, unsupervised (published supervised F1 = 0.969)"
  "$KINLINK" link "$FEBRL/dataset4a.csv" "$FEBRL/dataset4b.csv" \
    --mapping data/linkage/mappings/febrl.toml --without soc_sec_id --one-to-one
fi

for as_of in 2018-06-26 2018-07-26; do
  # Full lists go to files (a pipe into head would end kinlink with SIGPIPE under pipefail).
  step "Open separations as of $as_of (first 25; all in $OUT/separations-$as_of.txt)"
  "$KINLINK" separations --db "$OUT/kinlink.db" --open --as-of "$as_of" >"$OUT/separations-$as_of.txt"
  head -n 25 "$OUT/separations-$as_of.txt"
  grep '^\* ' "$OUT/separations-$as_of.txt" || true   # how many parents the linker found
  step "Open separations as of $as_of from only what the records showed that day (first 5)"
  "$KINLINK" separations --db "$OUT/kinlink.db" --open --as-of "$as_of" --known-at "$as_of" \
    >"$OUT/separations-$as_of-known-then.txt"
  head -n 5 "$OUT/separations-$as_of-known-then.txt"
  step "Alerts as of $as_of (first 25 lines; all in $OUT/alerts-$as_of.txt)"
  "$KINLINK" alerts --db "$OUT/kinlink.db" --as-of "$as_of" >"$OUT/alerts-$as_of.txt"
  head -n 25 "$OUT/alerts-$as_of.txt"
done

step "Verify the ledger's hash chain"
"$KINLINK" verify --db "$OUT/kinlink.db"

PORT=${KINLINK_DEMO_PORT:-8080}
step "Serve the dashboard on the 2018 ledger (Ctrl-C stops it)"
"$KINLINK" user add demo --role admin --db "$OUT/kinlink.db" --password 'kinlink-demo-2018'
echo "Dashboard: http://127.0.0.1:$PORT/   login: demo / kinlink-demo-2018"
exec "$KINLINK" serve --db "$OUT/kinlink.db" --listen "127.0.0.1:$PORT" --audit-sync interval
