#!/bin/bash
# wrk on loopback against family lookups (GET /api/families/{id}) with auditing on: every request
# is authorized, appends an access_audit entry to the hash-chained log and waits until that entry
# is committed (group commit) before its response is sent.
#
#   BUILD_DIR=build bench/serve_family.sh            # 60 s, 64 connections, 2 wrk threads
#   SERVE_BENCH_SECONDS=15 bench/serve_family.sh     # shorter, on a shared machine
#   SERVE_BENCH_AUDIT_SYNC=batch bench/serve_family.sh   # fsync every audit batch (default:
#                                                        # interval = in the WAL, fsync every 50 ms)
#
# Builds a ledger of SERVE_BENCH_FAMILIES families (a generated truth stream: a parent and two
# children per family, apprehension, separation, custody transfers) with `kinlink ingest`, adds a
# caseworker-free admin account, starts `kinlink serve`, runs wrk, prints requests/s, p50/p99 and
# errors, then checks that the audit entries are all in the log and that the chain verifies.
set -euo pipefail
BUILD_DIR=${BUILD_DIR:-build}
KINLINK=$(realpath "$BUILD_DIR/src/cli/kinlink")
SECONDS_TO_RUN=${SERVE_BENCH_SECONDS:-60}
CONNECTIONS=${SERVE_BENCH_CONNECTIONS:-64}
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
"$KINLINK" ingest --db "$WORK/kinlink.db" --source truth "$WORK/truth.jsonl" --as-of 2018-07-26 >/dev/null
"$KINLINK" user add bench --role admin --db "$WORK/kinlink.db" --password bench-password --cost minimal >/dev/null

"$KINLINK" serve --db "$WORK/kinlink.db" --listen "127.0.0.1:$PORT" --threads $((CONNECTIONS + 16)) \
  --audit-sync "$AUDIT_SYNC" \
  >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do grep -q listening "$WORK/serve.log" 2>/dev/null && break; sleep 0.1; done
TOKEN=$(curl -sf "http://127.0.0.1:$PORT/api/session" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password","bearer":true}' | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
[[ ${#TOKEN} -eq 64 ]] || { echo "login failed"; cat "$WORK/serve.log"; exit 1; }
audits_before=$(sqlite3 "$WORK/kinlink.db" "SELECT count(*) FROM event WHERE type='access_audit'")

cat > "$WORK/family.lua" <<LUA
math.randomseed(42)
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["X-Purpose"] = "benchmark: family lookups"
request = function()
  return wrk.format("GET", "/api/families/F" .. math.random(1, $FAMILIES))
end
LUA
echo "== wrk -t2 -c$CONNECTIONS -d${SECONDS_TO_RUN}s against GET /api/families/{id}, audit sync $AUDIT_SYNC (load: $(cut -d' ' -f1-3 /proc/loadavg))"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s "$WORK/family.lua" \
  "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt"

rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
total=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt"); non2xx=${non2xx:-0}
socket=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' "$WORK/wrk.txt"); socket=${socket:-0}
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
audits_after=$(sqlite3 "$WORK/kinlink.db" "SELECT count(*) FROM event WHERE type='access_audit'")
echo
echo "serve_family: ${rps} requests/s, p50 ${p50}, p99 ${p99}, errors: ${non2xx} non-2xx + ${socket} socket"
echo "serve_family: ${total} responses, $((audits_after - audits_before)) audit entries committed"
"$KINLINK" verify --db "$WORK/kinlink.db" | tail -n 1
