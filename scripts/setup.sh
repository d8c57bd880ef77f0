#!/usr/bin/env bash
# Installs everything faaslet needs to build and test on Debian 12, from Debian's packages only.
# Idempotent: packages already present are not touched, and apt-get runs only when one is missing.
set -euo pipefail

packages=(
  # build
  cmake ninja-build ccache git pkg-config g++
  # compiler toolchain: LLVM for code generation, clang for the fuzzer and for wasm test functions
  llvm-19-dev clang-19 lld-19 libclang-rt-19-dev
  # building test functions for wasm32-wasi
  wasi-libc libclang-rt-19-dev-wasm32
  # C++ for wasm32-wasi (sdk/wasm32-wasi.cmake)
  libc++-19-dev-wasm32 libc++abi-19-dev-wasm32
  # wabt: wasm2c for the benchmarks, wast2json for the decoder fuzzer's seeds (the spec driver reads .wast itself)
  wabt
  # bench: node (V8 through node:wasi; Debian 12 has v18, later ones work too) and gnuplot for the plots
  nodejs gnuplot-nox
  # libraries
  libssl-dev libffi-dev libseccomp-dev libcap-dev libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  googletest libgmock-dev libgtest-dev libzstd-dev zlib1g-dev libxml2-dev libedit-dev libncurses-dev
  # the HTTP server (cpp-httplib) and the Redis global tier (hiredis; redis-server for its tests)
  libcpp-httplib-dev libhiredis-dev redis-server
  # bench: wrk loads the HTTP server; binaryen's wasm-opt is a second engine for differential tests
  wrk binaryen
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing packages: ${missing[*]}; run as root (or install them) first" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
