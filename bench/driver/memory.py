"""Memory: resident and proportional set size each live faaslet instance adds, over a thousand
instances per process, in several processes."""

import json

import measure

FIGURES = ("rss_kib_per_instance", "pss_kib_per_instance")


def _measure_once(ctx, wasm):
    tool = ctx.build_dir / "bin" / "faaslet-bench-memory"
    return lambda: json.loads(measure.run([str(tool), str(wasm), str(ctx.memory_instances)])[1])


def run_memory(ctx, builder):
    modules = {"noop": builder.noop_module(), "hello": ctx.build_dir / "examples" / "hello.wasm"}
    ctx.log(f"memory: {ctx.memory_instances} instances of {', '.join(modules)}")
    raw = measure.interleave({name: _measure_once(ctx, wasm) for name, wasm in modules.items()}, ctx.runs)
    return {"instances": ctx.memory_instances,
            "modules": {name: {figure: measure.summary([run[figure] for run in runs]) for figure in FIGURES}
                        for name, runs in raw.items()}}
