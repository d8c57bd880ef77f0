#!/usr/bin/env python3
"""Differential testing: random valid modules from binaryen's fuzzer (`wasm-opt -ttf`) run in
faaslet at O0, O2 and O3 (faaslet-diff-run) and in V8 (node v8_runner.mjs), compared line by line:
every log call, result bit pattern (NaN payloads aside), trap and trap kind.

  differential.py --runner build/bin/faaslet-diff-run --count 60 --seed 1       # a quick fixed run
  differential.py --runner build/bin/faaslet-diff-run --count 60 --simd         # SIMD in the code
  differential.py --runner ... --count 100000 --seed $RANDOM --keep /tmp/found   # a soak
  differential.py --runner ... MODULE.wasm...                                    # regressions

A module whose calls exhaust the stack on either side is compared up to that call only: engines
differ in how deep they go. A difference that appears only after a call trapped is counted apart
and does not fail the run: faaslet does not promise that a store preceding a trapping load in the
program is done when the load traps (compiler/trap_probes.cpp, "Not promised"), so the state a
trap leaves (globals, memory) may differ from V8's, and so may every call after it. A Faaslet
never sees that state: it is reset after every call. Exit status 1 when anything differs; the modules that did are copied to
--keep with both outputs beside them."""

import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# MVP and 2.0 without reference types (binaryen 108's reference-types output is not 2.0); SIMD
# with --simd (exports that take or return a v128 are not called: JS cannot pass one). With SIMD
# the fuzzer's logging imports are removed (binaryen's --remove-imports turns their calls into
# nops), because it logs v128 values too and faaslet's host functions cannot take a v128 yet:
# those modules are compared by their exports' results, traps and the hash of their memory.
FEATURES = ["--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int",
            "--enable-bulk-memory", "--enable-multivalue"]


def run(command, timeout):
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout, done.stderr


def generate(seed, directory, simd):
    rng = random.Random(seed)
    data = os.path.join(directory, "input.dat")
    with open(data, "wb") as f:
        f.write(rng.randbytes(rng.randint(512, 16384)))
    module = os.path.join(directory, f"seed-{seed}.wasm")
    extra = ["--enable-simd", "--remove-imports"] if simd else []
    code, _, err = run(["wasm-opt", "-ttf", data, "-o", module] + FEATURES + extra, 120)
    if code != 0:
        raise RuntimeError(f"wasm-opt failed for seed {seed}: {err.strip()}")
    return module


# V8 says "float unrepresentable in integer range" for every trapping float-to-int conversion; the
# spec (and faaslet) call an out-of-range one an integer overflow and a NaN an invalid conversion.
SAME_TRAP = {("trap conversion", "trap int-overflow")}


def same(reference_line, line):
    return reference_line == line or (reference_line, line) in SAME_TRAP


class Comparison:
    def __init__(self):
        self.mismatch = None      # the first difference before any trap
        self.after_trap = None    # the first difference after a trap
        self.calls = 0
        self.cut = False          # cut short at stack exhaustion


def compare(reference, levels):
    result = Comparison()
    for level, lines in levels.items():
        trapped = False
        n = min(len(reference), len(lines))
        for i in range(n):
            if reference[i] == "trap exhausted" or lines[i] == "trap exhausted":
                result.cut = True
                break
            if not same(reference[i], lines[i]):
                call = next((l for l in reversed(lines[:i + 1]) if l.startswith("call ")), "(instantiation)")
                text = f"{level}: {call}: V8 says `{reference[i]}`, faaslet says `{lines[i]}`"
                if trapped:
                    result.after_trap = result.after_trap or text
                else:
                    result.mismatch = result.mismatch or text
                break
            result.calls += reference[i].startswith("call ")
            trapped |= reference[i].startswith("trap ")
        else:
            if len(reference) != len(lines) and not result.cut:
                text = f"{level}: V8 printed {len(reference)} lines, faaslet {len(lines)}"
                if trapped:
                    result.after_trap = result.after_trap or text
                else:
                    result.mismatch = result.mismatch or text
    return result


def failed(module, why):
    result = Comparison()
    result.mismatch = why
    return module, result


def check(runner, module, keep):
    with tempfile.TemporaryDirectory(prefix="faaslet-diff-") as scratch:
        code, signatures, err = run([runner, "--signatures", module], 60)
        if code != 0:
            return failed(module, f"faaslet-diff-run --signatures failed: {signatures.strip()} {err.strip()}")
        sig_path = os.path.join(scratch, "signatures.json")
        with open(sig_path, "w") as f:
            f.write(signatures)
        try:
            _, v8_out, v8_err = run(["node", os.path.join(HERE, "v8_runner.mjs"), module, sig_path], 300)
            code, ours, err = run([runner, module], 600)
        except subprocess.TimeoutExpired as timeout:
            return failed(module, f"timed out: {' '.join(timeout.cmd[:2])}")
        if code != 0:
            return failed(module, f"faaslet-diff-run exited {code}: {ours.strip()[-400:]} {err.strip()[-400:]}")
        reference = v8_out.splitlines()
        if not reference:
            return failed(module, f"node printed nothing: {v8_err.strip()[-400:]}")
        levels, current = {}, None
        for line in ours.splitlines():
            if line.startswith("level "):
                current = levels.setdefault(line[6:], [])
            elif current is not None:
                current.append(line)
        result = compare(reference, levels)
        if (result.mismatch or result.after_trap) and keep:
            os.makedirs(keep, exist_ok=True)
            base = os.path.join(keep, os.path.basename(module))
            shutil.copy(module, base)
            with open(base + ".v8.txt", "w") as f:
                f.write(v8_out)
            with open(base + ".faaslet.txt", "w") as f:
                f.write(ours)
        return module, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runner", required=True, help="the faaslet-diff-run binary")
    parser.add_argument("--count", type=int, default=0, help="random modules to make and run")
    parser.add_argument("--seed", type=int, default=1, help="the first module's seed (the rest follow)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--simd", action="store_true", help="modules use SIMD too")
    parser.add_argument("--keep", help="where modules that differ are copied")
    parser.add_argument("modules", nargs="*", help="modules to run as they are (regressions)")
    args = parser.parse_args()
    if not shutil.which("node") or not shutil.which("wasm-opt"):
        print("differential: needs node and wasm-opt (binaryen) on PATH; skipped")
        return 77

    failures, after_trap, compared, cut, total = [], [], 0, 0, 0
    with tempfile.TemporaryDirectory(prefix="faaslet-diff-modules-") as modules_dir, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        def made(seed):
            directory = os.path.join(modules_dir, str(seed))
            os.makedirs(directory)
            return generate(seed, directory, args.simd)

        modules = list(args.modules)
        modules += pool.map(made, range(args.seed, args.seed + args.count))
        for module, result in pool.map(lambda m: check(args.runner, m, args.keep), modules):
            total += 1
            compared += result.calls
            cut += result.cut
            if result.mismatch:
                failures.append(f"{os.path.basename(module)}: {result.mismatch}")
            elif result.after_trap:
                after_trap.append(f"{os.path.basename(module)}: {result.after_trap}")
    for failure in failures:
        print("MISMATCH", failure)
    for difference in after_trap:
        print("after a trap:", difference)
    print(f"differential: {total} modules, {compared} calls compared with V8 at O0, O2 and O3, "
          f"{len(failures)} mismatches, {len(after_trap)} differing only after a trap, "
          f"{cut} cut short at stack exhaustion")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
