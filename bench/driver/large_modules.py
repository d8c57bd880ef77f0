"""Large real-world modules (fetched by bench/corpus/fetch.sh): per module its size and functions,
the quick tier's time from `faaslet run` of an uncached module to the first instruction of its
`_start`, the optimised tier's compile time and throughput, the peak memory of each compile, and
the run time of a representative case on each tier and as node's cold whole-process wall time.
Opt-in (bench/run.sh --large-modules): the optimised tier of the largest modules takes long."""

import os
import re
import shutil
from pathlib import Path

import measure
import wasm_info

# name: (arguments of the representative case, whether it needs the work directory, preopened in the guest as /case).
# pandoc is left out while its exception-handling instructions are not compiled.
CASES = {
    "nextpnr-ice40": (["--version"], False),
    "flite": (["-t", "A quick tier runs at once.", "-o", "/case/flite.wav"], True),
    "pdfcpu": (["version"], False),
    "yosys": (["-q", "-p", "read_verilog /case/counter.v; synth_ice40 -top counter; stat"], True),
    "llvm": (["clang", "-target", "wasm32-wasi", "-O2", "-c", "/case/hello.c", "-o", "/case/hello.o"], True),
}
COUNTER_V = """module counter(input clk, input rst, output reg [7:0] count);
  always @(posedge clk) if (rst) count <= 0; else count <= count + 1;
endmodule
"""
HELLO_C = "int square(int x) { return x * x; }\n"

_PHASE = re.compile(r"^faaslet:( +)(\S.*?)\s+([0-9.]+) ms$", re.MULTILINE)
_PEAK = re.compile(r"^peak-kb (\d+)$", re.MULTILINE)


def corpus_dir(root):
    return Path(os.environ.get("FAASLET_CORPUS_DIR", root / "build" / "corpus"))


def _top_phases(stderr):
    """The top-level phases of `faaslet -v`'s timing (not the compile's details), in seconds."""
    return {name: float(ms) / 1e3 for indent, name, ms in _PHASE.findall(stderr) if len(indent) == 2}


def _timed(argv, env):
    """Runs argv under /usr/bin/time for its peak resident memory; (wall, stdout, stderr, peak MB)."""
    wall, out, err = measure.run(["/usr/bin/time", "-f", "peak-kb %M", *map(str, argv)], env=env)
    peaks = _PEAK.findall(err)
    return wall, out, err, int(peaks[-1]) / 1024 if peaks else None


def _work(ctx):
    work = ctx.work_dir / "large-modules"
    work.mkdir(parents=True, exist_ok=True)
    (work / "counter.v").write_text(COUNTER_V)
    (work / "hello.c").write_text(HELLO_C)
    return work


def _faaslet_run(ctx, env, wasm, tier, args, work, needs_work):
    dirs = ["--dir", f"{work}::/case"] if needs_work else []
    return _timed([ctx.faaslet, "-v", "run", "--tier", tier, *dirs, wasm, "--", *args], env)


def _measure_module(ctx, name, wasm, work):
    args, needs_work = CASES[name]
    cache = ctx.work_dir / "large-modules-cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = dict(ctx.faaslet_env, FAASLET_CACHE_DIR=str(cache))
    # The quick tier as a first run meets it: compiled into an empty cache, then run.
    _, _, quick_err, quick_peak = _faaslet_run(ctx, env, wasm, "quick", args, work, needs_work)
    quick = _top_phases(quick_err)
    to_start = sum(seconds for phase, seconds in quick.items() if phase not in ("run", "total"))
    # The optimised tier as `faaslet precompile` builds it.
    optimised_wall, _, optimised_err, optimised_peak = _timed([ctx.faaslet, "-v", "precompile", wasm], env)
    optimised = _top_phases(optimised_err).get("compile", optimised_wall)
    _, _, hot_err, _ = _faaslet_run(ctx, env, wasm, "optimised", args, work, needs_work)
    node_dirs = [f"--preopen=/case={work}"] if needs_work else []
    node_wall, _, _ = measure.run(["node", ctx.root / "bench" / "node" / "run_wasi.mjs", *node_dirs, wasm, *args])
    size = wasm.stat().st_size
    return {
        "wasm_bytes": size, "functions": wasm_info.defined_functions(wasm),
        "quick_seconds_to_start": to_start, "quick_compile_seconds": quick.get("compile"),
        "quick_peak_mb": quick_peak, "quick_run_seconds": quick.get("run"),
        "optimised_compile_seconds": optimised, "optimised_bytes_per_second": size / optimised,
        "optimised_peak_mb": optimised_peak, "optimised_run_seconds": _top_phases(hot_err).get("run"),
        "node_cold_wall_seconds": node_wall,
    }


def run_large_modules(ctx):
    corpus = corpus_dir(ctx.root)
    work = _work(ctx)
    figures, missing = {}, []
    for name in CASES:
        wasm = corpus / f"{name}.wasm"
        if not wasm.exists():
            missing.append(name)
            continue
        ctx.log(f"large modules: {name}")
        try:
            figures[name] = _measure_module(ctx, name, wasm, work)
        except measure.CommandFailed as failure:
            figures[name] = {"failed": str(failure)[-500:]}
    return {"modules": figures, "missing": missing, "corpus": str(corpus)}
