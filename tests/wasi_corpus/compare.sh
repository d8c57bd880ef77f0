#!/usr/bin/env bash
# Runs one corpus program natively and under `faaslet run`, each in its own copy of the same
# scratch directory, and fails unless both print the same stdout, exit with the same (expected)
# status and leave the same tree behind (names, types, symlink targets, file contents).
#
#   compare.sh --faaslet BIN --native EXE --wasm MODULE --work DIR [--seed DIR] [--stdin FILE]
#              [--env K=V]... [--read-only PATH]... [--status N] -- ARGS...
#
# Both runs get the same argv (argv[0] is the program's name), only the --env variables and the
# same stdin. Stderr is shown, never compared: strerror texts differ between glibc and wasi-libc.
set -euo pipefail

seed= stdin=/dev/null status=0
envs=() read_only=()
while (($#)); do
  case $1 in
    --faaslet) faaslet=$2; shift 2 ;;
    --native) native=$2; shift 2 ;;
    --wasm) wasm=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --stdin) stdin=$2; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --read-only) read_only+=("$2"); shift 2 ;;
    --status) status=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
args=("$@")
name=$(basename "$native")

# Read-only seeds must become writable again before the next run can remove them.
[[ -e $work ]] && chmod -R u+w "$work"
rm -rf "$work"
for side in native wasm; do
  mkdir -p "$work/$side"
  [[ -n $seed ]] && cp -R "$seed/." "$work/$side/"
  for path in "${read_only[@]}"; do chmod a-w "$work/$side/$path"; done
done

run_status() { # runs "$@" with the side's stdout kept; prints its exit status
  local side=$1; shift
  set +e
  (cd "$work/$side" && "$@") <"$stdin" >"$work/$side.stdout"
  echo $?
  set -e
}
# faaslet runs guest code without capabilities (its sandbox); so does the native side, so that root
# meets permission bits in both.
without_capabilities=()
[[ $(id -u) == 0 ]] && without_capabilities=(setpriv --bounding-set=-all --inh-caps=-all)
native_status=$(run_status native "${without_capabilities[@]}" env -i "${envs[@]}" "$native" "${args[@]}")
env_options=()
for e in "${envs[@]}"; do env_options+=(--env "$e"); done
wasm_status=$(run_status wasm "$faaslet" run "$wasm" --dir "$work/wasm::." --argv0 "$name" "${env_options[@]}" \
  -- "${args[@]}")

failed=0
if ! diff -u --label native --label wasm "$work/native.stdout" "$work/wasm.stdout"; then
  echo "$name: stdout differs" >&2; failed=1
fi
if [[ $native_status != "$wasm_status" ]]; then
  echo "$name: exit status native $native_status, wasm $wasm_status" >&2; failed=1
elif [[ $native_status != "$status" ]]; then
  echo "$name: exit status $native_status, expected $status" >&2; failed=1
fi
listing() { (cd "$work/$1" && find . -mindepth 1 -printf '%y %p %l\n' | LC_ALL=C sort); }
if ! diff -u --label native --label wasm <(listing native) <(listing wasm); then
  echo "$name: the directory trees differ" >&2; failed=1
elif ! diff -r --no-dereference "$work/native" "$work/wasm"; then
  echo "$name: file contents differ" >&2; failed=1
fi
((failed == 0)) && echo "$name: identical stdout, exit status $status and files"
exit $failed
