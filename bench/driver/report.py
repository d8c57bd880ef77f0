"""The Markdown report: how the figures were made, the goals, then one section per benchmark.
Every figure is a median with its min and max over the runs."""


def _ms(summary):
    return f"{1e3 * summary['median']:.2f} ({1e3 * summary['min']:.2f}–{1e3 * summary['max']:.2f})"


def _us(summary):
    return f"{1e6 * summary['median']:.2f} ({1e6 * summary['min']:.2f}–{1e6 * summary['max']:.2f})"


def _ratio(summary):
    return f"{summary['median']:.2f}x ({summary['min']:.2f}–{summary['max']:.2f})"


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _method(results):
    c = results["config"]
    return f"""Measured on {c['cpu']} ({c['cores']} cores), {c['date']}; mode: {c['mode']}.

- Every figure is the median of several runs, with min–max in parentheses. Every comparison is a
  ratio of runs made in the same round: each round runs every variant once (A1 B1 C1, A2 B2 C2,
  ...), and a ratio is the median of the per-round ratios, so a slow phase of a noisy machine
  falls on both sides.
- Runs: {c['runs']} rounds for kernels, instantiation and memory; {c['startup_runs']} for hello;
  {c['compile_runs']} for compilation.{' --quick runs a subset of the kernels (one per PolyBench category) and a smaller generated module.' if c['mode'] == 'quick' else ''}
- Kernels: C, built with clang-19 {c['kernel_flags']} natively (also with -march=native) and for
  wasm32-wasi; the wasm runs in faaslet (`faaslet run` from the cache, default options: -O2,
  interruptible), in "faaslet plain" (the same compiler without interruption polling, through
  faaslet-bench-plain: the plain wasm code the compute goals name), node {c['node_version']} (V8 via node:wasi; default tiering, and --no-liftoff; both with
  --no-wasm-lazy-compilation, so that `WebAssembly.compile` compiles every function up front and
  its time stays out of the kernel time),
  and wasm2c (wabt {c['wabt_version']}) built with clang-19 {c['kernel_flags']} and bench/wasm2c's WASI shim.
  Kernel time is measured inside the program around the kernel; whole-process time outside.
  Every engine must print native's checksum (FNV-1a over the bits of every output element).
- Raw figures: results.json; plots: kernels.png, startup.png, compile.png."""


def _goals(goals):
    rows = [[g["goal"], g["measured"], "met" if g["met"] else "**not met**"] for g in goals]
    return _table(["goal", "measured", ""], rows)


def _kernels(kernels):
    engines = kernels["engines"]
    others = [e for e in engines if e != kernels["baseline"]]
    rows = []
    for name, kernel in kernels["kernels"].items():
        rows.append([name, _ms(kernel["engines"][kernels["baseline"]]["kernel_seconds"])] +
                    [_ratio(kernel["engines"][e]["ratio_to_native"]) for e in others])
    rows.append(["**geomean**", ""] + [f"**{kernels['geomean_ratio_to_native'][e]:.2f}x**" for e in others])
    ratio_table = _table(["kernel", "native -O3 ms"] + [f"{e} / native" for e in others], rows)

    wall_rows = [[name] + [_ms(kernel["engines"][e]["wall_seconds"]) for e in engines]
                 for name, kernel in kernels["kernels"].items()]
    wall_table = _table(["kernel"] + [f"{e} ms" for e in engines], wall_rows)

    compile_rows = [[name] + [_ms(kernel["engines"][e]["compile_seconds"]) for e in ("node", "node --no-liftoff")]
                    for name, kernel in kernels["kernels"].items()]
    compile_table = _table(["kernel", "node compile ms", "node --no-liftoff compile ms"], compile_rows)
    checksums = ", ".join(f"{name} `{k['checksum']}`" for name, k in kernels["kernels"].items())
    return f"""## Compute kernels

Kernel time relative to native -O3 (lower is better):

{ratio_table}

Whole-process wall time (start-up, initialisation of the arrays, kernel, exit):

{wall_table}

node's `WebAssembly.compile` of the whole module (not part of the kernel times above; by default
it is Liftoff's baseline code, and V8 tiers hot functions up to TurboFan in the background while
the kernel runs; with --no-liftoff it is TurboFan's code):

{compile_table}

faaslet's interruption polling costs {kernels['polling_cost_geomean']:.2f}x on geomean (faaslet /
faaslet plain, paired runs).

Checksums, equal on every engine: {checksums}.

![kernel ratios](kernels.png)
"""


