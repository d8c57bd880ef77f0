"""Compilation: precompile time and throughput of the kernels and of a large generated module,
the load time on a cache hit, and the speed-up of parallel code generation where faaslet has it."""

import re
import shutil

import measure
import wasm_info

_PHASE = re.compile(r"faaslet:\s+(\S.*?)\s+([0-9.]+) ms$", re.MULTILINE)


def _phases(stderr):
    """`faaslet precompile -v`'s phase times, in seconds by name."""
    return {name: float(ms) / 1e3 for name, ms in _PHASE.findall(stderr)}


def _precompile(ctx, wasm, extra_flags=()):
    """A cold compile into an empty cache, then a hit on the entry it made."""
    def run_once():
        cache = ctx.work_dir / "compile-cache"
        shutil.rmtree(cache, ignore_errors=True)
        env = dict(ctx.faaslet_env, FAASLET_CACHE_DIR=str(cache))
        argv = [str(ctx.faaslet), "precompile", "-v", *extra_flags, str(wasm)]
        cold_wall, _, cold_err = measure.run(argv, env=env)
        hit_wall, _, hit_err = measure.run(argv, env=env)
        cold, hit = _phases(cold_err), _phases(hit_err)
        return {"compile_seconds": cold.get("compile", cold_wall), "cold_wall_seconds": cold_wall,
                "hit_wall_seconds": hit_wall,
                "hit_load_seconds": hit.get("cache lookup (hit)", 0) + hit.get("load", 0) if hit else None}
    return run_once


def _module_figures(wasm, runs):
    size, functions = wasm.stat().st_size, wasm_info.defined_functions(wasm)
    compile_seconds = [r["compile_seconds"] for r in runs]
    hit_loads = [r["hit_load_seconds"] for r in runs if r["hit_load_seconds"] is not None]
    return {
        "wasm_bytes": size, "functions": functions,
        "compile_seconds": measure.summary(compile_seconds),
        "bytes_per_second": measure.summary([size / s for s in compile_seconds]),
        "functions_per_second": measure.summary([functions / s for s in compile_seconds]),
        "cold_wall_seconds": measure.summary([r["cold_wall_seconds"] for r in runs]),
        "hit_wall_seconds": measure.summary([r["hit_wall_seconds"] for r in runs]),
        "hit_load_seconds": measure.summary(hit_loads) if hit_loads else None,
    }


def run_compile(ctx, builder, kernel_names):
    ctx.log("compile: building the large module")
    large = builder.large_module(ctx.large_module_functions)
    kernel_modules = {name: builder.wasm_kernel(name) for name in kernel_names}
    variants = {name: _precompile(ctx, wasm) for name, wasm in kernel_modules.items()}
    # With parallel code generation, the large module is compiled with one and with two threads
    # (its row in the table is the one-thread figure, comparable across machines); without, once
    # as faaslet compiles it by default.
    has_threads = "--codegen-threads" in measure.run([ctx.faaslet, "precompile", "--help"])[1]
    thread_counts = (1, 2) if has_threads else (None,)
    for threads in thread_counts:
        flags = ("--codegen-threads", str(threads)) if threads else ()
        variants[(large.stem, threads)] = _precompile(ctx, large, flags)
    raw = measure.interleave(variants, ctx.compile_runs, progress=lambda step: ctx.log(f"compile: {step}"))

    figures = {name: _module_figures(wasm, raw[name]) for name, wasm in kernel_modules.items()}
    figures[large.stem] = _module_figures(large, raw[(large.stem, thread_counts[0])])
    threads = None
    if has_threads:
        one = [r["compile_seconds"] for r in raw[(large.stem, 1)]]
        two = [r["compile_seconds"] for r in raw[(large.stem, 2)]]
        threads = {"one_thread_seconds": measure.summary(one), "two_threads_seconds": measure.summary(two),
                   "speedup": measure.paired_ratios(one, two)}
    return {"modules": figures, "large_module": large.stem, "codegen_threads": threads}
