#!/usr/bin/env bash
# Load-tests one HTTP server with wrk: keep-alive at 64 connections, one connection, and a new connection per request.
#
#   Benchmarks/server-bench.sh URL_PATH COMMAND [ARGS...]
#   e.g. Benchmarks/server-bench.sh /api/public .build/release/HelloServer
#        HEADER='Authorization: Bearer TOKEN' Benchmarks/server-bench.sh /api/private .build/release/APIBasic
#
# Builds this package in release mode first (SKIP_BUILD=1 skips that), starts COMMAND (which must run the server
# itself, not a wrapper, so that its PID is the server's) and waits for its stderr line
# "listening on http://HOST:PORT", echoed to stderr when ready. Then runs `wrk --latency -t2 -c64 -d10s` (c64),
# `-c1` (c1) and `-c64 -H 'Connection: close'` (close), and prints "name: value unit" lines: requests/s,
# latency p50/p99 (ms), non-2xx responses, and the server's peak RSS (VmHWM). Settings: DURATION (10s), THREADS (2),
# CONNECTIONS (64), HEADER (an extra request header, e.g. for a bearer token), LABEL (prefix for the names),
# VERBOSE=1 (wrk's own report to stderr too).
set -euo pipefail
cd "$(dirname "$0")/.."
path=${1:?usage: Benchmarks/server-bench.sh URL_PATH COMMAND [ARGS...]}
shift
[ $# -gt 0 ] || { echo "usage: Benchmarks/server-bench.sh URL_PATH COMMAND [ARGS...]" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
duration=${DURATION:-10s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-64}
label=${LABEL:-}
[ -n "${SKIP_BUILD:-}" ] || swift build -c release >&2

log=$(mktemp)
"$@" 2>"$log" >/dev/null &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT

base=
for _ in $(seq 1 300); do
  if line=$(grep -m1 -oE 'listening on http://[^ ]+:[0-9]+' "$log"); then base=${line#listening on }; break; fi
  kill -0 "$pid" 2>/dev/null || { echo "server exited before listening:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "no 'listening on http://HOST:PORT' line within 30 s" >&2; exit 1; }
echo "listening on $base" >&2

# Prints requests/s, p50, p99 (in ms) and non-2xx count of one wrk run: run NAME THREADS CONNECTIONS [WRK ARGS...]
run() {
  local name=$1 runThreads=$2 runConnections=$3
  shift 3
  local header=() report
  [ -n "${HEADER:-}" ] && header=(-H "$HEADER")
  report=$(wrk --latency -t"$runThreads" -c"$runConnections" -d"$duration" "${header[@]}" "$@" "$base$path") || {
    echo "$label$name: wrk failed" >&2
    return 0
  }
  [ -z "${VERBOSE:-}" ] || echo "$report" >&2
  echo "$report" | awk -v name="$label$name" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { errors = $0; sub(/^ +Socket errors: /, "", errors) }
    END {
      printf "%s requests/s: %.0f req/s\n", name, rps
      printf "%s latency p50: %.3f ms\n", name, p50
      printf "%s latency p99: %.3f ms\n", name, p99
      printf "%s non-2xx: %d responses\n", name, bad
      if (errors != "") printf "%s socket errors: %s\n", name, errors
    }'
}

run c64 "$threads" "$connections"
run c1 1 1
run close "$threads" "$connections" -H 'Connection: close'
echo "${label}peak RSS: $(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status") kB"
