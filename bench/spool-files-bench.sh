#!/usr/bin/env bash
# 100,000 files in the spool (issue #8): time to apply them all, peak memory, descriptors, and
# idle CPU once caught up. Each file holds FILE_LINES events (a batch producer's drop).
#
# Environment: PANTAU_BIN (default .build/release/pantau), FILES (100000), FILE_LINES (2),
# IDLE_SECONDS (20), PANTAU_PORT (19779).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PANTAU_BIN:-.build/release/pantau}
work=bench/out/spool-files
port=${PANTAU_PORT:-19779}
files=${FILES:-100000}
per=${FILE_LINES:-2}
idle=${IDLE_SECONDS:-20}
[ -x "$bin" ] || { echo "build first: swift build -c release (or set PANTAU_BIN)"; exit 1; }
pantau_pid=
cleanup() { [ -n "$pantau_pid" ] && kill -TERM "$pantau_pid" 2>/dev/null && wait "$pantau_pid" 2>/dev/null || true; }
trap cleanup EXIT
rm -rf "$work"; mkdir -p "$work/spool" "$work/state"
python3 - "$work/spool" "$files" "$per" <<'PY'
import sys, datetime
spool, files, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0 = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.timezone.utc)
for i in range(files):
    with open(f"{spool}/batch-{i:06d}.jsonl", "w") as f:
        for k in range(per):
            ts = (t0 + datetime.timedelta(milliseconds=10 * (i * per + k))).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            typ = "created" if k == 0 else "assigned"
            ch = ',"channel":"email"' if k == 0 else ""
            f.write(f'{{"id":"e{i}-{k}","ts":"{ts}","ticket":"t{i}","type":"{typ}"{ch}}}\n')
PY
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $files files x $per lines; $bin serve --config Config/pantau.conf --clock events --spool $work/spool --state $work/state"
start=$(date +%s.%N)
"$bin" serve --config Config/pantau.conf --clock events --spool "$work/spool" --state "$work/state" --listen "127.0.0.1:$port" 2> "$work/serve.log" &
pantau_pid=$!
maxfd=0
until grep -q "caught up" "$work/serve.log"; do
    kill -0 "$pantau_pid" 2>/dev/null || { echo "pantau exited"; tail "$work/serve.log"; exit 1; }
    n=$(ls /proc/$pantau_pid/fd 2>/dev/null | wc -l); [ "$n" -gt "$maxfd" ] && maxfd=$n
    sleep 0.1
done
end=$(date +%s.%N)
applied=$(curl -s "http://127.0.0.1:$port/api/v1/snapshot" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"]["applied"])')
echo "== caught up in $(python3 -c "print(round($end - $start, 1))") s; applied $applied of $((files * per)); descriptors peak $maxfd (sampled every 0.1 s), now $(ls /proc/$pantau_pid/fd | wc -l); $(grep -E 'VmHWM|VmRSS' /proc/$pantau_pid/status | xargs)"
# The first checkpoint after catching up (tens of MB here) comes within CheckpointInterval (5 s):
# let it pass, then measure the idle daemon.
sleep 7
echo "== after the first checkpoint: $(grep -E 'VmRSS' /proc/$pantau_pid/status | xargs)"
t1=$(awk '{print $14 + $15}' /proc/$pantau_pid/stat)
sleep "$idle"
t2=$(awk '{print $14 + $15}' /proc/$pantau_pid/stat)
hz=$(getconf CLK_TCK)
echo "== idle for $idle s: CPU $(python3 -c "print(round(100 * ($t2 - $t1) / $hz / $idle, 2))") % of one core; descriptors $(ls /proc/$pantau_pid/fd | wc -l); $(grep -E 'VmRSS' /proc/$pantau_pid/status | xargs)"
ls -la "$work/state/checkpoint.bin" | awk '{print "== checkpoint: " $5 " bytes"}'
