#!/usr/bin/env bash
# Floods APIBasic with unknown tokens and watches what reaches the stand-in, and what a legitimate client sees.
#
#   Benchmarks/flood.sh
#   DURATION=10 CONNECTIONS=64 SKIP_BUILD=1 Benchmarks/flood.sh
#
# Builds APIBasic, LocalZitadel and ClientCC in release mode (SKIP_BUILD=1 skips that). Loopback addresses only;
# every loop is bounded in count and time. Two parts:
#
# 1. The flood. LocalZitadel and APIBasic (default settings: INTROSPECTION_RATE_PER_CLIENT 10, bursts of 20). The
#    flooding client, at 127.0.0.1, first caches a valid token of its own; then `wrk -t2 -cCONNECTIONS` sends
#    /api/private for DURATION seconds, every request with a new unknown token (Benchmarks/flood.lua). Halfway, a
#    legitimate client at 127.0.0.2 (curl --interface) calls /api/private-scoped with a token it has just obtained,
#    then again (now cached), and the flooder's cached token is tried too. Prints the introspections that reached
#    the stand-in (in all, and the busiest second), the flood's answers by status, the legitimate client's statuses
#    and latencies, and how long after the flood's end the last introspection arrived.
#
# 2. ZITADEL's Retry-After. LocalZitadel with `--rate-limit 1/3` (one OAuth request per 3 s per address, then 429
#    with Retry-After: 3), APIBasic in front. Unknown tokens arrive every 100 ms for 6 s, each from another address
#    (127.0.0.10, .11, …, so that no client budget interferes). Prints the API's answers, the introspections that
#    reached the stand-in, and the shortest time from a 429 to the API's next introspection: never less than 3 s.
#
# 3. Idle connections. APIBasic with its default limits (1024 connections, 256 per address); a client at 127.0.0.2
#    opens IDLE_CONNECTIONS (3000) connections and sends nothing (python3 holds them); then a client at 127.0.0.3 asks
#    /api/public. Prints how many of the idle connections the API kept, and the other client's status and latency.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "flood.sh needs $tool (apt-get install -y $tool)" >&2; exit 2; }
done
duration=${DURATION:-10}
idleConnections=${IDLE_CONNECTIONS:-3000}
connections=${CONNECTIONS:-64}

# shellcheck source=processes.sh
source Benchmarks/processes.sh
buildRelease APIBasic LocalZitadel ClientCC

# Starts LocalZitadel with FLAGS, its stderr lines stamped with the time they arrived (EPOCHREALTIME, no fork per
# line), and APIBasic in front of it; sets $zitadelLog, $apiLog, $api.
start() {
  local name=$1
  shift
  zitadelLog=$work/$name-zitadel.log apiLog=$work/$name-api.log
  "$bin/LocalZitadel" --port 0 --env-dir "$work/$name-env" "$@" 2> >(
    while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done >"$zitadelLog"
  ) >/dev/null &
  pids+=($!)
  listening "$zitadelLog" "${pids[-1]}" >/dev/null
  API_BASE_URL=http://127.0.0.1:0 "$bin/APIBasic" --env-file "$work/$name-env/api-basic.env" 2>"$apiLog" >/dev/null &
  pids+=($!)
  api=$(listening "$apiLog" "${pids[-1]}")
}

stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
}

introspections() { grep -c 'POST /oauth/v2/introspect' "$1" || true; }

# One request: "STATUS SECONDS". call SOURCE-ADDRESS TOKEN PATH
call() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 --interface "$1" \
    -H "Authorization: Bearer $2" "$api$3"
}

