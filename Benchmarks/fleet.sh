#!/usr/bin/env bash
# Three APIBasic replicas behind nginx, with and without the shared cache in Redis (README, "Running several
# replicas").
#
#   Benchmarks/fleet.sh
#   TOKENS=200 DURATION=10 CONNECTIONS=64 SKIP_BUILD=1 Benchmarks/fleet.sh
#
# Builds APIBasic, LocalZitadel and ClientCC in release mode (SKIP_BUILD=1 skips that). Everything listens on
# loopback; every wait is bounded. LocalZitadel issues TOKENS access tokens (ClientCC); nginx (Debian's, run as
# this user) spreads requests round-robin over three APIBasic processes; wrk sends /api/private-scoped through nginx
# for DURATION seconds, cycling through the tokens (Benchmarks/fleet.lua). Every request reaches the replicas from
# nginx's one address, so the per-client budget is turned off (INTROSPECTION_RATE_PER_CLIENT=0): it would measure
# that one client's budget, not the cache. Twice, with fresh replicas each time:
#   alone   each replica with only its own cache;
#   shared  the same, with INTROSPECTION_CACHE_URL pointing at one redis-server.
# For each it prints the introspections that reached the stand-in per token (read from its /metrics), requests per
# second, p50 and p99 through nginx, the replicas' peak resident memory (VmHWM), and how they checked the tokens
# (summed from their /metrics).
#
# Then the cost of the shared cache's hit: fresh replicas on the warm Redis, each token asked once of one replica
# (own cache cold, Redis warm: a shared-cache hit) and once more (its own cache), with curl straight to the replica;
# it prints p50, p99 and the slowest of both and of a third pass with Redis emptied (an introspection), for scale.
# Last, Redis gone: stopped (connections refused), and replaced by a listener that accepts and never answers (each
# command then waits out its 50 ms timeout, and the client tries again only once a second).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk curl nginx redis-server redis-cli; do
  command -v "$tool" >/dev/null || {
    echo "fleet.sh needs $tool (apt-get install -y ${tool/redis-cli/redis-tools})" >&2
    exit 2
  }
done
tokenCount=${TOKENS:-200}
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}

# shellcheck source=processes.sh
source Benchmarks/processes.sh
buildRelease APIBasic LocalZitadel ClientCC

freePort() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# LocalZitadel and the tokens.
"$bin/LocalZitadel" --port 0 --env-dir "$work/env" --metrics-address 127.0.0.1:0 \
  2>"$work/zitadel.log" >/dev/null &
pids+=($!)
listening "$work/zitadel.log" "${pids[-1]}" >/dev/null
for _ in $(seq 1 "$tokenCount"); do
  "$bin/ClientCC" --env-file "$work/env/client-cc.env" 2>/dev/null
done >"$work/tokens"
[ "$(sort -u "$work/tokens" | wc -l)" = "$tokenCount" ] || { echo "expected $tokenCount distinct tokens" >&2; exit 1; }
# Read from the stand-in's /metrics (`--metrics-address`), as a dashboard would: the introspections it answered.
zitadelMetrics=$(grep -m1 -oE 'metrics on http://[^ ]+' "$work/zitadel.log" | sed 's/metrics on //')
# The sum of the samples of SERIES (name and labels up to the value) in the exposition at URL: metric URL SERIES
metric() { curl -s --max-time 5 "$1" | awk -v series="$2" 'index($0, series) == 1 {sum += $NF} END {print sum + 0}'; }
introspections() {
  metric "$zitadelMetrics" 'localzitadel_requests_total{endpoint="/oauth/v2/introspect",status="200"}'
}

# Redis, on a free port, without persistence.
redisPort=$(freePort)
redis-server --port "$redisPort" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no \
  --loglevel warning >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do redis-cli -p "$redisPort" ping >/dev/null 2>&1 && break; sleep 0.1; done
redisURL=redis://127.0.0.1:$redisPort/0

# Three replicas, each with its metrics on a port of its own; with an argument, sharing that cache. Sets $replicas
# (base URLs), $replicaMetrics (their /metrics), $replicaPids and $replicaLogs.
startReplicas() {
  replicas=() replicaMetrics=() replicaPids=() replicaLogs=()
  for index in 1 2 3; do
    local log=$work/api-$index-$RANDOM.log
    INTROSPECTION_CACHE_URL=${1:-} INTROSPECTION_RATE_PER_CLIENT=0 API_BASE_URL=http://127.0.0.1:0 \
      METRICS_ADDRESS=127.0.0.1:0 "$bin/APIBasic" --env-file "$work/env/api-basic.env" 2>"$log" >/dev/null &
    pids+=($!) replicaPids+=($!) replicaLogs+=("$log")
    replicas+=("$(listening "$log" "$!")")
    replicaMetrics+=("$(grep -m1 -oE 'metrics on http://[^ ]+' "$log" | sed 's/metrics on //')")
  done
}

