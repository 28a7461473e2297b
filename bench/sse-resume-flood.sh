#!/usr/bin/env bash
# SSE resume flood (issue #8, item 6): RESUMES clients (default 6000) resume /events with the
# Last-Event-ID of a boot's start after 20,000 breach/warning events and never read; measured:
# the daemon's RSS before and after, and /metrics latency meanwhile. Run once with MaxSSEBuffer=8M
# (every resume replays the ~5 MB of missed events: shared chunks, not copies) and once with the
# default 512K (too much missed: a snapshot alone).
#
# Environment: PANTAU_BIN (default .build/release/pantau), RESUMES (6000), PANTAU_PORT (19780).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PANTAU_BIN:-.build/release/pantau}
port=${PANTAU_PORT:-19780}
resumes=${RESUMES:-6000}
[ -x "$bin" ] || { echo "build first: swift build -c release (or set PANTAU_BIN)"; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
pantau_pid=
cleanup() { [ -n "$pantau_pid" ] && kill -TERM "$pantau_pid" 2>/dev/null && wait "$pantau_pid" 2>/dev/null || true; }
trap cleanup EXIT
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for buffer in 8M 512K; do
    work=bench/out/sse-resume-flood-$buffer
    rm -rf "$work"; mkdir -p "$work/spool" "$work/state"
    conf=$work/bench.conf
    printf '[Daemon]\nSpool=%s\nState=%s\nPushInterval=1h\nEventHistory=20000\nMaxSSEBuffer=%s\n[Channel chat]\nFirstResponse=1min\n[Channel email]\nFirstResponse=4h\n' \
        "$work/spool" "$work/state" "$buffer" > "$conf"
    "$bin" serve --config "$conf" --clock events --listen "127.0.0.1:$port" 2> "$work/serve.log" &
    pantau_pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do sleep 0.05; done
    boot=$(timeout 2 curl -s -N "http://127.0.0.1:$port/events" | grep -m1 '^id:' | sed 's/^id: //; s/-.*//' || true)
    python3 - "$work/spool/a.jsonl" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    for k in range(10000):
        out.write('{"id":"c%d","ts":"2026-03-02T08:00:00Z","ticket":"T%d","type":"created","channel":"chat"}\n' % (k, k))
    out.write('{"id":"late","ts":"2026-03-02T09:00:00Z","ticket":"Z","type":"created","channel":"email"}\n')
PY
    until curl -s "http://127.0.0.1:$port/metrics" | grep -q '^pantau_sse_events_pushed_total 20000'; do sleep 0.1; done
    echo "== MaxSSEBuffer=$buffer: $resumes clients resume from $boot-0 (20,000 events missed) through a 4 KiB window, never reading"
    python3 - "$port" "$resumes" "$boot-0" "$pantau_pid" <<'PY'
import socket, sys, time, urllib.request
port, n, last, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
def rss():
    for line in open("/proc/%s/status" % pid):
        if line.startswith("VmRSS"): return int(line.split()[1]) // 1024
def metrics():
    t = time.time()
    body = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=30).read().decode()
    return (time.time() - t) * 1000, body
before = rss()
req = ("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nLast-Event-ID: %s\r\n\r\n" % last).encode()
socks, times = [], []
start = time.time()
for i in range(n):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port)); s.send(req); socks.append(s)
    if i % 500 == 499: times.append(metrics()[0])
while True:
    ms, body = metrics(); times.append(ms)
    clients = [l for l in body.splitlines() if l.startswith("pantau_sse_clients ")]
    if clients and float(clients[0].split()[1]) >= n or time.time() - start > 60: break
    time.sleep(0.2)
for _ in range(10): times.append(metrics()[0]); time.sleep(0.1)
ms, body = metrics()
snap = [l for l in body.splitlines() if l.startswith("pantau_sse_resume_snapshots_total")]
times.sort()
print("  %s; RSS %d MiB before, %d MiB after; /metrics during and after (n=%d): p50 %.1f ms, max %.1f ms" % (
    [l for l in body.splitlines() if l.startswith("pantau_sse_clients ")][0], before, rss(), len(times),
    times[len(times) // 2], times[-1]))
print("  " + "; ".join(snap))
PY
    kill -TERM "$pantau_pid"; wait "$pantau_pid" || true; pantau_pid=
done
