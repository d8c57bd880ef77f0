"""Compute kernels on every engine: built, then run in interleaved rounds (every kernel on every
engine once per round); each engine's checksum must equal native's, and every time is compared
with native -O3 run in the same round."""

import re

import measure
import toolchain

BASELINE = "native -O3"
# "faaslet" is `faaslet run` from the cache, with the interruption polling it always compiles in;
# "faaslet plain" is the same compiler without polling (faaslet-bench-plain).
ENGINES = [BASELINE, "native -O3 -march=native", "faaslet", "faaslet plain", "node", "node --no-liftoff", "wasm2c"]
# One kernel per PolyBench category: what --quick runs.
QUICK_KERNELS = ["gemm", "lu", "jacobi_2d", "floyd_warshall", "covariance"]

_KERNEL_LINE = re.compile(r"kernel (\S+) seconds ([0-9.]+) checksum ([0-9a-f]+)")
_NODE_COMPILE = re.compile(r"node compile seconds ([0-9.]+)")


class ChecksumMismatch(RuntimeError):
    pass


def _commands(ctx, builder, name):
    """Every engine's command line for one kernel, building what it runs."""
    wasm = builder.wasm_kernel(name)
    # V8 compiles wasm lazily by default (each function on its first call, inside the timed
    # kernel); eager compilation keeps the compile time apart, as the report gives it.
    node = ["node", *toolchain.NODE_WASI_FLAGS, "--no-wasm-lazy-compilation"]
    script = str(ctx.root / "bench" / "node" / "run_wasi.mjs")
    measure.run([ctx.faaslet, "precompile", wasm], env=ctx.faaslet_env)
    plain_tool = ctx.build_dir / "bin" / "faaslet-bench-plain"
    plain_object = ctx.work_dir / "plain" / f"{name}.so"
    plain_object.parent.mkdir(parents=True, exist_ok=True)
    measure.run([str(plain_tool), "compile", str(wasm), str(plain_object)])
    return {
        BASELINE: [builder.native_kernel(name, march_native=False)],
        "native -O3 -march=native": [builder.native_kernel(name, march_native=True)],
        "faaslet": [ctx.faaslet, "run", wasm],
        "faaslet plain": [plain_tool, "run", wasm, plain_object],
        "node": [*node, script, wasm],
        "node --no-liftoff": [*node, "--no-liftoff", script, wasm],
        "wasm2c": [builder.wasm2c(wasm)],
    }


def _runner(ctx, argv):
    def run_once():
        wall, out, err = measure.run([str(a) for a in argv], env=ctx.faaslet_env)
        match = _KERNEL_LINE.search(out)
        if not match:
            raise measure.CommandFailed(f"{' '.join(map(str, argv))}: no kernel line in its output:\n{out}{err}")
        compile_match = _NODE_COMPILE.search(err)
        return {"name": match[1], "kernel_seconds": float(match[2]), "checksum": match[3], "wall_seconds": wall,
                "compile_seconds": float(compile_match[1]) if compile_match else None}
    return run_once


def _check_checksums(name, runs_by_engine):
    expected = runs_by_engine[BASELINE][0]["checksum"]
    for engine, runs in runs_by_engine.items():
        for run in runs:
            if run["checksum"] != expected:
                raise ChecksumMismatch(f"{name}: {engine} printed checksum {run['checksum']}, native {expected}")
    return expected


def selected_kernels(ctx, builder):
    return QUICK_KERNELS if ctx.quick else builder.kernel_names()


def run_kernels(ctx, builder):
    names = selected_kernels(ctx, builder)
    variants = {}
    for name in names:
        ctx.log(f"kernels: building {name}")
        for engine, argv in _commands(ctx, builder, name).items():
            variants[(name, engine)] = _runner(ctx, argv)
    raw = measure.interleave(variants, ctx.runs, progress=lambda step: ctx.log(f"kernels: {step}"))

    results = {}
    polling_costs = []
    for name in names:
        runs_by_engine = {engine: raw[(name, engine)] for engine in ENGINES}
        checksum = _check_checksums(name, runs_by_engine)
        baseline = [r["kernel_seconds"] for r in runs_by_engine[BASELINE]]
        engines = {}
        for engine, runs in runs_by_engine.items():
            seconds = [r["kernel_seconds"] for r in runs]
            compile_seconds = [r["compile_seconds"] for r in runs if r["compile_seconds"] is not None]
            engines[engine] = {
                "kernel_seconds": measure.summary(seconds),
                "wall_seconds": measure.summary([r["wall_seconds"] for r in runs]),
                "ratio_to_native": measure.paired_ratios(seconds, baseline),
                "compile_seconds": measure.summary(compile_seconds) if compile_seconds else None,
            }
        results[runs_by_engine[BASELINE][0]["name"]] = {"checksum": checksum, "engines": engines}
        polling_costs.append(measure.paired_ratios([r["kernel_seconds"] for r in runs_by_engine["faaslet"]],
                                                   [r["kernel_seconds"] for r in runs_by_engine["faaslet plain"]])["median"])

    geomeans = {engine: measure.geomean([k["engines"][engine]["ratio_to_native"]["median"] for k in results.values()])
                for engine in ENGINES}
    return {"kernels": results, "geomean_ratio_to_native": geomeans, "engines": ENGINES, "baseline": BASELINE,
            "polling_cost_geomean": measure.geomean(polling_costs)}
