#!/usr/bin/env bash
# SSE fan-out benchmark of issue #4: 10,000 /events clients on one `pantau serve` (wall clock).
# Starts pantau with Config/pantau.conf plus bench/out/sse/bench.conf (MaxConnections=20000,
# MaxSSEClients=15000 and a sixth channel `bench` with FirstResponse=2s), on a spool holding the
# 20,000-ticket simulated history, waits for /readyz, then runs bench/sse-fanout.py (see there):
# metrics-push spread over the clients, breach latency for bursts of 100 breaches, pantau's CPU
# and memory. Both processes get RLIMIT_NOFILE up to 65536 (`ulimit -n`; without CAP_SYS_RESOURCE
# the hard limit stays as it is, 20000 on the project's machine, enough for 10,000 clients; pantau
# also raises its soft limit to the hard one itself).
#
# Environment: PANTAU_BIN (default .build/release/pantau), SSE_CLIENTS (10000), SSE_QUIET (30 s),
# SSE_BURSTS (3), SSE_BURST_INTERVAL (10 s), PANTAU_PORT (19757), BENCH_PIN (0: unpinned, the
# default; 1: pantau on core 1 and the client on core 0), PUSH_INTERVAL (1s), SSE_RCVBUF (client
# socket receive buffer, default 1 MiB, 0 = the kernel's default; see sse-fanout.py), HTTP_THREADS
# (pantau's HTTPThreads=, default 0: one per CPU).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PANTAU_BIN:-.build/release/pantau}
out=bench/out
work=$out/sse
history=$out/history-20k.jsonl
port=${PANTAU_PORT:-19757}
clients=${SSE_CLIENTS:-10000}
pin=${BENCH_PIN:-0}
[ -x "$bin" ] || { echo "build first: swift build -c release (or set PANTAU_BIN)"; exit 1; }
if [ "$pin" = 1 ]; then server_cpu=(taskset -c 1); client_cpu=(taskset -c 0); placement="pantau on core 1, client on core 0"
else server_cpu=(); client_cpu=(); placement="unpinned"; fi

ulimit -Hn 65536 2>/dev/null || true; ulimit -n "$(ulimit -Hn)"
pantau_pid=
cleanup() { [ -n "$pantau_pid" ] && kill -TERM "$pantau_pid" 2>/dev/null && wait "$pantau_pid" 2>/dev/null || true; }
trap cleanup EXIT

mkdir -p "$out"
[ -s "$history" ] || "$bin" simulate --to "$history" --tickets 20000 2>/dev/null
rm -rf "$work"; mkdir -p "$work/spool" "$work/state"
cp "$history" "$work/spool/history.jsonl"
conf=$work/bench.conf
{ cat Config/pantau.conf
  printf '\n[Daemon]\nMaxConnections=20000\nMaxSSEClients=15000\nPushInterval=%s\nHTTPThreads=%s\n' "${PUSH_INTERVAL:-1s}" "${HTTP_THREADS:-0}"
  printf '\n[Channel bench]\nFirstResponse=2s\n'; } > "$conf"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $placement; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $bin serve --config $conf --spool $work/spool --state $work/state --listen 127.0.0.1:$port (ulimit -n $(ulimit -n))"
"${server_cpu[@]}" "$bin" serve --config "$conf" --spool "$work/spool" --state "$work/state" --listen "127.0.0.1:$port" \
    2> "$work/serve.log" &
pantau_pid=$!
t0=$SECONDS
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
    kill -0 "$pantau_pid" 2>/dev/null || { echo "pantau exited"; cat "$work/serve.log"; exit 1; }
    [ $((SECONDS - t0)) -lt 120 ] || { echo "pantau not ready after 120 s"; exit 1; }
    sleep 0.05
done
echo "== pantau limits: $(grep 'Max open files' /proc/$pantau_pid/limits | xargs)"
echo "== python3 bench/sse-fanout.py --clients $clients --quiet ${SSE_QUIET:-30} --bursts ${SSE_BURSTS:-3} --burst-size 100 --burst-interval ${SSE_BURST_INTERVAL:-10} --rcvbuf ${SSE_RCVBUF:-1048576}"
nstat -n >/dev/null 2>&1 || true  # reset nstat's history: the TCP memory-pressure counters below are for this run
"${client_cpu[@]}" python3 bench/sse-fanout.py --port "$port" --pid "$pantau_pid" --spool "$work/spool" --channel bench \
    --clients "$clients" --quiet "${SSE_QUIET:-30}" --bursts "${SSE_BURSTS:-3}" --burst-size 100 \
    --burst-interval "${SSE_BURST_INTERVAL:-10}" --budget 2 --rcvbuf "${SSE_RCVBUF:-1048576}" --json "$work/result.json"
kill -0 "$pantau_pid" 2>/dev/null || { echo "pantau died during the run"; cat "$work/serve.log"; exit 1; }
counters=$(nstat 2>/dev/null | grep -E 'TCPMemoryPressures|PruneCalled|RcvQDrop|TCPBacklogDrop|TCPAbortOnMemory' | awk '{printf "%s %s; ", $1, $2}' || true)
echo "== kernel TCP memory-pressure and drop counters during the run: ${counters:-all zero}"
echo "== pantau log (warnings and errors, rejected-line warnings left out):"
grep -E '^<[0-4]>' "$work/serve.log" | grep -v 'rejected line' | sort | uniq -c | sort -rn | head -20 || true
