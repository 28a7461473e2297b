#!/usr/bin/env bash
# Runs the test suite and, when it fails, repeats every failure at the end of the output, so the
# last lines of a long CI log name the failing tests and their expectations.
set -uo pipefail
build_dir=${BUILD_DIR:-.build}
log=$(mktemp "${TMPDIR:-/var/tmp}/pantau-test.XXXXXX")
trap 'rm -f "$log"' EXIT
swift test --skip-build --build-path "$build_dir" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then
    echo
    echo "=== failures (repeated from above) ==="
    grep -a -E '✘|recorded an issue|error:|Fatal error|Crash|signal code' "$log" | grep -a -v '^✘ Suite' | head -60
fi
exit "$rc"
