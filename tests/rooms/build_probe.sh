#!/usr/bin/env bash
# build_probe.sh BUILD_DIR TARGET public|private: a public probe must build; a private one must
# fail because its header is not found (not for any other reason).
set -uo pipefail
output=$(cmake --build "$1" --target "$2" 2>&1)
built=$?
if [[ $3 == public ]]; then
  [[ $built == 0 ]] && { echo "$2 builds, as it should"; exit 0; }
  echo "$output"; echo "$2 should build" >&2; exit 1
fi
if [[ $built != 0 && $output == *"file not found"* ]]; then
  echo "$2 is refused: $(grep -m1 'file not found' <<<"$output")"; exit 0
fi
echo "$output"; echo "$2 should fail to compile for want of the private header" >&2; exit 1
