"""Chained calls (faaslet-bench-chaining): chain + await round trips of a no-op with 1 KiB each way
against a direct call of the same export, round trips of payloads from 1 B to 64 MiB against
memcpy in the same process, and a fan-out of 10,000 no-op calls gathered by one caller. Each round
is one process; every numeric figure is summarised over the rounds."""

import json

import faaslets
import measure


def run_chaining(ctx, builder):
    module = builder.chain_calls_module()
    tool = ctx.build_dir / "bin" / "faaslet-bench-chaining"
    argv = [str(tool), str(module), str(ctx.chain_calls)]
    ctx.log(f"chaining: {ctx.chain_calls} round trips, payloads 1 B to 64 MiB, fan-out of 10,000")
    runs = measure.interleave({"chaining": lambda: json.loads(measure.run(argv, env=ctx.faaslet_env)[1])},
                              ctx.runs)["chaining"]
    leaves = [faaslets.numeric_leaves(run) for run in runs]
    figures = {path: measure.summary([leaf[path] for leaf in leaves]) for path in leaves[0]
               if all(path in leaf for leaf in leaves)}
    sizes = sorted(int(size) for size in runs[-1]["payload"])
    return {"calls": ctx.chain_calls, "payload_sizes": sizes, "figures": figures}
