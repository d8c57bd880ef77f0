"""State: the two-tier state examples (sdk/examples/sgd.c, matmul_state.c) with the state mapped
into every worker against the copying variant of the same code, for 1 to 16 workers, interleaved
in one process by faaslet-bench-state (wall time, PSS of the whole process, bytes copied); the time
of mapping a 1 MiB value; the PSS that 16 workers mapping one 64 MiB value add.

Run alone: python3 bench/driver/state.py --build-dir build (writes BUILD/bench-report/state.md,
state.json and the plots); bench/run.sh runs it with every other benchmark."""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import measure

WORKERS = (1, 2, 4, 8, 16)


def _summaries(runs):
    """{example: {workers: {variant: figures}}} with every figure summarised over the rounds, and
    the copy/map ratios of runs of the same round."""
    table = {}
    for example in ("sgd", "matmul"):
        rows = {}
        for workers in WORKERS:
            by_variant = {}
            for variant in ("map", "copy"):
                mine = [r for r in runs[example]["runs"] if r["workers"] == workers and r["variant"] == variant]
                mine.sort(key=lambda r: r["round"])
                by_variant[variant] = {
                    "wall_ms": measure.summary([r["wall_ms"] for r in mine]),
                    "pss_peak_mib": measure.summary([r["pss_peak_kib"] / 1024 for r in mine]),
                    "pss_added_mib": measure.summary([(r["pss_peak_kib"] - r["pss_before_kib"]) / 1024 for r in mine]),
                    "copied_mib": measure.summary([r["copied_bytes"] / 2**20 for r in mine]),
                    "mapped_mib": measure.summary([r["mapped_bytes"] / 2**20 for r in mine]),
                    "results": sorted({r["result"].strip() for r in mine}),
                }
            m, c = by_variant["map"], by_variant["copy"]
            by_variant["copy_over_map"] = {
                "wall": measure.paired_ratios(c["wall_ms"]["samples"], m["wall_ms"]["samples"]),
                "pss_peak": measure.paired_ratios(c["pss_peak_mib"]["samples"], m["pss_peak_mib"]["samples"]),
                "pss_added": measure.paired_ratios([max(x, 1 / 1024) for x in c["pss_added_mib"]["samples"]],
                                                   [max(x, 1 / 1024) for x in m["pss_added_mib"]["samples"]]),
            }
            rows[workers] = by_variant
        table[example] = rows
    return table


def run_state(ctx, builder):
    probe = builder.state_probe_module()
    examples = ctx.build_dir / "examples"
    tool = ctx.build_dir / "bin" / "faaslet-bench-state"
    argv = [str(tool), str(examples / "sgd.wasm"), str(examples / "matmul_state.wasm"), str(probe), str(ctx.runs)]
    ctx.log(f"state: SGD and matrix multiply, {len(WORKERS)} worker counts x 2 variants x {ctx.runs} rounds")
    raw = json.loads(measure.run(argv, env=ctx.faaslet_env)[1])
    shared = raw["shared_64mib"]
    return {"setup": {name: raw[name]["setup"] for name in ("sgd", "matmul")}, "examples": _summaries(raw),
            "map_1mib_ns": measure.summary(raw["map_1mib"]["samples_ns"]),
            "shared_64mib": dict(shared, added_kib=shared["pss_held_mapped_kib"] - shared["pss_held_unmapped_kib"]),
            "raw": raw}


def goals(state, goal):
    mapping = state["map_1mib_ns"]["median"] / 1000
    goal("State: mapping a 1 MiB value into a Faaslet <= 5 us", f"{mapping:.2f} us (median)", mapping <= 5)
    added = state["shared_64mib"]["added_kib"]
    goal("State: 16 workers sharing a 64 MiB value add <= 1 MiB PSS", f"{added} KiB", added <= 1024)
    sixteen = state["examples"]["sgd"][16]["copy_over_map"]
    faster = sixteen["wall"]["median"]
    goal("State: SGD with 16 workers >= 2x faster than copying", f"{faster:.2f}x", faster >= 2)
    whole, added_ratio = sixteen["pss_peak"]["median"], sixteen["pss_added"]["median"]
    goal("State: SGD with 16 workers >= 10x less memory than copying (PSS of the whole process)",
         f"{whole:.1f}x whole process ({added_ratio:.1f}x on what the run added)", whole >= 10)


def _fmt(summary, digits=1):
    return f"{summary['median']:.{digits}f} ({summary['min']:.{digits}f}–{summary['max']:.{digits}f})"


def _results(texts):
    """SGD's accuracies as their range (Hogwild's races make each run differ a little); any other
    result as the distinct texts (the matrix checksum: one, or the variants disagree)."""
    accuracies = [float(t.split()[1]) for t in texts if t.startswith("accuracy ")]
    if accuracies:
        return f"accuracy {min(accuracies):.3f}–{max(accuracies):.3f}"
    return "; ".join(sorted(set(texts)))


