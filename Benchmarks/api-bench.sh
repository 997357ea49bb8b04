#!/usr/bin/env bash
# Load-tests the sample API against the local stand-in: /api/public and /api/private with a cached token, back to
# back, for one or more builds of APIBasic in the same run, and optionally a Hummingbird 2 server's /api/public.
#
#   Benchmarks/api-bench.sh
#   TOKEN_TYPE=jwt ROUNDS=5 DURATION=5s Benchmarks/api-bench.sh
#   BUILDS="new=.build/release old=/tmp/old/.build/release" SKIP_BUILD=1 Benchmarks/api-bench.sh
#   HUMMINGBIRD=Examples/HummingbirdAPI/.build/release/HummingbirdAPI Benchmarks/api-bench.sh
#
# Builds APIBasic, LocalZitadel and ClientCC in release mode (SKIP_BUILD=1 skips that), starts
# `LocalZitadel --port 0 --access-token-type $TOKEN_TYPE`, starts every APIBasic of BUILDS on a free port with the
# env file the stand-in wrote (request logs go to files, not a terminal: see LOG), gets one token with ClientCC and
# asks each API's /api/private once so the token is cached. Then, for ROUNDS rounds, runs wrk on every series in
# turn — per build /api/public and /api/private (and with CONTROL=1 /api/public with the token's header), and with
# HUMMINGBIRD the Hummingbird example's /api/public — in three modes: `-t2 -c64` keep-alive (c64), `-t1 -c1` (c1),
# `-t2 -c64 -H 'Connection: close'` (close). The series take turns going first, so a drift in the machine's load
# favours none of them.
#
# Prints "name: value unit" lines: per round, mode and series requests/s, latency p50/p99 (ms) and the server's CPU
# time per request (from /proc/PID/stat around each run: on a shared machine requests/s swings with other load, CPU
# time per request much less); then per mode the medians over the rounds with their range, and these ratios of
# medians (with their range over the per-round ratios):
#   BUILD ratio private/public             the protection's cost on a cached token
#   BUILD ratio private/public-with-token  (CONTROL=1) the protection alone, the larger request taken out
#   BUILD ratio public/hummingbird         (HUMMINGBIRD) our server against Hummingbird 2, the same route
#   BUILD ratio private/FIRST private      each further build against the first, the same series
# and each server's peak RSS (VmHWM).
#
# PIN=1 starts the servers on CPU 1 and runs wrk on CPU 0 (taskset), so that they stop preempting each other; an
# APIBasic allowed one CPU runs one event loop (`UsableProcessors`). "server busy" says how much of its CPU a server
# used: the ratios show its own cost only where that is near 100%.
#
# Settings: BUILDS (space-separated NAME=BIN_DIR; default "api=.build/release"), HUMMINGBIRD (the Hummingbird
# example's binary; it reads the same env file as APIBasic), TOKEN_TYPE (opaque or jwt; default opaque), ROUNDS (3),
# DURATION (10s), MODES ("c64 c1 close"), CONTROL, PIN, LOG (a folder for the servers' stderr; default a temporary
# one, removed afterwards), VERBOSE=1 (wrk's reports on stderr). INTROSPECTION_CACHE_TTL is 3600, so the token stays
# cached for the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
tokenType=${TOKEN_TYPE:-opaque}
rounds=${ROUNDS:-3}
duration=${DURATION:-10s}
modes=${MODES:-c64 c1 close}
builds=${BUILDS:-api=.build/release}
if [ -z "${SKIP_BUILD:-}" ]; then
  for product in APIBasic LocalZitadel ClientCC; do swift build -c release --product "$product" >&2; done
