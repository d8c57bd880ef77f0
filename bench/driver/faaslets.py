"""Faaslets: the Faaslet layer through the embedding API (faaslet-bench-faaslets): warm and fresh
call latencies, the OS primitives they are made of, throughput on 2 client threads, PSS per live
Faaslet and the most live Faaslets one process holds. Each round is one process; every numeric
figure is summarised over the rounds."""

import json

import measure


def numeric_leaves(tree, prefix=""):
    """The numeric leaves of a JSON object, keyed by their path ("warm.invoke.p50")."""
    leaves = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            leaves.update(numeric_leaves(value, path + "."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            leaves[path] = value
    return leaves


def run_faaslets(ctx, builder):
    module = builder.faaslet_calls_module()
    tool = ctx.build_dir / "bin" / "faaslet-bench-faaslets"
    argv = [str(tool), str(module), str(ctx.faaslet_calls), str(ctx.throughput_seconds),
            str(ctx.memory_instances), str(ctx.max_live_faaslets)]
    ctx.log(f"faaslets: {ctx.faaslet_calls} calls, throughput, {ctx.memory_instances} live Faaslets, "
            f"up to {ctx.max_live_faaslets}")
    runs = measure.interleave({"faaslets": lambda: json.loads(measure.run(argv, env=ctx.faaslet_env)[1])},
                              ctx.runs)["faaslets"]
    leaves = [numeric_leaves(run) for run in runs]
    figures = {path: measure.summary([leaf[path] for leaf in leaves]) for path in leaves[0]
               if all(path in leaf for leaf in leaves)}
    # Texts and per-step lists do not summarise: the last round's are kept as they were.
    return {"calls": ctx.faaslet_calls, "throughput_seconds": ctx.throughput_seconds, "figures": figures,
            "last_run": runs[-1]}
