"""PNG plots of the report through gnuplot (Debian gnuplot-nox): kernel ratios per engine,
start-up times, compile times, Faaslet latencies. Each plot reads a whitespace-separated data file written here."""

import subprocess

import state

_COMMON = """set terminal pngcairo size 1400,700 noenhanced font ",11"
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set grid ytics
set key outside right top
set xtics rotate by -35
"""


def _quoted(text):
    return '"' + text.replace('"', "'") + '"'


def _write_table(path, header, rows):
    lines = ["# " + " | ".join(header)]
    lines += [" ".join(_quoted(str(cell)) if isinstance(cell, str) else f"{cell:.6g}" for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")


def _plot(script, report_dir):
    subprocess.run(["gnuplot"], input=script, text=True, check=True, cwd=report_dir)


def _kernel_ratios(results, report_dir):
    kernels = results["kernels"]
    engines = [e for e in kernels["engines"] if e != kernels["baseline"]]
    rows = []
    for name, kernel in kernels["kernels"].items():
        row = [name]
        for engine in engines:
            ratio = kernel["engines"][engine]["ratio_to_native"]
            row += [ratio["median"], ratio["min"], ratio["max"]]
        rows.append(row)
    rows.append(["geomean"] + [v for e in engines for v in [kernels["geomean_ratio_to_native"][e]] * 3])
    _write_table(report_dir / "kernels.dat", ["kernel"] + [f"{e} {s}" for e in engines for s in ("median", "min", "max")],
                 rows)
    columns = ", ".join(f"'kernels.dat' using {2 + 3 * i}:{3 + 3 * i}:{4 + 3 * i}:xtic(1) title {_quoted(e)}"
                        for i, e in enumerate(engines))
    _plot(_COMMON + f"""set output 'kernels.png'
set title 'Kernel time relative to native -O3 (median of paired runs, bars: min-max; lower is better)'
set ylabel 'time / native -O3'
set logscale y 2
set yrange [0.25:*]
plot {columns}, 1 notitle lc rgb 'black' dt 2
""", report_dir)


def _startup(results, report_dir):
    startup = results["startup"]
    rows = [[f"hello: {name}", *(1e3 * f["wall_seconds"][k] for k in ("median", "min", "max"))]
            for name, f in startup["hello"].items()]
    rows += [[f"instantiate+call: {name}", *(1e3 * f["instantiate_and_call"][k] for k in ("median", "min", "max"))]
             for name, f in startup["instantiate"].items()]
    _write_table(report_dir / "startup.dat", ["what", "median ms", "min ms", "max ms"], rows)
    _plot(_COMMON + """set output 'startup.png'
set title 'Start-up: hello whole-process wall time, and in-process instantiate + call of a no-op export'
set ylabel 'milliseconds (log)'
set logscale y 10
set key off
plot 'startup.dat' using 2:3:4:xtic(1)
""", report_dir)


def _compile(results, report_dir):
    modules = results["compile"]["modules"]
    rows = [[f"{name} ({m['functions']} fn)", *(m["compile_seconds"][k] for k in ("median", "min", "max"))]
            for name, m in modules.items()]
    _write_table(report_dir / "compile.dat", ["module", "median s", "min s", "max s"], rows)
    _plot(_COMMON + """set output 'compile.png'
set title 'faaslet precompile: compile time per module (cold cache)'
set ylabel 'seconds (log)'
set logscale y 10
set rmargin 12
set key off
plot 'compile.dat' using 2:3:4:xtic(1)
""", report_dir)


def _faaslets(results, report_dir):
    figures = results["faaslets"]["figures"]
    paths = [("warm invoke", "warm.invoke"), ("warm, inside the Faaslet", "warm.in_faaslet"),
             ("fresh from the cache", "fresh.from_cache_and_first_call"),
             ("fresh from a loaded module", "fresh.from_loaded_module_and_first_call"),
             ("memfd map + touch", "primitives.memfd_map_and_touch"),
             ("madvise 1 page", "primitives.madvise_reset_1"), ("madvise 16 pages", "primitives.madvise_reset_16"),
             ("madvise 256 pages", "primitives.madvise_reset_256"), ("queue round trip", "primitives.queue_round_trip")]
    rows = [[label] + [1e6 * figures[f"{path}.{q}"]["median"] for q in ("p50", "p99")] for label, path in paths]
    _write_table(report_dir / "faaslets.dat", ["what", "p50 us", "p99 us"], rows)
    _plot(_COMMON.replace("errorbars gap 2 lw 1", "clustered gap 2") + """set output 'faaslets.png'
set title 'Faaslets: call latencies and the OS primitives, p50 and p99 (median over rounds)'
set ylabel 'microseconds (log)'
set logscale y 10
plot 'faaslets.dat' using 2:xtic(1) title 'p50', '' using 3 title 'p99'
""", report_dir)


def _chaining(results, report_dir):
    chaining = results["chaining"]
    figures = chaining["figures"]
    rows = [[size, figures[f"payload.{size}.payload_bytes_per_second"]["median"] / 2**30,
             figures[f"payload.{size}.memcpy_bytes_per_second"]["median"] / 2**30,
             1e6 * figures[f"payload.{size}.round_trip.p50"]["median"]] for size in chaining["payload_sizes"]]
    _write_table(report_dir / "chaining_payload.dat", ["bytes", "chained GiB/s", "memcpy GiB/s", "round trip p50 us"],
                 rows)
    _plot("""set terminal pngcairo size 1400,700 noenhanced font ",11"
set output 'chaining_payload.png'
set multiplot layout 1,2 title 'Chained calls: payload round trips (chain + await + read back), median over rounds'
set grid
set logscale x 2
set logscale y 10
set format y '%g'
set xtics ('1 B' 1, '16 B' 16, '256 B' 256, '4 KiB' 4096, '64 KiB' 65536, '1 MiB' 1048576, '64 MiB' 67108864)
set xlabel 'payload'
set ylabel 'GiB/s (both ways counted)'
set key left top
plot 'chaining_payload.dat' using 1:2 with linespoints title 'chained call', '' using 1:3 with linespoints title 'memcpy'
set ylabel 'round trip p50, microseconds'
set key off
plot 'chaining_payload.dat' using 1:4 with linespoints
unset multiplot
""", report_dir)
    latency = [[label] + [1e6 * figures[f"{path}.{q}"]["median"] for q in ("p50", "p99")]
               for label, path in (("chain + await, 1 KiB each way", "round_trip.chained"),
                                   ("direct call, same export", "round_trip.direct"))]
    _write_table(report_dir / "chaining_latency.dat", ["what", "p50 us", "p99 us"], latency)
    _plot(_COMMON.replace("errorbars gap 2 lw 1", "clustered gap 2") + """set output 'chaining_latency.png'
set title 'Chained calls: a no-op round trip against a direct call, p50 and p99 (median over rounds)'
set ylabel 'microseconds (log)'
set logscale y 10
plot 'chaining_latency.dat' using 2:xtic(1) title 'p50', '' using 3 title 'p99'
""", report_dir)


def write_plots(results, report_dir):
    _kernel_ratios(results, report_dir)
    _startup(results, report_dir)
    _compile(results, report_dir)
    _faaslets(results, report_dir)
    _chaining(results, report_dir)
    state.plots(results["state"], report_dir, _write_table, _plot)