# How the replicas checked tokens, summed over the three, from their /metrics: "hit N, shared_cache N, miss N".
tokenChecks() {
  local outcome total line=""
  for outcome in hit shared_cache miss shared; do
    total=0
    for url in "${replicaMetrics[@]}"; do
      total=$((total + $(metric "$url" "api_token_checks_total{outcome=\"$outcome\"}")))
    done
    line+="$outcome $total, "
  done
  echo "${line%, }"
}
stopReplicas() {
  for pid in "${replicaPids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}

# nginx in front of the current replicas, round-robin, keeping connections to them open. Sets $front.
startNginx() {
  local port dir=$work/nginx-$RANDOM
  port=$(freePort)
  mkdir -p "$dir"
  {
    echo "worker_processes 1; pid $dir/nginx.pid; error_log $dir/error.log warn; daemon off;"
    echo "events { worker_connections 4096; }"
    echo "http { access_log off; client_body_temp_path $dir; proxy_temp_path $dir; fastcgi_temp_path $dir;"
    echo "  uwsgi_temp_path $dir; scgi_temp_path $dir;"
    echo "  upstream replicas {"
    for replica in "${replicas[@]}"; do echo "    server ${replica#http://};"; done
    echo "    keepalive 64; }"
    echo "  server { listen 127.0.0.1:$port; location / { proxy_pass http://replicas;"
    echo "    proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"
  } >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" 2>"$dir/stderr" &
  pids+=($!) nginxPid=$!
  front=http://127.0.0.1:$port
  for _ in $(seq 1 100); do curl -s -o /dev/null "$front/api/public" && return; sleep 0.1; done
  echo "nginx did not start:" >&2; cat "$dir/stderr" "$dir/error.log" >&2; exit 1
}
stopNginx() { kill -TERM "$nginxPid" 2>/dev/null || true; wait "$nginxPid" 2>/dev/null || true; }

peakRSS() {
  local total=0 kb
  for pid in "${replicaPids[@]}"; do
    kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    total=$((total + kb))
    printf '%s MB ' "$((kb / 1024))"
  done
}

run() {
  local name=$1 before after
  startReplicas "${2:-}"
  startNginx
  before=$(introspections)
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s Benchmarks/fleet.lua "$front/api/private-scoped" \
    -- "$work/tokens" >"$work/wrk-$name.txt"
  after=$(introspections)
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk-$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk-$name.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk-$name.txt")
  printf '%-7s introspections %5d for %d tokens = %s per token; %s req/s; p50 %s p99 %s; non-2xx %s; peak RSS %s\n' \
    "$name" "$((after - before))" "$tokenCount" \
    "$(awk -v a=$((after - before)) -v t="$tokenCount" 'BEGIN {printf "%.2f", a / t}')" \
    "$rps" "$p50" "$p99" "${non2xx:-0}" "$(peakRSS)"
  echo "        token checks (the replicas' /metrics): $(tokenChecks)"
  stopNginx
  stopReplicas
  grep -h 'shared cache' "${replicaLogs[@]}" | sort | uniq -c | sed 's/^/        log: /' || true
}

echo "fleet: 3 APIBasic behind nginx, $tokenCount tokens, wrk -t2 -c$connections for ${duration}s"
run alone
redis-cli -p "$redisPort" flushall >/dev/null
run shared "$redisURL"

# The shared cache's hit, against the own cache's and an introspection, straight to one replica.
pass() {
  local name=$1
  # A token nobody issued first: it opens the replica's connection to Redis, which no figure below should include.
  curl -s -o /dev/null --max-time 5 -H "Authorization: Bearer warm-up-$RANDOM" "${replicas[0]}/api/private"
  while read -r token; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 5 -H "Authorization: Bearer $token" \
      "${replicas[0]}/api/private-scoped"
  done <"$work/tokens" >"$work/pass-$name.txt"
  local bad
  bad=$(awk '$1 != 200' "$work/pass-$name.txt" | wc -l)
  awk '{print $2 * 1000}' "$work/pass-$name.txt" | sort -n | awk -v name="$name" -v bad="$bad" '
    { t[NR] = $1 }
    END {
      printf "  %-30s p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%d requests, %d not 200)\n", name, t[int(NR * 0.5)],
        t[int(NR * 0.99)], t[NR], NR, bad
    }'
}
echo "one replica, each token once per pass (curl, time_total):"
startReplicas "$redisURL"
pass "own cold, Redis warm (shared)"
pass "own cache warm (hit)"
stopReplicas
redis-cli -p "$redisPort" flushall >/dev/null
startReplicas "$redisURL"
pass "own cold, Redis empty (miss)"
stopReplicas
redis-cli -p "$redisPort" shutdown nosave >/dev/null 2>&1 || true
startReplicas "$redisURL"
pass "Redis stopped"
stopReplicas
# A listener on Redis's port that accepts connections and never answers.
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64); held = []
end = time.time() + 120
s.settimeout(1)
while time.time() < end:
    try: held.append(s.accept()[0])
    except socket.timeout: pass
' "$redisPort" &
pids+=($!)
sleep 0.5
startReplicas "$redisURL"
pass "Redis hanging"
stopReplicas
