#!/usr/bin/env bash
# pandoc-wasm's pandoc.wasm, a real published module that needs exception handling (with SIMD and
# extended constant expressions), fetched from npm: faaslet refuses it by naming the proposal it
# does not run, and still lists the features its code uses and its target_features section claims. Skipped (77) when the
# package cannot be fetched. Usage: pandoc_wasm.sh FAASLET DOWNLOAD_DIR
set -uo pipefail
faaslet=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
wasm=$(bash "$here/../../scripts/fetch-pandoc-wasm.sh" "$2")
fetched=$?
if [[ $fetched -ne 0 ]]; then
  echo "skipped: pandoc-wasm could not be fetched (see above)"
  exit 77
fi
output=$("$faaslet" inspect "$wasm" 2>&1)
status=$?
echo "$output"
fail() {
  echo "FAIL: $1"
  exit 1
}
[[ $status -ne 0 ]] || fail "faaslet inspect accepted a module that needs exception handling"
grep -q "unsupported: code section, function [0-9]* at 0x[0-9a-f]*: uses the exception-handling proposal (legacy try/catch), not supported" <<<"$output" ||
  fail "the refusal does not name the exception-handling proposal"
grep -q "features used by the code: .*exception-handling.*simd128" <<<"$output" ||
  fail "the features its code uses are not listed"
grep -q "features claimed (target_features): .*+exception-handling" <<<"$output" ||
  fail "the target_features claims are not listed"
echo "ok: pandoc.wasm is refused by name"
