"""Start-up: whole-process wall time of the hello-world command on every engine, and the
in-process time to instantiate a module and call a no-op export (faaslet against node)."""

import json

import measure
import toolchain

HELLO_BASELINE = "native"
HELLO_GREETING = "Hello from a Faaslet!"


def _hello_commands(ctx, builder):
    hello_wasm = ctx.build_dir / "examples" / "hello.wasm"
    measure.run([ctx.faaslet, "precompile", hello_wasm], env=ctx.faaslet_env)
    return {
        HELLO_BASELINE: [builder.native_program(ctx.root / "sdk" / "examples" / "hello.c")],
        "faaslet (cached)": [ctx.faaslet, "run", hello_wasm],
        "wasm2c": [builder.wasm2c(hello_wasm)],
        "node": ["node", *toolchain.NODE_WASI_FLAGS, ctx.root / "bench" / "node" / "run_wasi.mjs", hello_wasm],
    }


def _wall_time(ctx, argv):
    def run_once():
        wall, out, _ = measure.run([str(a) for a in argv], env=ctx.faaslet_env)
        if HELLO_GREETING not in out:
            raise measure.CommandFailed(f"{argv}: printed {out!r}")
        return wall
    return run_once


def _instantiate_commands(ctx, builder):
    noop = builder.noop_module()
    iterations = str(ctx.instantiate_iterations)
    return {
        "faaslet": [ctx.build_dir / "bin" / "faaslet-bench-instantiate", noop, iterations],
        "node": ["node", ctx.root / "bench" / "node" / "instantiate.mjs", noop, iterations],
    }


def _instantiate_once(argv):
    def run_once():
        return json.loads(measure.run([str(a) for a in argv])[1])
    return run_once


def run_startup(ctx, builder):
    ctx.log("start-up: hello")
    hello_variants = {name: _wall_time(ctx, argv) for name, argv in _hello_commands(ctx, builder).items()}
    hello_raw = measure.interleave(hello_variants, ctx.startup_runs)
    hello = {name: {"wall_seconds": measure.summary(samples),
                    "ratio_to_native": measure.paired_ratios(samples, hello_raw[HELLO_BASELINE])}
             for name, samples in hello_raw.items()}

    ctx.log("start-up: instantiate and call a no-op export")
    instantiate_variants = {name: _instantiate_once(argv) for name, argv in _instantiate_commands(ctx, builder).items()}
    instantiate_raw = measure.interleave(instantiate_variants, ctx.runs)
    # Each process reports the median of its iterations; the figure is the median over processes.
    instantiate = {name: {phase: measure.summary([run[phase]["median"] for run in runs])
                          for phase in ("instantiate", "call", "instantiate_and_call")}
                   for name, runs in instantiate_raw.items()}
    return {"hello": hello, "hello_baseline": HELLO_BASELINE, "instantiate": instantiate,
            "instantiate_iterations": ctx.instantiate_iterations}
