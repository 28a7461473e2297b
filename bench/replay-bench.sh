#!/usr/bin/env bash
# The replay benchmark of issue #2 (figures go to BENCHMARKS.md with this command):
#  1. throughput: `pantau replay` of a 1,000,000-event simulated file, release build, pinned to one
#     core, against mtail --one_shot running a comparable program (bench/pantau-comparable.mtail)
#     on the same file in the same run;
#  2. memory: peak RSS of `pantau replay` with 1,000,000 open tickets, minus the base with one.
# The file is `simulate --clean` (no malformed lines): mtail 3.0.0~rc50 stops reading a file at its
# first invalid UTF-8 line, which would let it skip most of the work.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
bin=.build/release/pantau
conf=Config/pantau.conf
core=${BENCH_CORE:-1}
runs=${BENCH_RUNS:-10}
events=$out/bench-1m.jsonl
open=$out/open-1m.jsonl

[ -x "$bin" ] || { echo "build first: make release"; exit 1; }
if [ ! -s "$events" ]; then
    # 151,000 tickets give about 1,000,000 lines with the default profile.
    "$bin" simulate --to "$events" --tickets 151000 --seed 42 --clean
fi
if [ ! -s "$open" ]; then
    "$bin" simulate --to "$open" --tickets 1000000 --seed 7 --rate 20000 --open-only --clean
fi
lines=$(wc -l < "$events")
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), pinned to core $core"
echo "== file: $events, $lines lines, $(du -m "$events" | cut -f1) MB"

hyperfine --warmup 1 --runs "$runs" -N --export-json "$out/replay.json" \
    "taskset -c $core $bin replay --config $conf $events" >/dev/null
hyperfine --warmup 0 --runs 3 -N --export-json "$out/mtail.json" \
    "taskset -c $core mtail --one_shot --one_shot_format prometheus --progs bench/pantau-comparable.mtail --logs $events" >/dev/null

# mtail must have seen every line for the comparison to be fair.
seen=$(taskset -c "$core" mtail --one_shot --one_shot_format prometheus --progs bench/pantau-comparable.mtail --logs "$events" 2>/dev/null \
    | awk '/^pantau_events_by_type/ {s += $2} END {print s}')
echo "== mtail counted $seen of $lines lines"

base_kb=$(head -1 "$open" > "$out/open-1.jsonl"; /usr/bin/time -f %M "$bin" replay --config "$conf" "$out/open-1.jsonl" 2>&1 >/dev/null | tail -1)
peak_kb=$(/usr/bin/time -f %M "$bin" replay --config "$conf" "$open" 2>&1 >/dev/null | tail -1)

python3 - "$out/replay.json" "$out/mtail.json" "$lines" "$base_kb" "$peak_kb" <<'PY'
import json, sys
replay = json.load(open(sys.argv[1]))["results"][0]
mtail = json.load(open(sys.argv[2]))["results"][0]
lines, base, peak = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
r_mean, r_min = replay["mean"], replay["min"]
m_mean = mtail["mean"]
print(f"pantau replay: mean {r_mean:.3f} s ± {replay['stddev']:.3f} (min {r_min:.3f}) -> {lines / r_mean / 1e6:.2f} M events/s (best {lines / r_min / 1e6:.2f})")
print(f"mtail one-shot: mean {m_mean:.3f} s -> {lines / m_mean / 1e3:.0f} k events/s")
print(f"speed-up over mtail: {m_mean / r_mean:.1f}x (means)")
print(f"memory: base {base / 1024:.1f} MiB, 1,000,000 open tickets {peak / 1024:.1f} MiB -> {(peak - base) * 1024 / 1e6:.0f} bytes per open ticket")
PY
