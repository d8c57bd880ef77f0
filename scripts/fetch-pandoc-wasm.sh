#!/usr/bin/env bash
# Fetches pandoc.wasm, the GHC wasm backend's build of pandoc that the npm package pandoc-wasm
# ships (58 MB: never committed), into DEST_DIR (default build/downloads) unless it is there
# already, and prints its path. Exit status 77 when npm or the package cannot be reached, with the
# reason on stderr, so a test can skip.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=1.1.0
dest=${1:-$root/build/downloads}
wasm=$dest/pandoc-wasm-$version.wasm
if [[ -f $wasm ]]; then
  echo "$wasm"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "pandoc-wasm: npm is not installed, cannot fetch pandoc-wasm@$version" >&2
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "pandoc-wasm@$version" >/dev/null 2>"$tmp/npm.log"); then
  echo "pandoc-wasm: npm pack pandoc-wasm@$version failed: $(tail -n 1 "$tmp/npm.log")" >&2
  exit 77
fi
tar -xzf "$tmp/pandoc-wasm-$version.tgz" -C "$tmp" package/src/pandoc.wasm
mkdir -p "$dest"
# Renamed into place, so an interrupted fetch never leaves half a module under the final name.
mv "$tmp/package/src/pandoc.wasm" "$wasm.part"
mv "$wasm.part" "$wasm"
echo "$wasm"
