#!/usr/bin/env bash
# Waits until every core was >= 90 % idle for three consecutive 5 s windows (/proc/stat), at most
# $1 seconds (default 600); exit 1 if the machine stayed busy. Run before a benchmark series on a
# shared machine: `bench/wait-idle.sh 600 && bench/sse-bench.sh`.
max=${1:-600}; ok=0; start=$SECONDS; idle=0
while [ $((SECONDS - start)) -lt "$max" ]; do
    read -r _ u n s i w x y z _ < /proc/stat; t1=$((u + n + s + i + w + x + y + z)); i1=$i
    sleep 5
    read -r _ u n s i w x y z _ < /proc/stat; t2=$((u + n + s + i + w + x + y + z)); i2=$i
    idle=$(( 100 * (i2 - i1) / (t2 - t1) ))
    if [ "$idle" -ge 90 ]; then ok=$((ok + 1)); else ok=0; fi
    [ "$ok" -ge 3 ] && { echo "idle ${idle}% after $((SECONDS - start)) s"; exit 0; }
done
echo "not idle after $max s (last ${idle}%)"; exit 1
