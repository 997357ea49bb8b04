#!/usr/bin/env bash
# Load-tests APIBasic against the local stand-in: /api/public and /api/private with a cached token, back to back.
#
#   Benchmarks/api-bench.sh
#   TOKEN_TYPE=jwt ROUNDS=5 DURATION=5s Benchmarks/api-bench.sh
#
# Builds APIBasic, LocalZitadel and ClientCC in release mode (SKIP_BUILD=1 skips that), starts
# `LocalZitadel --port 0 --access-token-type $TOKEN_TYPE`, starts APIBasic on a free port with the env file the
# stand-in wrote (its request log goes to a file, not a terminal: see LOG), gets a token with ClientCC and asks
# /api/private once so the token is cached. Then, for ROUNDS rounds, runs wrk on /api/public and /api/private
# alternately in three modes: `-t2 -c64` keep-alive (c64), `-t1 -c1` (c1), `-t2 -c64 -H 'Connection: close'`
# (close). Prints "name: value unit" lines: per round and mode requests/s and latency p50/p99 (ms) of each path;
# then, per mode, the median over the rounds with the spread (min..max), the ratio private/public of the medians
# (and its spread over the per-round ratios), and APIBasic's peak RSS (VmHWM). Also the API's CPU time per request
# (from /proc/PID/stat around each run) and its ratio: on a shared machine requests/s swings with other load,
# CPU time per request much less.
#
# CONTROL=1 adds a third series, /api/public with the same Authorization header as /api/private: it separates the
# cost of the larger request (wrk sending it, the kernel copying it, the parser checking it) from the cost of the
# protection, and prints the ratios private/public-with-token and public-with-token/public.
#
# PIN=1 starts APIBasic on CPU 1 and runs wrk on CPU 0 (taskset), so that they stop preempting each other: the
# figures then show the server's own cost on one core, without the amplification of sharing two. APIBasic, allowed
# one CPU, runs one event loop (`UsableProcessors`); the line "server busy" says how much of its CPU it used, and
# the ratios show its own cost only where that is near 100% (the server, not wrk, being the bottleneck).
#
# Settings: TOKEN_TYPE (opaque or jwt; default opaque), ROUNDS (3), DURATION (10s), MODES ("c64 c1 close"), CONTROL, PIN,
# BIN_DIR (where the built products are; default .build/release), LOG (where APIBasic's stderr goes; default a temporary file, removed afterwards), VERBOSE=1 (wrk's reports on
# stderr). INTROSPECTION_CACHE_TTL is set to 3600 so the token stays cached for the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
tokenType=${TOKEN_TYPE:-opaque}
rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
modes=${MODES:-c64 c1 close}
if [ -z "${SKIP_BUILD:-}" ]; then
  for product in APIBasic LocalZitadel ClientCC; do swift build -c release --product "$product" >&2; done
fi
bin=${BIN_DIR:-.build/release}

work=$(mktemp -d)
apiLog=${LOG:-$work/api.log}
zitadelPID= apiPID=
cleanup() {
  for pid in $apiPID $zitadelPID; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Waits for "listening on http://HOST:PORT" in FILE from PID and prints the base URL: listening FILE PID
listening() {
  local line
  for _ in $(seq 1 300); do
    if line=$(grep -m1 -oE 'listening on http://[^ ]+:[0-9]+' "$1"); then echo "${line#listening on }"; return; fi
    kill -0 "$2" 2>/dev/null || { echo "process exited before listening:" >&2; cat "$1" >&2; exit 1; }
    sleep 0.1
  done
  echo "no 'listening on http://HOST:PORT' line within 30 s" >&2
  exit 1
}

"$bin/LocalZitadel" --port 0 --access-token-type "$tokenType" --env-dir "$work/env" 2>"$work/zitadel.log" \
  >/dev/null &
zitadelPID=$!
listening "$work/zitadel.log" "$zitadelPID" >/dev/null
pin=() apiPin=()
if [ -n "${PIN:-}" ]; then
  [ "$(nproc)" -ge 2 ] || { echo "PIN=1 needs at least 2 CPUs" >&2; exit 2; }
  apiPin=(taskset -c 1)
  pin=(taskset -c 0)
fi
API_BASE_URL=http://127.0.0.1:0 INTROSPECTION_CACHE_TTL=3600 \
  "${apiPin[@]}" "$bin/APIBasic" --env-file "$work/env/api-basic.env" 2>"$apiLog" >/dev/null &
apiPID=$!
base=$(listening "$apiLog" "$apiPID")
token=$("$bin/ClientCC" --env-file "$work/env/client-cc.env" 2>/dev/null)
echo "APIBasic on $base, $tokenType token of ${#token} bytes, log to $apiLog" >&2
# One request to put the token in the cache; it must be granted.
wrk -t1 -c1 -d1s -H "Authorization: Bearer $token" "$base/api/private" >/dev/null
grep -q "GET /api/private 200 .*cache=miss" "$apiLog" || { echo "the token was not granted:" >&2; tail -3 "$apiLog" >&2; exit 1; }

# The API's CPU time so far (user + system), in clock ticks.
cpuTicks() { awk '{ print $14 + $15 }' "/proc/$apiPID/stat"; }
ticksPerSecond=$(getconf CLK_TCK)

# One wrk run; prints "requests/s p50 p99 cpu" (p50, p99 in ms; cpu: the API's CPU time per request in µs, which
# other load on the machine disturbs far less than requests/s): measure MODE SERIES, the series being public,
# private or public-with-token.
measure() {
  local mode=$1 path=/api/${2%-with-token} args=() report before after
  case $mode in
    c64) args=(-t2 -c64) ;;
    c1) args=(-t1 -c1) ;;
    close) args=(-t2 -c64 -H 'Connection: close') ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  [ "$2" = public ] || args+=(-H "Authorization: Bearer $token")
  before=$(cpuTicks)
  report=$("${pin[@]}" wrk --latency -d"$duration" "${args[@]}" "$base$path")
  after=$(cpuTicks)
  [ -z "${VERBOSE:-}" ] || echo "$report" >&2
  if echo "$report" | grep -q 'Non-2xx'; then echo "$mode $path: non-2xx responses" >&2; echo "$report" >&2; exit 1; fi
  echo "$report" | awk -v ticks=$((after - before)) -v hz="$ticksPerSecond" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { requests = $1 }
    END { printf "%.0f %.3f %.3f %.2f\n", rps, p50, p99, ticks / hz * 1e6 / requests }'
}

