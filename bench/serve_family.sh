#!/bin/bash
# wrk on loopback against family lookups (GET /api/families/{id}) with auditing on: every request
# is authorized, appends an access_audit entry to the hash-chained log and waits until that entry
# is committed (group commit) before its response is sent.
#
#   BUILD_DIR=build bench/serve_family.sh            # 60 s, 32 connections, 2 wrk threads
#
# The configuration the target is judged at: wrk -t2 -c32 (keep-alive), server --io-threads 1
# --threads 16, --audit-sync interval, after a 5 s warm-up. Chosen 2026-11-30 by alternating 10 s
# runs on the shared 2-core machine: -c32 gave the most requests/s and the lowest p99 (-c16 and
# -c24 cost more server CPU per request, the group commits being smaller; -c48 and -c64 the same
# CPU per request but longer queues, so a higher p99); --io-threads 2 and wrk -t1 were slower.
#   SERVE_BENCH_CONNECTIONS=64 SERVE_BENCH_IO_THREADS=2 SERVE_BENCH_WRK_THREADS=1 ...  # other layouts
#   SERVE_BENCH_SECONDS=15 bench/serve_family.sh     # shorter, on a shared machine
#   SERVE_BENCH_RUNS=3 bench/serve_family.sh         # 3 runs; prints each and the medians
#   SERVE_BENCH_BASELINE=/tmp/kinlink-old bench/serve_family.sh
#       # also runs another kinlink binary (an older build), alternating with this one on copies
#       # of the same ledger, and prints the ratio of the medians (same machine, same load)
#   SERVE_BENCH_PROFILE=/tmp/prof bench/serve_family.sh
#       # also records the server with `perf record -g` during the run (and each thread's CPU
#       # ticks at its end): /tmp/prof.<label>.<run>.{perf.txt,perf.data,threads.txt}
#   SERVE_BENCH_AUDIT_SYNC=batch bench/serve_family.sh   # fsync every audit batch (default:
#                                                        # interval = in the WAL, fsync every 50 ms)
#
# Builds a ledger of SERVE_BENCH_FAMILIES families (a generated truth stream: a parent and two
# children per family, apprehension, separation, custody transfers) with `kinlink ingest`, adds an
# admin account, starts `kinlink serve`, runs wrk, prints requests/s, p50/p99 and errors, then
# checks that every answered request's audit entry is in the log and that the chain verifies.
# wrk and the server share the machine's cores: on a loaded machine the figures understate what
# the server does alone; the load average is printed with each run.
set -euo pipefail
BUILD_DIR=${BUILD_DIR:-build}
KINLINK=$(realpath "$BUILD_DIR/src/cli/kinlink")
BASELINE=${SERVE_BENCH_BASELINE:-}
SECONDS_TO_RUN=${SERVE_BENCH_SECONDS:-60}
RUNS=${SERVE_BENCH_RUNS:-1}
CONNECTIONS=${SERVE_BENCH_CONNECTIONS:-48}
WRK_THREADS=${SERVE_BENCH_WRK_THREADS:-2}
WARMUP_SECONDS=${SERVE_BENCH_WARMUP_SECONDS:-5}
# Worker threads (blocking requests) and event loops of this build; an older build with the
# thread-per-connection transport (no --io-threads option) gets connections + 16 workers instead.
THREADS=${SERVE_BENCH_SERVER_THREADS:-16}
IO_THREADS=${SERVE_BENCH_IO_THREADS:-1}
FAMILIES=${SERVE_BENCH_FAMILIES:-2000}
PORT=${SERVE_BENCH_PORT:-18089}
AUDIT_SYNC=${SERVE_BENCH_AUDIT_SYNC:-interval}
WORK=$(mktemp -d /tmp/kinlink-serve-bench.XXXXXX)
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building a ledger of $FAMILIES families"
awk -v n="$FAMILIES" 'BEGIN {
  print "{\"record\":\"header\",\"format\":\"kinlink-truth\",\"version\":1,\"scenario\":\"serve-bench\",\"seed\":1,\"replication\":0,\"start\":\"2018-05-01T00:00:00Z\",\"end\":\"2018-08-31T00:00:00Z\"}"
  print "{\"record\":\"facility\",\"facility_id\":\"cbp-rio_grande_valley-station\",\"name\":\"RGV station\",\"kind\":\"border_patrol_station\",\"sector\":\"rio_grande_valley\"}"
  print "{\"record\":\"facility\",\"facility_id\":\"usms-sd_tex-jail\",\"name\":\"USMS jail\",\"kind\":\"usms_jail\",\"district\":\"sd_tex\"}"
  print "{\"record\":\"facility\",\"facility_id\":\"orr-shelter-tx\",\"name\":\"ORR shelter\",\"kind\":\"orr_shelter\"}"
  for (f = 1; f <= n; f++) {
    p = "F" f "A"; c1 = "F" f "B"; c2 = "F" f "C"; day = sprintf("2018-%02d-%02d", 5 + (f % 3), 1 + (f % 28))
    printf "{\"record\":\"person\",\"person_id\":\"%s\",\"sex\":\"female\",\"birth_date\":\"1988-01-01\",\"citizenship\":\"GTM\",\"given_names\":[\"Maria\"],\"paternal_surname\":\"Lopez%d\"}\n", p, f
    printf "{\"record\":\"person\",\"person_id\":\"%s\",\"sex\":\"male\",\"birth_date\":\"2012-03-01\",\"citizenship\":\"GTM\",\"given_names\":[\"Jose\"],\"paternal_surname\":\"Perez%d\"}\n", c1, f
    printf "{\"record\":\"person\",\"person_id\":\"%s\",\"sex\":\"female\",\"birth_date\":\"2014-03-01\",\"citizenship\":\"GTM\",\"given_names\":[\"Ana\"],\"paternal_surname\":\"Perez%d\"}\n", c2, f
    printf "{\"record\":\"family_unit\",\"family_unit_id\":\"F%d\",\"members\":[\"%s\",\"%s\",\"%s\"]}\n", f, p, c1, c2
    printf "{\"record\":\"relationship\",\"parent_id\":\"%s\",\"child_id\":\"%s\",\"kind\":\"biological\"}\n", p, c1
    printf "{\"record\":\"relationship\",\"parent_id\":\"%s\",\"child_id\":\"%s\",\"kind\":\"biological\"}\n", p, c2
    split(p " " c1 " " c2, who, " ")
    for (i = 1; i <= 3; i++)
      printf "{\"record\":\"event\",\"event_id\":\"E%dA%d\",\"type\":\"apprehension\",\"effective_at\":\"%sT08:00:00Z\",\"person_id\":\"%s\",\"family_unit_id\":\"F%d\",\"sector\":\"rio_grande_valley\",\"station_id\":\"cbp-rio_grande_valley-station\"}\n", f, i, day, who[i], f
    printf "{\"record\":\"event\",\"event_id\":\"E%dS1\",\"type\":\"separation\",\"effective_at\":\"%sT12:00:00Z\",\"child_id\":\"%s\",\"parent_id\":\"%s\",\"family_unit_id\":\"F%d\",\"reason\":\"parent_prosecution\"}\n", f, day, c1, p, f
    printf "{\"record\":\"event\",\"event_id\":\"E%dS2\",\"type\":\"separation\",\"effective_at\":\"%sT12:00:00Z\",\"child_id\":\"%s\",\"parent_id\":\"%s\",\"family_unit_id\":\"F%d\",\"reason\":\"parent_prosecution\"}\n", f, day, c2, p, f
    printf "{\"record\":\"event\",\"event_id\":\"E%dT1\",\"type\":\"custody_transfer\",\"effective_at\":\"%sT13:00:00Z\",\"person_id\":\"%s\",\"releasing\":{\"agency\":\"cbp\",\"facility_id\":\"cbp-rio_grande_valley-station\"},\"receiving\":{\"agency\":\"usms\",\"facility_id\":\"usms-sd_tex-jail\"}}\n", f, day, p
    for (i = 2; i <= 3; i++)
      printf "{\"record\":\"event\",\"event_id\":\"E%dT%d\",\"type\":\"custody_transfer\",\"effective_at\":\"%sT20:00:00Z\",\"person_id\":\"%s\",\"releasing\":{\"agency\":\"cbp\",\"facility_id\":\"cbp-rio_grande_valley-station\"},\"receiving\":{\"agency\":\"orr\",\"facility_id\":\"orr-shelter-tx\"}}\n", f, i, day, who[i]
  }
}' > "$WORK/truth.jsonl"
"$KINLINK" ingest --db "$WORK/pristine.db" --source truth "$WORK/truth.jsonl" --as-of 2018-07-26 >/dev/null
"$KINLINK" user add bench --role admin --db "$WORK/pristine.db" --password bench-password --cost minimal >/dev/null

