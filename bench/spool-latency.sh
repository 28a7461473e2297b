#!/usr/bin/env bash
# Spool-to-client latency of issue #4: `pantau serve` (wall clock) with Config/pantau.conf plus a
# channel `lat` (FirstResponse=1s) on an empty spool; bench/spool-latency.py appends `created`
# lines (ts = now, one write(2) each, 20 per second at random instants, 240 tickets) and measures,
# at one /events client, breach receipt - deadline and append -> first `metrics` push showing
# the ticket (compared with PushInterval).
#
# Environment: PANTAU_BIN (default .build/release/pantau), PUSH_INTERVAL (1s), LAT_TICKETS (240),
# LAT_RATE (20 per second), PANTAU_PORT (19777).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PANTAU_BIN:-.build/release/pantau}
work=bench/out/spool-latency
port=${PANTAU_PORT:-19777}
push=${PUSH_INTERVAL:-1s}
[ -x "$bin" ] || { echo "build first: swift build -c release (or set PANTAU_BIN)"; exit 1; }
push_seconds=$(python3 -c "import sys; s=sys.argv[1]; print(float(s[:-2])/1000 if s.endswith('ms') else float(s.rstrip('s')))" "$push")
pantau_pid=
cleanup() { [ -n "$pantau_pid" ] && kill -TERM "$pantau_pid" 2>/dev/null && wait "$pantau_pid" 2>/dev/null || true; }
trap cleanup EXIT

rm -rf "$work"; mkdir -p "$work/spool" "$work/state"
conf=$work/bench.conf
{ cat Config/pantau.conf
  printf '\n[Daemon]\nPushInterval=%s\n' "$push"
  printf '\n[Channel lat]\nFirstResponse=1s\n'; } > "$conf"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $bin serve --config $conf --spool $work/spool --state $work/state --listen 127.0.0.1:$port (PushInterval=$push)"
"$bin" serve --config "$conf" --spool "$work/spool" --state "$work/state" --listen "127.0.0.1:$port" 2> "$work/serve.log" &
pantau_pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
    kill -0 "$pantau_pid" 2>/dev/null || { echo "pantau exited"; cat "$work/serve.log"; exit 1; }
    sleep 0.05
done
echo "== python3 bench/spool-latency.py --tickets ${LAT_TICKETS:-240} --rate ${LAT_RATE:-20} --budget 1 --push-interval $push_seconds"
python3 bench/spool-latency.py --port "$port" --spool "$work/spool" --channel lat --tickets "${LAT_TICKETS:-240}" \
    --rate "${LAT_RATE:-20}" --budget 1 --push-interval "$push_seconds" --json "$work/result.json"
kill -0 "$pantau_pid" 2>/dev/null || { echo "pantau died during the run"; cat "$work/serve.log"; exit 1; }
echo "== pantau log (warnings and errors):"
grep -E '^<[0-4]>' "$work/serve.log" | sort | uniq -c | sort -rn | head -20 || true