results=$work/results
for round in $(seq 1 "$rounds"); do
  for mode in $modes; do
    # Rotate which series goes first, so a drift in the machine's load does not always favour the same one.
    if [ -z "${CONTROL:-}" ]; then
      if [ $((round % 2)) -eq 1 ]; then order="public private"; else order="private public"; fi
    else
      case $((round % 3)) in
        1) order="public private public-with-token" ;;
        2) order="private public-with-token public" ;;
        0) order="public-with-token public private" ;;
      esac
    fi
    for name in $order; do
      figures=$(measure "$mode" "$name")
      read -r rps p50 p99 cpu <<<"$figures"
      echo "round $round $mode $name requests/s: $rps req/s, p50: $p50 ms, p99: $p99 ms, cpu: $cpu us/request"
      echo "$mode $name $round $rps $p50 $p99 $cpu" >>"$results"
    done
  done
done

# Medians and spreads over the rounds, and the ratio private/public.
awk -v tokenType="$tokenType" -v tokenBytes="${#token}" '
  function median(list, n,   sorted, i, j, t) {
    for (i = 1; i <= n; i++) sorted[i] = list[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (sorted[j] < sorted[i]) { t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t }
    return n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
  }
  function low(list, n,   i, m) { m = list[1]; for (i = 2; i <= n; i++) if (list[i] < m) m = list[i]; return m }
  function high(list, n,   i, m) { m = list[1]; for (i = 2; i <= n; i++) if (list[i] > m) m = list[i]; return m }
  { key = $1 " " $2; n[key]++; rps[key, n[key]] = $4; p50[key, n[key]] = $5; p99[key, n[key]] = $6; cpu[key, n[key]] = $7
    if (!($1 in seen)) { seen[$1] = 1; modes[++modeCount] = $1 }
    if ($2 == "public") { pub[$1, $3] = $4; pubCPU[$1, $3] = $7 }
    else if ($2 == "private") { priv[$1, $3] = $4; privCPU[$1, $3] = $7 }
    else { control[$1, $3] = $4; controlCPU[$1, $3] = $7 } }
  END {
    for (m = 1; m <= modeCount; m++) {
      mode = modes[m]
      for (p = 1; p <= 3; p++) {
        name = p == 1 ? "public" : p == 2 ? "private" : "public-with-token"; key = mode " " name; count = n[key]
        if (count == 0) continue
        for (i = 1; i <= count; i++) { r[i] = rps[key, i]; a[i] = p50[key, i]; b[i] = p99[key, i]; c[i] = cpu[key, i] }
        med[name] = median(r, count); medCPU[name] = median(c, count)
        printf "%s /api/%s requests/s: %.0f req/s (%.0f..%.0f)\n", mode, name, med[name], low(r, count), high(r, count)
        printf "%s /api/%s latency p50: %.3f ms (%.3f..%.3f)\n", mode, name, median(a, count), low(a, count), high(a, count)
        printf "%s /api/%s latency p99: %.3f ms (%.3f..%.3f)\n", mode, name, median(b, count), low(b, count), high(b, count)
        printf "%s /api/%s server cpu: %.2f us/request (%.2f..%.2f)\n", mode, name, medCPU[name], low(c, count), high(c, count)
        printf "%s /api/%s server busy: %.0f%% of one CPU\n", mode, name, medCPU[name] * med[name] / 1e4
      }
      count = n[mode " public"]
      for (i = 1; i <= count; i++) q[i] = priv[mode, i] / pub[mode, i]
      printf "%s ratio private/public (%s token, %d bytes): %.3f (%.3f..%.3f per round)\n", mode, tokenType, tokenBytes,
        med["private"] / med["public"], low(q, count), high(q, count)
      for (i = 1; i <= count; i++) q[i] = privCPU[mode, i] / pubCPU[mode, i]
      printf "%s cpu ratio private/public: %.3f (%.3f..%.3f per round)\n", mode, medCPU["private"] / medCPU["public"],
        low(q, count), high(q, count)
      if (n[mode " public-with-token"] == 0) continue
      for (i = 1; i <= count; i++) q[i] = priv[mode, i] / control[mode, i]
      printf "%s ratio private/public-with-token: %.3f (%.3f..%.3f per round)\n", mode,
        med["private"] / med["public-with-token"], low(q, count), high(q, count)
      for (i = 1; i <= count; i++) q[i] = control[mode, i] / pub[mode, i]
      printf "%s ratio public-with-token/public: %.3f (%.3f..%.3f per round)\n", mode,
        med["public-with-token"] / med["public"], low(q, count), high(q, count)
    }
  }' "$results"
echo "peak RSS: $(awk '/^VmHWM:/ { print $2 }' "/proc/$apiPID/status") kB"
