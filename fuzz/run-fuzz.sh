#!/usr/bin/env bash
# Builds the libFuzzer harnesses (the sources they test compiled in with ASan) and runs each for
# FUZZ_SECONDS (default 60). Usage: fuzz/run-fuzz.sh [event|config|http|checkpoint|all]
# Each harness is compiled with whole targets (every file of PantauCore or PantauHTTP), so moving
# files between folders never breaks the fuzz build.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
which=${1:-all}
mkdir -p fuzz/bin
build() { # name harness targets… (under Sources/)
    local name=$1 harness=$2; shift 2
    local sources=()
    for folder in "$@"; do sources+=($(find "Sources/$folder" -name '*.swift' | sort)); done
    echo "building fuzz/bin/$name"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name "Fuzz${name//-/_}" "${sources[@]}" \
        "fuzz/$harness" -o "fuzz/bin/$name" 2>&1 | grep -v 'Cannot export local symbol' || true
    test -x "fuzz/bin/$name"
}
run() { # name seeds
    mkdir -p "fuzz/corpus-$1"
    echo "fuzzing $1 for ${seconds}s"
    "fuzz/bin/$1" -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 -artifact_prefix="fuzz/" \
        "fuzz/corpus-$1" "fuzz/seeds/$2" 2>&1 | grep -E "^(#[0-9]+.*DONE|Done|stat::number_of_executed_units|stat::peak_rss|==.*ERROR|SUMMARY)" || true
    ! ls fuzz/crash-* fuzz/leak-* fuzz/timeout-* 2>/dev/null | grep -q .
}
if [[ $which == event || $which == all ]]; then build event-parser EventParserFuzz.swift PantauCore; run event-parser event; fi
if [[ $which == config || $which == all ]]; then build config-parser ConfigurationParserFuzz.swift PantauCore; run config-parser config; fi
if [[ $which == http || $which == all ]]; then build http-parser HTTPRequestParserFuzz.swift PantauHTTP; run http-parser http; fi
if [[ $which == checkpoint || $which == all ]]; then build checkpoint CheckpointFuzz.swift PantauCore; run checkpoint checkpoint; fi
