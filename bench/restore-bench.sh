#!/usr/bin/env bash
# Restore benchmark of issue #3: `pantau serve` with a checkpoint of 1,000,000 open tickets.
# 1. serve --clock events reads bench/out/open-1m.jsonl from a spool, SIGTERM writes the checkpoint;
# 2. serve is started again (3 times): the time from exec to the "restored checkpoint" log line
#    (monotonic, measured by this script polling the log every 10 ms) is the restore time.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/pantau
out=bench/out
work=$out/restore
open=$out/open-1m.jsonl
[ -x "$bin" ] || { echo "build first: make release"; exit 1; }
[ -s "$open" ] || "$bin" simulate --to "$open" --tickets 1000000 --seed 7 --rate 20000 --open-only --clean
rm -rf "$work"; mkdir -p "$work/spool"
cp "$open" "$work/spool/events.jsonl"
conf=$work/pantau.conf
{ cat Config/pantau.conf; printf '\n[Daemon]\nSpool=%s\nState=%s\nCheckpointInterval=1h\n' "$PWD/$work/spool" "$PWD/$work/state"; } > "$conf"

wait_for() { # log text timeout-seconds
    local deadline=$((SECONDS + $3))
    until grep -q "$2" "$1" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { echo "timed out waiting for '$2' in $1"; exit 1; }
        sleep 0.01
    done
}

"$bin" serve --config "$conf" --clock events 2> "$work/first.log" & pid=$!
wait_for "$work/first.log" "caught up" 300
kill -TERM $pid; wait $pid
echo "checkpoint: $(du -m "$work/state/checkpoint.bin" | cut -f1) MB for 1,000,000 open tickets"

for run in 1 2 3; do
    log=$work/restore-$run.log
    start=$(date +%s%N)
    "$bin" serve --config "$conf" --clock events 2> "$log" & pid=$!
    wait_for "$log" "restored checkpoint" 60
    end=$(date +%s%N)
    wait_for "$log" "caught up" 60
    kill -TERM $pid; wait $pid
    echo "restore run $run: $(( (end - start) / 1000000 )) ms from exec to 'restored checkpoint' ($(grep -o 'TICKETS=[0-9]*' "$log"))"
done
