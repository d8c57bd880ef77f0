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
# clang says "file not found", GCC "No such file or directory".
missing="file not found|fatal error: .*: No such file or directory"
if [[ $built != 0 && $output =~ $missing ]]; then
  echo "$2 is refused: $(grep -m1 -E "$missing" <<<"$output")"; exit 0
fi
echo "$output"; echo "$2 should fail to compile for want of the private header" >&2; exit 1
