#!/usr/bin/env bash
# Builds everything and runs every test (unit tests and the spec suite) in parallel, then prints
# the spec-suite counts.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/build.sh"
status=0
ctest --test-dir "$root/build" -j "$(nproc)" --output-on-failure || status=$?
grep -h '^spec: ' "$root/build/Testing/Temporary/LastTest.log" || echo "spec: no spec-suite summary was printed"
exit $status
