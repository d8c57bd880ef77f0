"""bench/run.sh's driver: runs every benchmark against the build in --build-dir and writes
report.md, results.json and PNG plots into BUILD/bench-report."""

import argparse
import datetime
import json
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import chaining
import compile_times
import faaslets
import goals
import kernels
import large_modules
import measure
import memory
import plots
import report
import startup
import state
import state_redis
import toolchain


@dataclass
class Context:
    root: Path
    build_dir: Path
    report_dir: Path
    quick: bool
    runs: int
    startup_runs: int
    compile_runs: int
    instantiate_iterations: int
    memory_instances: int
    faaslet_calls: int
    throughput_seconds: float
    max_live_faaslets: int
    chain_calls: int
    large_module_functions: int
    started: float = field(default_factory=time.monotonic)

    @property
    def work_dir(self):
        return self.report_dir / "work"

    @property
    def faaslet(self):
        return self.build_dir / "bin" / "faaslet"

    @property
    def faaslet_env(self):
        # faaslet's cache lives with the report, so the user's own cache is never touched.
        return dict(os.environ, FAASLET_CACHE_DIR=str(self.work_dir / "faaslet-cache"))

    def log(self, message):
        print(f"[{time.monotonic() - self.started:6.1f}s] {message}", file=sys.stderr, flush=True)


def _context(args):
    root = Path(__file__).resolve().parents[2]
    build_dir = Path(args.build_dir).resolve()
    common = dict(root=root, build_dir=build_dir, report_dir=build_dir / "bench-report", quick=args.quick,
                  instantiate_iterations=10000, memory_instances=1000)
    if args.quick:
        return Context(**common, runs=3, startup_runs=10, compile_runs=2, large_module_functions=800,
                       faaslet_calls=5000, throughput_seconds=0.3, max_live_faaslets=2000,
                       chain_calls=2000)
    return Context(**common, runs=5, startup_runs=30, compile_runs=3, large_module_functions=4000,
                   faaslet_calls=20000, throughput_seconds=1.0, max_live_faaslets=4000,
                   chain_calls=10000)


def _cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def _config(ctx):
    return {"mode": "quick" if ctx.quick else "full", "cpu": _cpu_model(), "cores": os.cpu_count(),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "runs": ctx.runs, "startup_runs": ctx.startup_runs, "compile_runs": ctx.compile_runs,
            "kernel_flags": " ".join(toolchain.KERNEL_FLAGS),
            "node_version": measure.run(["node", "--version"])[1].strip(),
            "wabt_version": measure.run(["wasm2c", "--version"])[1].strip()}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", required=True, help="faaslet build directory (its bin/ and examples/)")
    parser.add_argument("--quick", action="store_true", help="fewer runs, a subset of kernels, a smaller module")
    parser.add_argument("--large-modules", action="store_true",
                        help="also the corpus of large real-world modules (bench/corpus/fetch.sh); long")
    args = parser.parse_args()
    ctx = _context(args)
    ctx.report_dir.mkdir(parents=True, exist_ok=True)
    builder = toolchain.Builder(ctx.root, ctx.work_dir)

    try:
        results = {"config": _config(ctx)}
        results["kernels"] = kernels.run_kernels(ctx, builder)
        results["startup"] = startup.run_startup(ctx, builder)
        results["compile"] = compile_times.run_compile(ctx, builder, kernels.selected_kernels(ctx, builder))
        results["memory"] = memory.run_memory(ctx, builder)
        results["faaslets"] = faaslets.run_faaslets(ctx, builder)
        results["chaining"] = chaining.run_chaining(ctx, builder)
        results["state"] = state.run_state(ctx, builder)
        results["state_redis"] = state_redis.run_state_redis(ctx)
        if args.large_modules:
            results["large_modules"] = large_modules.run_large_modules(ctx)
    except (kernels.ChecksumMismatch, measure.CommandFailed) as failure:
        print(f"bench: FAILED: {failure}", file=sys.stderr)
        return 1
    results["goals"] = goals.evaluate(results)

    (ctx.report_dir / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    plots.write_plots(results, ctx.report_dir)
    report.write_report(results, ctx.report_dir / "report.md")
    ctx.log(f"report: {ctx.report_dir / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