def _startup(startup):
    baseline = startup["hello_baseline"]
    hello_rows = [[name, _ms(f["wall_seconds"]), _ratio(f["ratio_to_native"]) if name != baseline else ""]
                  for name, f in startup["hello"].items()]
    inst_rows = [[name] + [_us(f[phase]) for phase in ("instantiate", "call", "instantiate_and_call")]
                 for name, f in startup["instantiate"].items()]
    return f"""## Start-up

Whole-process wall time of the hello-world command (sdk/examples/hello.c); faaslet runs it from
its cache, node includes its own start-up and compiling the module:

{_table(["engine", "wall ms", "/ native"], hello_rows)}

In-process: instantiate the no-op module (bench/modules/noop.c, compiled and loaded beforehand) and
call its export; faaslet-bench-instantiate (a fresh Store per instance) against node's
`new WebAssembly.Instance` of a compiled `WebAssembly.Module`. Median per process over
{startup['instantiate_iterations']} iterations; the table gives the median (min–max) of those medians:

{_table(["engine", "instantiate us", "call us", "instantiate + call us"], inst_rows)}

![start-up](startup.png)
"""


def _compile(compile_results):
    rows = []
    for name, m in compile_results["modules"].items():
        hit = _ms(m["hit_load_seconds"]) if m["hit_load_seconds"] else "n/a"
        rows.append([name, m["wasm_bytes"], m["functions"], _ms(m["compile_seconds"]),
                     f"{m['bytes_per_second']['median'] / 1e3:.1f}", f"{m['functions_per_second']['median']:.0f}",
                     _ms(m["cold_wall_seconds"]), _ms(m["hit_wall_seconds"]), hit])
    table = _table(["module", "wasm bytes", "functions", "compile ms", "KB/s", "functions/s", "cold precompile ms",
                    "cached precompile ms", "cache-hit lookup + load ms"], rows)
    threads = compile_results["codegen_threads"]
    if threads:
        threads_text = (f"`--codegen-threads` on {compile_results['large_module']}: 1 thread "
                        f"{_ms(threads['one_thread_seconds'])} ms, 2 threads {_ms(threads['two_threads_seconds'])} ms, "
                        f"speed-up {_ratio(threads['speedup'])}.")
    else:
        threads_text = "`--codegen-threads`: not available in this faaslet."
    return f"""## Compilation

`faaslet precompile -v` into an empty cache (compile = the compile phase it reports: lower,
optimise, code generation, link), then again on the entry it made (a cache hit). The large
module is generated C (bench/driver/toolchain.py); where `--codegen-threads` exists its row is
compiled with one thread:

{table}

{threads_text}

![compile times](compile.png)
"""


def _memory(memory):
    rows = [[name, f"{f['rss_kib_per_instance']['median']:.1f} ({f['rss_kib_per_instance']['min']:.1f}–"
                   f"{f['rss_kib_per_instance']['max']:.1f})",
             f"{f['pss_kib_per_instance']['median']:.1f} ({f['pss_kib_per_instance']['min']:.1f}–"
             f"{f['pss_kib_per_instance']['max']:.1f})"]
            for name, f in memory["modules"].items()]
    return f"""## Memory

Added per live instance over {memory['instances']} instances (each with its own Store and WASI
context), from /proc/self/smaps_rollup:

{_table(["module", "RSS KiB / instance", "PSS KiB / instance"], rows)}
"""


def write_report(results, path):
    parts = ["# faaslet benchmark report", _method(results), "## Goals", _goals(results["goals"]),
             _kernels(results["kernels"]), _startup(results["startup"]), _compile(results["compile"]),
             _memory(results["memory"])]
    path.write_text("\n\n".join(parts) + "\n")
