#!/usr/bin/env bash
# Breach latency under hostile load (issue #8): the spool holds a 100 GiB sparse file without a
# newline and a dense one that a writer keeps extending (16 MiB/s, never a newline), 10,000 idle
# connections are open, and bench/spool-latency.py measures, at one /events client, breach
# receipt - deadline for tickets of a channel with FirstResponse=1s (target: p99 <= 100 ms).
#
# Environment: PANTAU_BIN (default .build/release/pantau), IDLE (10000), LAT_TICKETS (120),
# LAT_RATE (10), PANTAU_PORT (19778).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PANTAU_BIN:-.build/release/pantau}
work=bench/out/hostile-latency
port=${PANTAU_PORT:-19778}
idle=${IDLE:-10000}
[ -x "$bin" ] || { echo "build first: swift build -c release (or set PANTAU_BIN)"; exit 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

rm -rf "$work"; mkdir -p "$work/spool" "$work/state"
truncate -s 100G "$work/spool/huge.jsonl"
head -c $((256 << 20)) /dev/zero | tr '\0' x > "$work/spool/dense.jsonl"
conf=$work/bench.conf
{ cat Config/pantau.conf; printf '\n[Channel lat]\nFirstResponse=1s\n'; } > "$conf"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $bin serve --config $conf --spool $work/spool --state $work/state --listen 127.0.0.1:$port"
"$bin" serve --config "$conf" --spool "$work/spool" --state "$work/state" --listen "127.0.0.1:$port" 2> "$work/serve.log" &
pantau_pid=$!; pids+=("$pantau_pid")
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
    kill -0 "$pantau_pid" 2>/dev/null || { echo "pantau exited"; cat "$work/serve.log"; exit 1; }
    sleep 0.05
done
# The writer that never ends its line.
( while true; do head -c $((1 << 20)) /dev/zero | tr '\0' y >> "$work/spool/dense.jsonl"; sleep 0.0625; done ) &
pids+=("$!")
python3 bench/idle-connections.py 127.0.0.1 "$port" "$idle" > "$work/idle.log" 2>&1 &
pids+=("$!")
until grep -q "idle connections open" "$work/idle.log"; do sleep 0.2; done
cat "$work/idle.log"
echo "== pantau: $(ls /proc/$pantau_pid/fd | wc -l) descriptors; $(grep VmRSS /proc/$pantau_pid/status | xargs)"
echo "== python3 bench/spool-latency.py --tickets ${LAT_TICKETS:-120} --rate ${LAT_RATE:-10} --budget 1"
python3 bench/spool-latency.py --port "$port" --spool "$work/spool" --channel lat --tickets "${LAT_TICKETS:-120}" \
    --rate "${LAT_RATE:-10}" --budget 1 --push-interval 1 --json "$work/result.json"
kill -0 "$pantau_pid" 2>/dev/null || { echo "pantau died during the run"; cat "$work/serve.log"; exit 1; }
echo "== pantau after: $(ls /proc/$pantau_pid/fd | wc -l) descriptors; $(grep -E 'VmHWM' /proc/$pantau_pid/status | xargs); spool read $(curl -s http://127.0.0.1:$port/metrics | grep '^pantau_spool_read_bytes_total')"
echo "== pantau log (warnings and errors):"
grep -E '^<[0-4]>' "$work/serve.log" | cut -c1-160 | sort | uniq -c | sort -rn | head -10 || true