# ---- 1. The flood ----------------------------------------------------------------------------------------------
start flood
env=$work/flood-env
flooderToken=$("$bin/ClientCC" --env-file "$env/client-cc.env" 2>/dev/null)
read -r status _ <<<"$(call 127.0.0.1 "$flooderToken" /api/private)"
[ "$status" = 200 ] || { echo "the flooder's own token was not granted ($status)" >&2; exit 1; }
before=$(introspections "$zitadelLog")
floodStart=$EPOCHREALTIME
wrk -t2 -c"$connections" -d"${duration}s" -s Benchmarks/flood.lua "$api/api/private" >"$work/wrk.txt" 2>&1 &
wrkPID=$!
pids+=($wrkPID)
sleep $((duration / 2))
legitimateToken=$("$bin/ClientCC" --env-file "$env/client-cc.env" 2>/dev/null)
read -r newStatus newSeconds <<<"$(call 127.0.0.2 "$legitimateToken" /api/private-scoped)"
read -r cachedStatus cachedSeconds <<<"$(call 127.0.0.2 "$legitimateToken" /api/private-scoped)"
read -r flooderStatus flooderSeconds <<<"$(call 127.0.0.1 "$flooderToken" /api/private)"
wait "$wrkPID" || true
floodEnd=$EPOCHREALTIME
sleep 3
during=$(($(introspections "$zitadelLog") - before))
awk -v start="$floodStart" -v end="$floodEnd" -v duration="$duration" '
  $3 == "/oauth/v2/introspect" && $1 >= start {
    second = int($1 - start); count[second]++; if ($1 > last) last = $1
    if ($1 <= end) inFlood++
  }
  END {
    for (s in count) if (count[s] > busiest) { busiest = count[s]; which = s }
    printf "introspections during the %d s flood: %d (%.1f per second; busiest second: %d, second %d)\n", duration, inFlood, inFlood / duration, busiest, which
    if (last > end) printf "last introspection after the flood ended: %.0f ms later\n", (last - end) * 1000
    else printf "last introspection after the flood ended: none (the last one came %.0f ms before its end)\n", (end - last) * 1000
  }' "$zitadelLog"
grep -E '^(flood statuses|Requests/sec|  [0-9]+ requests in)' "$work/wrk.txt" | sed 's/^ *//'
echo "legitimate client at 127.0.0.2, a new token: $newStatus in $(awk -v s="$newSeconds" 'BEGIN { printf "%.1f", s * 1000 }') ms"
echo "legitimate client at 127.0.0.2, the same token again (cached): $cachedStatus in $(awk -v s="$cachedSeconds" 'BEGIN { printf "%.1f", s * 1000 }') ms"
echo "the flooder's own cached token during the flood: $flooderStatus in $(awk -v s="$flooderSeconds" 'BEGIN { printf "%.1f", s * 1000 }') ms"
echo "introspections counted by the stand-in from the flood's start until 3 s after its end: $during"
stop

# ---- 2. ZITADEL's Retry-After ----------------------------------------------------------------------------------
start retry-after --rate-limit 1/3
begin=$EPOCHREALTIME
statuses=""
for i in $(seq 0 59); do
  # Unknown tokens, each from another address: every one needs an introspection, and no client budget interferes.
  read -r status _ <<<"$(call "127.0.0.$((10 + i))" "unknown-$RANDOM$RANDOM-$i" /api/private)"
  statuses="$statuses $status"
  sleep 0.1
done
echo "API answers to 60 unknown tokens, 100 ms apart:$(echo "$statuses" | tr ' ' '\n' | grep . | sort | uniq -c | awk '{ printf " %d x %s,", $1, $2 }' | sed 's/,$//')"
awk -v begin="$begin" '
  $3 == "/oauth/v2/introspect" && $1 >= begin {
    arrivals++
    if (pending) { gap = $1 - pending; if (!seen || gap < shortest) shortest = gap; seen = 1; pending = 0 }
    if ($4 == 429) { limited++; pending = $1 }
  }
  END {
    printf "introspections that reached the stand-in in those 6 s: %d, of which %d answered 429 (Retry-After: 3)\n", arrivals, limited
    if (seen) printf "shortest time from a 429 to the API'"'"'s next introspection: %.2f s\n", shortest
  }' "$zitadelLog"
stop

# ---- 3. Idle connections ---------------------------------------------------------------------------------------
start idle
port=${api##*:}
python3 - "$port" "$idleConnections" "$work/idle-kept" <<'PYTHON' &
import socket, sys, time
port, count, report = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
held = []
for _ in range(count):
    s = socket.socket()
    s.bind(("127.0.0.2", 0))
    try:
        s.connect(("127.0.0.1", port))
        held.append(s)
    except OSError:
        s.close()
time.sleep(1)  # the API reads what it refused: a 503 and a close
kept = 0
for s in held:
    s.setblocking(False)
    try:
        s.recv(1)  # a refused connection got a 503 and a close
    except BlockingIOError:
        kept += 1  # still open, nothing received
    except OSError:
        pass
open(report, "w").write(f"{len(held)} {kept}\n")
time.sleep(8)
PYTHON
holder=$!
pids+=($holder)
for _ in $(seq 1 100); do [ -s "$work/idle-kept" ] && break; sleep 0.1; done
read -r opened kept <"$work/idle-kept"
read -r status seconds <<<"$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 --interface 127.0.0.3 "$api/api/public")"
echo "idle connections from 127.0.0.2: $opened opened, $kept kept open by the API (256 at most per address)"
echo "a request from 127.0.0.3 meanwhile: $status in $(awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }') ms"
stop
