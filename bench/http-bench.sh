#!/usr/bin/env bash
# HTTP benchmark of issue #4: GET /metrics on `pantau serve` against nginx serving a static copy
# of the same body, with wrk, in the same run (figures go to BENCHMARKS.md with this command).
#
#  1. `pantau serve` (wall clock, Config/pantau.conf: five channels) on a spool holding a simulated
#     history (`pantau simulate --to FILE --tickets 20000`); wait for /readyz 200;
#  2. save pantau's /metrics body; nginx (own config under bench/out/http, worker_processes auto,
#     keep-alive, access_log off, sendfile on as in Debian's nginx.conf) serves that copy with the
#     same Content-Type on another port;
#  3. `wrk -t1 -c100 -d15s --latency` (pinned; -tN unpinned on N cores) against each, alternating, BENCH_ROUNDS times (default 2),
#     after a 3 s warm-up of each; requests/s, p50/p99, and the ratio pantau / nginx.
#
# Placement (BENCH_PIN): 1 (default) runs both servers on core 1 (`taskset -c 1`; nginx's two
# workers share it) and wrk on core 0, so each server gets one core and never competes with the
# load generator; 0 runs everything unpinned (wrk's two threads then share the two cores with the
# server). pantau answers HTTP on one serial Dispatch queue, i.e. at most one core anyway.
#
# Environment: PANTAU_BIN (default .build/release/pantau), WRK_THREADS (default: 1 when pinned, else
# the number of cores), HTTP_THREADS (pantau's HTTPThreads=,
# default 0: one per CPU), BENCH_PIN, BENCH_ROUNDS, BENCH_DURATION
# (default 15s), BENCH_CONNECTIONS (default 100), PANTAU_PORT (19747), NGINX_PORT (19748),
# PANTAU_CLOCK (wall, the default, or events: no wall-clock ticks, so the figures and the cached
# /metrics body change only once a second, for the process_* figures).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${PANTAU_BIN:-.build/release/pantau}
out=bench/out
work=$out/http
history=$out/history-20k.jsonl
pin=${BENCH_PIN:-1}
rounds=${BENCH_ROUNDS:-2}
duration=${BENCH_DURATION:-15s}
conns=${BENCH_CONNECTIONS:-100}
port=${PANTAU_PORT:-19747}
clock=${PANTAU_CLOCK:-wall}
nport=${NGINX_PORT:-19748}

[ -x "$bin" ] || { echo "build first: swift build -c release (or set PANTAU_BIN)"; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
command -v nginx >/dev/null || { echo "nginx missing: apt-get install -y nginx-light"; exit 1; }

if [ "$pin" = 1 ]; then server_cpu=(taskset -c 1); client_cpu=(taskset -c 0); placement="servers on core 1, wrk on core 0"
else server_cpu=(); client_cpu=(); placement="unpinned (servers and wrk share both cores)"; fi
# One wrk thread per core wrk may use (wrk's own advice): two threads on wrk's one pinned core would
# make each wait while the other runs, and that wait would show in every server's tail latency.
if [ "$pin" = 1 ]; then wrk_threads=${WRK_THREADS:-1}; else wrk_threads=${WRK_THREADS:-$(nproc)}; fi

pantau_pid= nginx_pid=
cleanup() {
    [ -n "$pantau_pid" ] && kill -TERM "$pantau_pid" 2>/dev/null && wait "$pantau_pid" 2>/dev/null || true
    [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
}
trap cleanup EXIT

mkdir -p "$out"
[ -s "$history" ] || "$bin" simulate --to "$history" --tickets 20000 2>/dev/null
rm -rf "$work"; mkdir -p "$work/spool" "$work/state" "$work/nginx-tmp"
cp "$history" "$work/spool/history.jsonl"
conf=$work/bench.conf
{ cat Config/pantau.conf; printf '\n[Daemon]\nHTTPThreads=%s\n' "${HTTP_THREADS:-0}"; } > "$conf"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $placement; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== pantau (HTTPThreads=${HTTP_THREADS:-0}, 0 = one per CPU): $bin serve --config $conf --spool $work/spool --state $work/state --listen 127.0.0.1:$port --clock $clock"
echo "== spool: $(wc -l < "$history") lines (simulate --to FILE --tickets 20000)"

"${server_cpu[@]}" "$bin" serve --config "$conf" --spool "$work/spool" --state "$work/state" \
    --listen "127.0.0.1:$port" --clock "$clock" 2> "$work/serve.log" &
pantau_pid=$!
t0=$(date +%s%N)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; do
    kill -0 "$pantau_pid" 2>/dev/null || { echo "pantau exited"; cat "$work/serve.log"; exit 1; }
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 120 ] || { echo "pantau not ready after 120 s"; exit 1; }
    sleep 0.05
done
echo "== /readyz 200 after $(( ($(date +%s%N) - t0) / 1000000 )) ms"

curl -s -D "$work/metrics.head" -o "$work/metrics.txt" "http://127.0.0.1:$port/metrics"
ctype=$(awk -F': ' 'tolower($1)=="content-type" {sub(/\r$/, "", $2); print $2}' "$work/metrics.head")
echo "== /metrics: $(wc -c < "$work/metrics.txt") bytes, $(grep -vc '^#' "$work/metrics.txt") samples, Content-Type: $ctype"

cat > "$work/nginx.conf" <<EOF
# bench/http-bench.sh: nginx serving a static copy of pantau's /metrics.
worker_processes auto;
daemon off;
user root;
pid $root/$work/nginx.pid;
error_log $root/$work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $root/$work/nginx-tmp/body;
    proxy_temp_path $root/$work/nginx-tmp/proxy;
    fastcgi_temp_path $root/$work/nginx-tmp/fastcgi;
    uwsgi_temp_path $root/$work/nginx-tmp/uwsgi;
    scgi_temp_path $root/$work/nginx-tmp/scgi;
    server {
        listen 127.0.0.1:$nport;
        location = /metrics {
            types { }
            default_type "$ctype";
            alias $root/$work/metrics.txt;
        }
    }
}
EOF
"${server_cpu[@]}" nginx -c "$root/$work/nginx.conf" &
nginx_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$nport/metrics"; do
    kill -0 "$nginx_pid" 2>/dev/null || { echo "nginx exited"; cat "$work/nginx-error.log"; exit 1; }
    sleep 0.05