def section(state):
    lines = ["## State", "", f"""The state examples through the embedding API (faaslet-bench-state), each worker count and
variant in every round (interleaved), the workers started at once, each on its own Faaslet (the
pool's bound is the worker count; the machine has {os.cpu_count()} cores). **map**: the examples as
written (sdk/examples/sgd.c, matmul_state.c): every worker maps the data set and the weights (or
the matrices) with `__faasm_read_state_ptr`. **copy**: the same code copying them in with
`__faasm_read_state` and out with `__faasm_write_state*`, as a container must. PSS is the whole
process's (runtime included, from smaps_rollup, sampled every 2 ms while the workers ran: its peak),
"added" the peak less the PSS just before the workers started. Copied: bytes between guest memories
and state; mapped: bytes of state mapped instead.

SGD: {state['setup']['sgd']} (examples, features, nonzeros per example, seed): a 16 MiB data set,
1 MiB of weights; 400,000 Hogwild steps split between the workers, examples drawn from the whole
set. Matrix multiply: {state['setup']['matmul']} (N, seed): C = A x B of 512 x 512 doubles, rows
split between the workers.""", ""]
    for example, title in (("sgd", "SGD"), ("matmul", "Matrix multiply")):
        rows = []
        for workers, v in state["examples"][example].items():
            m, c, r = v["map"], v["copy"], v["copy_over_map"]
            rows.append([workers, _fmt(m["wall_ms"]), _fmt(c["wall_ms"]), f"{r['wall']['median']:.2f}x",
                         _fmt(m["pss_peak_mib"]), _fmt(c["pss_peak_mib"]), f"{r['pss_peak']['median']:.1f}x",
                         f"{m['pss_added_mib']['median']:.1f} / {c['pss_added_mib']['median']:.1f}",
                         f"{m['copied_mib']['median']:.2f} / {c['copied_mib']['median']:.1f}",
                         f"{m['mapped_mib']['median']:.0f}", _results(m["results"] + c["results"])])
        lines += [f"{title}:", "", "| workers | wall ms map | wall ms copy | copy/map | PSS MiB map | PSS MiB copy | "
                  "copy/map | PSS added MiB map / copy | copied MiB map / copy | mapped MiB | result |",
                  "|" + "---|" * 11]
        lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
        lines.append("")
    shared = state["shared_64mib"]
    lines += [f"""Mapping a 1 MiB value that exists already (`__faasm_read_state_ptr`, timed by the guest with
clock_gettime around the call, {len(state['map_1mib_ns']['samples'])} values in one call):
{_fmt({k: v / 1000 for k, v in state['map_1mib_ns'].items() if k != 'samples'}, 2)} µs.

{shared['workers']} Faaslets each holding a call that mapped a {shared['value_kib'] // 1024} MiB value and read every
page of it: PSS {shared['pss_held_mapped_kib']} KiB, against {shared['pss_held_unmapped_kib']} KiB for the same
{shared['workers']} calls held without mapping it (idle: {shared['pss_idle_kib']} KiB, the value resident):
**{shared['added_kib']} KiB added** by the mappings. (Page tables are kernel memory, outside PSS.)

![State: wall time](state_time.png)
![State: memory](state_memory.png)
"""]
    return "\n".join(lines)


def plots(state, report_dir, write_table, plot):
    rows = []
    for workers in WORKERS:
        row = [str(workers)]
        for example in ("sgd", "matmul"):
            for variant in ("map", "copy"):
                v = state["examples"][example][workers][variant]
                row += [v["wall_ms"]["median"], v["pss_peak_mib"]["median"]]
        rows.append(row)
    write_table(report_dir / "state.dat", ["workers", "sgd map ms", "MiB", "sgd copy ms", "MiB", "matmul map ms",
                                           "MiB", "matmul copy ms", "MiB"], rows)
    common = """set terminal pngcairo size 1000,600 noenhanced font ",11"
set grid ytics
set key outside right top
set xlabel 'workers'
set style data linespoints
"""
    plot(common + """set output 'state_time.png'
set title 'State: wall time of the workers (median over rounds)'
set ylabel 'ms'
plot 'state.dat' using 2:xtic(1) title 'SGD map', '' using 4 title 'SGD copy', '' using 6 title 'matmul map', '' using 8 title 'matmul copy'
""", report_dir)
    plot(common + """set output 'state_memory.png'
set title 'State: peak PSS of the whole process while the workers ran (median over rounds)'
set ylabel 'MiB'
plot 'state.dat' using 3:xtic(1) title 'SGD map', '' using 5 title 'SGD copy', '' using 7 title 'matmul map', '' using 9 title 'matmul copy'
""", report_dir)


def main():
    import main as driver  # the full driver's context and builder
    import plots as plotting
    import toolchain

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    ctx = driver._context(args)
    ctx.report_dir.mkdir(parents=True, exist_ok=True)
    state = run_state(ctx, toolchain.Builder(ctx.root, ctx.work_dir))
    found = []
    goals(state, lambda text, value, met: found.append(f"| {text} | {value} | {'met' if met else '**not met**'} |"))
    (ctx.report_dir / "state.json").write_text(json.dumps(state, indent=1, default=str) + "\n")
    plots(state, ctx.report_dir, plotting._write_table, plotting._plot)
    (ctx.report_dir / "state.md").write_text("| goal | measured | |\n|---|---|---|\n" + "\n".join(found) + "\n\n" +
                                             section(state) + "\n")
    ctx.log(f"state report: {ctx.report_dir / 'state.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