# run_one BINARY LABEL: one wrk run against BINARY over a fresh copy of the ledger; appends
# "label rps p50_ms p99_ms errors" to $WORK/results and fails when an audit entry is missing or the
# chain does not verify.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
run_one() {
  local binary=$1 label=$2 db="$WORK/run.db"
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$WORK/pristine.db" "$db"
  local threads_args=(--threads "$THREADS" --io-threads "$IO_THREADS")
  local help
  help=$("$binary" serve --help)
  [[ "$help" == *--io-threads* ]] || threads_args=(--threads $((CONNECTIONS + 16)))
  "$binary" serve --db "$db" --listen "127.0.0.1:$PORT" "${threads_args[@]}" \
    --audit-sync "$AUDIT_SYNC" >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 50); do grep -q listening "$WORK/serve.log" 2>/dev/null && break; sleep 0.1; done
  local token
  token=$(curl -sf "http://127.0.0.1:$PORT/api/session" -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"bench-password","bearer":true}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
  [[ ${#token} -eq 64 ]] || { echo "login failed"; cat "$WORK/serve.log"; exit 1; }
  cat > "$WORK/family.lua" <<LUA
math.randomseed(42)
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["X-Purpose"] = "benchmark: family lookups"
request = function()
  return wrk.format("GET", "/api/families/F" .. math.random(1, $FAMILIES))
end
LUA
  if (( WARMUP_SECONDS > 0 )); then
    # Not measured: the first read of each family renders it (about 1 ms, on a worker thread) into
    # the record cache; the measured run then sees the steady state.
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s "$WORK/family.lua" \
      "http://127.0.0.1:$PORT" >/dev/null
  fi
  local audits_before
  audits_before=$(sqlite3 "$db" "SELECT count(*) FROM event WHERE type='access_audit'")
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== $label: wrk -t$WRK_THREADS -c$CONNECTIONS -d${SECONDS_TO_RUN}s (after ${WARMUP_SECONDS}s of warm-up), GET /api/families/{id}, audit sync $AUDIT_SYNC, server ${threads_args[*]} (load before: $load)"
  # The server's CPU time (user + system) per answered request: less sensitive to the other
  # load on a shared machine than requests/s.
  cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
  local ticks_before
  ticks_before=$(cpu_ticks)
  local profiler=""
  if [[ -n "${SERVE_BENCH_PROFILE:-}" ]]; then
    local prefix="$SERVE_BENCH_PROFILE.$label.$run"
    perf record -g -p "$SERVER_PID" -o "$WORK/perf.data" -- sleep $((SECONDS_TO_RUN - 2)) \
      >/dev/null 2>&1 &
    profiler=$!
  fi
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s "$WORK/family.lua" \
    "http://127.0.0.1:$PORT" >"$WORK/wrk.txt"
  if [[ -n "$profiler" ]]; then
    for task in /proc/"$SERVER_PID"/task/*; do  # CPU ticks of each thread over the whole run
      echo "$(basename "$task") $(cat "$task/comm") $(awk '{ print $14 + $15 }' "$task/stat")"
    done | sort -k3 -rn >"$prefix.threads.txt"
    wait "$profiler" || true
    perf report -i "$WORK/perf.data" --no-children -g none --percent-limit 0.5 \
      --sort comm,dso,symbol --stdio 2>/dev/null | grep -v '^$' | cut -c1-160 \
      >"$prefix.perf.txt" || true
    mv "$WORK/perf.data" "$prefix.perf.data"
  fi
  local ticks_after
  ticks_after=$(cpu_ticks)
  local rps p50 p99 total non2xx socket
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
  total=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt"); non2xx=${non2xx:-0}
  socket=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' "$WORK/wrk.txt"); socket=${socket:-0}
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  local audits_after
  audits_after=$(sqlite3 "$db" "SELECT count(*) FROM event WHERE type='access_audit'")
  local cpu_us
  cpu_us=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v n="$total" \
    'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  echo "   ${rps} requests/s, p50 ${p50}, p99 ${p99}, errors: ${non2xx} non-2xx + ${socket} socket"
  echo "   server CPU ${cpu_us} us per request (user + system)"
  echo "   ${total} responses, $((audits_after - audits_before)) audit entries committed; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  # wrk counts requests it sent whose responses were still in flight when it stopped; the server
  # answered (and audited) at least every response wrk counted.
  if (( audits_after - audits_before < total )); then
    echo "   FAIL: fewer audit entries than answered requests"; exit 1
  fi
  "$KINLINK" verify --db "$db" | tail -n 1
  echo "$label $rps $(to_ms "$p50") $(to_ms "$p99") $((non2xx + socket)) $cpu_us" >>"$WORK/results"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for run in $(seq "$RUNS"); do
  [[ -n "$BASELINE" ]] && run_one "$(realpath "$BASELINE")" baseline
  run_one "$KINLINK" current
done
echo
for label in current baseline; do
  grep -q "^$label " "$WORK/results" 2>/dev/null || continue
  rps=$(awk -v l=$label '$1 == l {print $2}' "$WORK/results" | median)
  p50=$(awk -v l=$label '$1 == l {print $3}' "$WORK/results" | median)
  p99=$(awk -v l=$label '$1 == l {print $4}' "$WORK/results" | median)
  errors=$(awk -v l=$label '$1 == l {s += $5} END {print s}' "$WORK/results")
  cpu=$(awk -v l=$label '$1 == l {print $6}' "$WORK/results" | median)
  echo "serve_family ($label, median of $RUNS): ${rps} requests/s, p50 ${p50} ms, p99 ${p99} ms, errors ${errors}, server CPU ${cpu} us/request"
  echo "   configuration: wrk -t$WRK_THREADS -c$CONNECTIONS -d${SECONDS_TO_RUN}s after ${WARMUP_SECONDS}s warm-up; server --io-threads $IO_THREADS --threads $THREADS --audit-sync $AUDIT_SYNC; $(nproc) cores (target: >= 20,000 requests/s, p99 <= 10 ms, 60 s, 0 errors)"
done
if [[ -n "$BASELINE" ]]; then
  awk '$1 == "current" {c[++n] = $2} $1 == "baseline" {b[++m] = $2}
       $1 == "current" {cc[n] = $6} $1 == "baseline" {bc[m] = $6}
       END { for (i = 1; i <= n; i++)
               printf "run %d: current/baseline = %.2fx requests/s, %.2fx server CPU per request\n",
                      i, c[i] / b[i], cc[i] / bc[i] }' "$WORK/results"
fi