done
curl -s -D "$work/nginx.head" -o "$work/nginx-metrics.txt" "http://127.0.0.1:$nport/metrics"
cmp -s "$work/metrics.txt" "$work/nginx-metrics.txt" || { echo "nginx serves a different body"; exit 1; }
echo "== nginx $(nginx -v 2>&1 | cut -d/ -f2): same body, Content-Type: $(awk -F': ' 'tolower($1)=="content-type" {sub(/\r$/, "", $2); print $2}' "$work/nginx.head"), $(pgrep -c -P "$nginx_pid") workers"
echo "== wrk -t$wrk_threads -c$conns -d$duration --latency, $rounds rounds, alternating"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

run_wrk() { # name url file
    "${client_cpu[@]}" wrk -t"$wrk_threads" -c"$conns" -d3s "$2" > /dev/null
    local before after
    before=$(cpu_ticks "$pantau_pid")
    "${client_cpu[@]}" wrk -t"$wrk_threads" -c"$conns" -d"$duration" --latency "$2" > "$3"
    after=$(cpu_ticks "$pantau_pid")
    echo "$(( after - before ))" > "$3.pantau-cpu"
}

for r in $(seq 1 "$rounds"); do
    run_wrk pantau "http://127.0.0.1:$port/metrics" "$work/wrk-pantau-$r.txt"
    run_wrk nginx "http://127.0.0.1:$nport/metrics" "$work/wrk-nginx-$r.txt"
done
kill -0 "$pantau_pid" || { echo "pantau died during the run"; exit 1; }
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^pantau_http_(requests_total|refused_total|connections)' > "$work/pantau-http-counters.txt" || true

python3 - "$work" "$rounds" "$hz" "${duration%s}" <<'PY'
import re, sys
work, rounds, hz, dur = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
unit = {"us": 1e-3, "ms": 1.0, "s": 1e3}
def parse(path):
    t = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    lat = {p: float(v) * unit[u] for p, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", t, re.M)}
    errors = re.search(r"Socket errors:.*", t)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    reqs = int(re.search(r"(\d+) requests in", t).group(1))
    return rps, lat, (errors.group(0) if errors else ""), (int(non2xx.group(1)) if non2xx else 0), reqs
ratios = []
for r in range(1, rounds + 1):
    p = parse(f"{work}/wrk-pantau-{r}.txt"); n = parse(f"{work}/wrk-nginx-{r}.txt")
    cpu = int(open(f"{work}/wrk-pantau-{r}.txt.pantau-cpu").read()) / hz
    ratios.append(p[0] / n[0])
    for name, x, extra in (("pantau", p, f", pantau CPU {cpu:.1f} s in {dur:.0f} s ({100 * cpu / dur:.0f} % of a core)"), ("nginx ", n, "")):
        print(f"round {r} {name}: {x[0]:9.0f} req/s, p50 {x[1]['50']:.2f} ms, p90 {x[1]['90']:.2f} ms, p99 {x[1]['99']:.2f} ms, "
              f"{x[4]} requests, non-2xx {x[3]}{'; ' + x[2] if x[2] else ''}{extra}")
    print(f"round {r} ratio pantau/nginx: {ratios[-1]:.2f}x requests/s; pantau p99 {p[1]['99']:.2f} ms "
          f"(targets: >= 0.5x, p99 <= 5 ms: {'met' if ratios[-1] >= 0.5 else 'NOT met'}, {'met' if p[1]['99'] <= 5 else 'NOT met'})")
PY
cat "$work/pantau-http-counters.txt"
grep -Ev 'rejected line|^<[56]>' "$work/serve.log" || true