fi
firstBuild=${builds%% *}
tools=${firstBuild#*=}  # LocalZitadel and ClientCC come from the first build

# shellcheck source=processes.sh
source Benchmarks/processes.sh
logs=${LOG:-$work/logs}
mkdir -p "$logs"

"$tools/LocalZitadel" --port 0 --access-token-type "$tokenType" --env-dir "$work/env" 2>"$logs/zitadel.log" \
  >/dev/null &
pids+=($!)
listening "$logs/zitadel.log" "${pids[-1]}" >/dev/null
pin=() serverPin=()
if [ -n "${PIN:-}" ]; then
  [ "$(nproc)" -ge 2 ] || { echo "PIN=1 needs at least 2 CPUs" >&2; exit 2; }
  serverPin=(taskset -c 1)
  pin=(taskset -c 0)
fi
token=$("$tools/ClientCC" --env-file "$work/env/client-cc.env" 2>/dev/null)

# Each server: its name, PID and base URL (parallel arrays).
names=() serverPIDs=() bases=()
start() {  # start NAME COMMAND...
  local name=$1 log="$logs/$1.log"
  shift
  API_BASE_URL=http://127.0.0.1:0 INTROSPECTION_CACHE_TTL=3600 \
    "${serverPin[@]}" "$@" --env-file "$work/env/api-basic.env" 2>"$log" >/dev/null &
  pids+=($!)
  names+=("$name") serverPIDs+=($!) bases+=("$(listening "$log" $!)")
  echo "$name on ${bases[-1]}, log in $log" >&2
}
for build in $builds; do
  start "${build%%=*}" "${build#*=}/APIBasic"
  # One request to put the token in the cache; it must be granted.
  wrk -t1 -c1 -d1s -H "Authorization: Bearer $token" "${bases[-1]}/api/private" >/dev/null
  grep -q "GET /api/private 200 .*cache=miss" "$logs/${names[-1]}.log" \
    || { echo "${names[-1]}: the token was not granted:" >&2; tail -3 "$logs/${names[-1]}.log" >&2; exit 1; }
done
[ -z "${HUMMINGBIRD:-}" ] || start hummingbird "$HUMMINGBIRD"
echo "$tokenType token of ${#token} bytes" >&2

# The series: "SERVER-INDEX NAME PATH WITH-TOKEN".
series=()
for index in "${!names[@]}"; do
  if [ "${names[$index]}" = hummingbird ]; then series+=("$index hummingbird:public /api/public no"); continue; fi
  series+=("$index ${names[$index]}:public /api/public no" "$index ${names[$index]}:private /api/private yes")
  [ -z "${CONTROL:-}" ] || series+=("$index ${names[$index]}:public-with-token /api/public yes")
done

ticksPerSecond=$(getconf CLK_TCK)
cpuTicks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }  # user + system time of PID, in clock ticks

# One wrk run; prints "requests/s p50 p99 cpu" (p50, p99 in ms; cpu: the server's CPU time per request in µs).
measure() {  # measure MODE SERVER-INDEX PATH WITH-TOKEN
  local mode=$1 pid=${serverPIDs[$2]} url=${bases[$2]}$3 args=() report before after
  case $mode in
    c64) args=(-t2 -c64) ;;
    c1) args=(-t1 -c1) ;;
    close) args=(-t2 -c64 -H 'Connection: close') ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  [ "$4" = no ] || args+=(-H "Authorization: Bearer $token")
  before=$(cpuTicks "$pid")
  report=$("${pin[@]}" wrk --latency -d"$duration" "${args[@]}" "$url")
  after=$(cpuTicks "$pid")
  [ -z "${VERBOSE:-}" ] || echo "$report" >&2
  if echo "$report" | grep -q 'Non-2xx'; then echo "$mode $url: non-2xx responses" >&2; echo "$report" >&2; exit 1; fi
  echo "$report" | awk -v ticks=$((after - before)) -v hz="$ticksPerSecond" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { requests = $1 }
    END { printf "%.0f %.3f %.3f %.2f\n", rps, p50, p99, ticks / hz * 1e6 / requests }'
}

