#!/usr/bin/env bash
# Live ingest: how many events a second a running `pantau serve` (wall clock, Config/pantau.conf)
# applies from lines appended to its spool while it runs, and how far behind it falls at a fixed
# rate. The lines are bench/out/bench-1m.jsonl (995,014 events of the simulator, 5 channels),
# stamped with the time they are written (STAMP=file keeps the file's own; CLOCK=events runs
# serve on the events clock).
#   1. as fast as possible: the whole file appended in 1,000-line writes; seconds from the first
#      write to pantau_events_total covering every line.
#   2. at RATE lines/s (default 50000) for 20 s: the largest pantau_spool_lag_seconds seen (polled
#      every 100 ms) and the seconds after the last write until every line is applied.
# Pinned to core 1 (the writer and poller on core 0). For docs/scaling.md and BENCHMARKS.md.
# Usage: bench/live-ingest.sh [BIN] [RATE]   (default .build/release/pantau, 50000; PHASES="rate" for the second only;
#        CONFIG=FILE for another configuration)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/pantau}
rate=${2:-50000}
port=${PORT:-19913}
out=bench/out
[ -s "$out/bench-1m.jsonl" ] || "$bin" simulate --to "$out/bench-1m.jsonl" --tickets 151000 --seed 42 --clean
dir=$out/live-ingest-$$
trap 'kill -TERM "${pid:-0}" 2>/dev/null || true; rm -rf "$dir"' EXIT
for phase in ${PHASES:-fast rate}; do
    rm -rf "$dir" && mkdir -p "$dir/spool"
    taskset -c 1 "$bin" serve --config "${CONFIG:-Config/pantau.conf}" --spool "$dir/spool" --state "$dir/state" --clock "${CLOCK:-wall}" \
        --listen "127.0.0.1:$port" 2>"$dir/serve.log" &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.02; done
    taskset -c 0 python3 - "$out/bench-1m.jsonl" "$dir/spool/live.jsonl" "$port" "$phase" "$rate" <<'PY'
import sys, time, os, urllib.request, re, datetime
src, dst, port, phase, rate = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
lines = open(src, 'rb').read().splitlines(keepends=True)
# STAMP=now (default): every line's ts becomes the wall time it is written at, as live traffic
# has it; STAMP=file keeps the file's (months old: under the wall clock every cycle is then
# already past its deadline, and breaches at once).
stamp_now = os.environ.get("STAMP", "now") == "now"
TS = re.compile(rb'"ts":"[^"]*"')
def stamped(chunk):
    if not stamp_now: return chunk
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'
    return TS.sub(b'"ts":"' + now.encode() + b'"', chunk)
def applied():
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    total = sum(float(m.group(1)) for m in re.finditer(r'^pantau_events_total\{[^}]*\} (\S+)$', text, re.M))
    lag = re.search(r'^pantau_spool_lag_seconds (\S+)$', text, re.M)
    return total, float(lag.group(1)) if lag else 0.0
fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
if phase == "fast":
    start = time.monotonic()
    for i in range(0, len(lines), 1000):
        os.write(fd, stamped(b"".join(lines[i:i + 1000])))
    written = time.monotonic()
    while applied()[0] < len(lines): time.sleep(0.02)
    done = time.monotonic()
    print(f"as fast as possible: {len(lines)} lines written in {written - start:.2f} s, all applied {done - start:.2f} s "
          f"after the first write -> {len(lines) / (done - start):,.0f} events/s")
else:
    n = min(len(lines), rate * 20)
    start = time.monotonic(); next_poll = start; worst = 0.0; i = 0
    while i < n:
        due = int((time.monotonic() - start) * rate)
        if due > i:
            j = min(n, due, i + 5000)
            os.write(fd, stamped(b"".join(lines[i:j]))); i = j
        if time.monotonic() >= next_poll:
            worst = max(worst, applied()[1]); next_poll += 0.1
        time.sleep(0.001)
    written = time.monotonic()
    while True:
        total, lag = applied(); worst = max(worst, lag)
        if total >= n: break
        time.sleep(0.02)
    done = time.monotonic()
    print(f"at {rate:,} lines/s for {written - start:.1f} s ({n} lines): largest spool lag {worst:.2f} s, "
          f"all applied {done - written:.2f} s after the last write")
PY
    echo "pantau VmHWM: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
    kill -TERM "$pid"; wait "$pid" || true
done
