#!/usr/bin/env bash
# Seconds from the start of `pantau serve --clock events` until /readyz answers 200, on a spool
# holding the two halves of bench/out/bench-1m.jsonl (995,014 lines); pinned to core 1. Used for
# the before/after figure of issue #9 in BENCHMARKS.md.
# Usage: bench/serve-catchup.sh [BIN] [RUNS]   (default .build/release/pantau, 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/pantau}
runs=${2:-3}
port=${PORT:-19911}
out=bench/out
[ -s "$out/bench-1m.jsonl" ] || "$bin" simulate --to "$out/bench-1m.jsonl" --tickets 151000 --seed 42 --clean
[ -s "$out/half-aa" ] || (cd "$out" && split -n l/2 bench-1m.jsonl half-)
for _ in $(seq "$runs"); do
    dir=$out/catchup-$$
    rm -rf "$dir" && mkdir -p "$dir/spool"
    cp "$out/half-aa" "$dir/spool/half-aa.jsonl"
    cp "$out/half-ab" "$dir/spool/half-ab.jsonl"
    start=$(date +%s.%N)
    taskset -c 1 "$bin" serve --config Config/pantau.conf --spool "$dir/spool" --state "$dir/state" --clock events \
        --listen "127.0.0.1:$port" 2>"$dir/serve.log" &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.02; done
    end=$(date +%s.%N)
    kill -TERM "$pid"; wait "$pid" || true
    echo "caught up in $(echo "$end - $start" | bc) s"
    rm -rf "$dir"
done