results=$work/results
count=${#series[@]}
for round in $(seq 1 "$rounds"); do
  for mode in $modes; do
    for step in $(seq 0 $((count - 1))); do
      read -r index name path withToken <<<"${series[$(((step + round - 1) % count))]}"
      read -r rps p50 p99 cpu <<<"$(measure "$mode" "$index" "$path" "$withToken")"
      echo "round $round $mode $name requests/s: $rps req/s, p50: $p50 ms, p99: $p99 ms, cpu: $cpu us/request"
      echo "$mode $name $round $rps $p50 $p99 $cpu" >>"$results"
    done
  done
done

# Medians and ranges over the rounds, and the ratios.
first=${names[0]}
awk -v tokenType="$tokenType" -v tokenBytes="${#token}" -v first="$first" -v builds="${names[*]}" '
  function median(list, n,   sorted, i, j, t) {
    for (i = 1; i <= n; i++) sorted[i] = list[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (sorted[j] < sorted[i]) { t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t }
    return n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
  }
  function low(list, n,   i, m) { m = list[1]; for (i = 2; i <= n; i++) if (list[i] < m) m = list[i]; return m }
  function high(list, n,   i, m) { m = list[1]; for (i = 2; i <= n; i++) if (list[i] > m) m = list[i]; return m }
  # ratio MODE LABEL A B: the ratio of the medians of series A and B, and its range over the rounds.
  function ratio(mode, label, a, b,   i, q, n) {
    if (!((mode, a) in med) || !((mode, b) in med)) return
    n = rounds[mode]
    for (i = 1; i <= n; i++) q[i] = rps[mode, a, i] / rps[mode, b, i]
    printf "%s %s: %.3f (%.3f..%.3f per round)\n", mode, label, med[mode, a] / med[mode, b], low(q, n), high(q, n)
  }
  { rps[$1, $2, $3] = $4; p50[$1, $2, $3] = $5; p99[$1, $2, $3] = $6; cpu[$1, $2, $3] = $7
    if ($3 > rounds[$1]) rounds[$1] = $3
    if (!($1 in seenMode)) { seenMode[$1] = 1; modes[++modeCount] = $1 }
    if (!(($1, $2) in seenSeries)) { seenSeries[$1, $2] = 1; names[$1, ++seriesCount[$1]] = $2 } }
  END {
    buildCount = split(builds, build, " ")
    for (m = 1; m <= modeCount; m++) {
      mode = modes[m]; n = rounds[mode]
      for (s = 1; s <= seriesCount[mode]; s++) {
        name = names[mode, s]
        for (i = 1; i <= n; i++) { r[i] = rps[mode, name, i]; a[i] = p50[mode, name, i]; b[i] = p99[mode, name, i]; c[i] = cpu[mode, name, i] }
        med[mode, name] = median(r, n); medCPU = median(c, n)
        printf "%s %s requests/s: %.0f req/s (%.0f..%.0f)\n", mode, name, med[mode, name], low(r, n), high(r, n)
        printf "%s %s latency p50: %.3f ms (%.3f..%.3f)\n", mode, name, median(a, n), low(a, n), high(a, n)
        printf "%s %s latency p99: %.3f ms (%.3f..%.3f)\n", mode, name, median(b, n), low(b, n), high(b, n)
        printf "%s %s server cpu: %.2f us/request (%.2f..%.2f)\n", mode, name, medCPU, low(c, n), high(c, n)
        printf "%s %s server busy: %.0f%% of one CPU\n", mode, name, medCPU * med[mode, name] / 1e4
      }
      for (k = 1; k <= buildCount; k++) {
        x = build[k]
        if (x == "hummingbird") continue
        ratio(mode, x " ratio private/public (" tokenType " token, " tokenBytes " bytes)", x ":private", x ":public")
        ratio(mode, x " ratio private/public-with-token", x ":private", x ":public-with-token")
        ratio(mode, x " ratio public-with-token/public", x ":public-with-token", x ":public")
        ratio(mode, x " ratio public/hummingbird", x ":public", "hummingbird:public")
        if (x != first) {
          ratio(mode, x " ratio private/" first " private", x ":private", first ":private")
          ratio(mode, x " ratio public/" first " public", x ":public", first ":public")
        }
      }
    }
  }' "$results"
for index in "${!names[@]}"; do
  echo "${names[$index]} peak RSS: $(awk '/^VmHWM:/ { print $2 }' "/proc/${serverPIDs[$index]}/status") kB"
done
