# Shared by the benchmark scripts (`source Benchmarks/processes.sh`): a scratch folder, the processes a script starts,
# stopped on exit however it ends, and the wait for a server's "listening on http://HOST:PORT" line.

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Waits (at most 60 s) for "listening on http://HOST:PORT" in FILE from PID and prints the base URL: listening FILE PID
listening() {
  local line
  for _ in $(seq 1 600); do
    if line=$(grep -m1 -oE 'listening on http://[^ ]+:[0-9]+' "$1"); then echo "${line#listening on }"; return; fi
    kill -0 "$2" 2>/dev/null || { echo "process exited before listening:" >&2; cat "$1" >&2; exit 1; }
    sleep 0.1
  done
  echo "no 'listening on http://HOST:PORT' line within 60 s in $1" >&2
  exit 1
}

# Builds PRODUCTS in release mode unless SKIP_BUILD is set, sets $bin to their folder and raises the limit on open
# files (wrk and the servers hold many connections): buildRelease PRODUCT...
buildRelease() {
  if [ -z "${SKIP_BUILD:-}" ]; then
    for product in "$@"; do swift build -c release --product "$product" >&2; done
  fi
  bin=$(swift build -c release --show-bin-path)
  ulimit -n 65536 2>/dev/null || true
}

