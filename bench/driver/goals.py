"""The issue's goals, checked against the figures: reported, never asserted."""

import measure
import state


def evaluate(results):
    goals = []

    def goal(text, value, met):
        goals.append({"goal": text, "measured": value, "met": bool(met)})

    kernels = results["kernels"]
    geomeans = kernels["geomean_ratio_to_native"]
    # The goals name plain wasm code; `faaslet run`'s code, with interruption polling, is held to
    # the same marks so the cost of polling shows.
    for engine in ("faaslet plain", "faaslet"):
        mine = geomeans[engine]
        goal(f"compute: {engine} geomean <= 1.10x native -O3", f"{mine:.2f}x", mine <= 1.10)
        worst_name, worst = max(((name, k["engines"][engine]["ratio_to_native"]["median"])
                                 for name, k in kernels["kernels"].items()), key=lambda item: item[1])
        goal(f"compute: no kernel above 1.5x native -O3 ({engine})", f"worst {worst_name} {worst:.2f}x", worst <= 1.5)
        for rival in ("node --no-liftoff", "wasm2c"):
            goal(f"compute: {engine} geomean ahead of {rival}", f"{mine:.2f}x vs {geomeans[rival]:.2f}x",
                 mine < geomeans[rival])

    hello = results["startup"]["hello"]
    cached = hello["faaslet (cached)"]["ratio_to_native"]["median"]
    goal("start-up: hello from the cache <= 3x native", f"{cached:.2f}x", cached <= 3)
    node_over_faaslet = measure.paired_ratios(hello["node"]["wall_seconds"]["samples"],
                                              hello["faaslet (cached)"]["wall_seconds"]["samples"])["median"]
    goal("start-up: hello from the cache >= 10x faster than node", f"{node_over_faaslet:.1f}x faster",
         node_over_faaslet >= 10)

    instantiate = results["startup"]["instantiate"]
    mine = instantiate["faaslet"]["instantiate_and_call"]["median"]
    node = instantiate["node"]["instantiate_and_call"]["median"]
    goal("start-up: instantiate + call no-op faster than node", f"{mine * 1e6:.1f} us vs {node * 1e6:.1f} us",
         mine < node)

    f = results["faaslets"]["figures"]

    def median(path):
        return f[path]["median"]

    # The caller's wall time is the figure; the Faaslet's own restore + run + reset shows beside it.
    for quantile, bound_us in (("p50", 10), ("p99", 50)):
        wall, inside = median(f"warm.invoke.{quantile}"), median(f"warm.in_faaslet.{quantile}")
        goal(f"Faaslets: restore + no-op call on a warm Faaslet {quantile} <= {bound_us} us",
             f"{wall * 1e6:.1f} us through invoke ({inside * 1e6:.1f} us inside the Faaslet)", wall <= bound_us * 1e-6)
    throughput = "throughput_calls_per_second.{}_per_client.noop"
    queued, one = median(throughput.format("64_in_flight")), median(throughput.format("one_in_flight"))
    goal("Faaslets: >= 100,000 isolated no-op calls/s on 2 cores",
         f"{queued:,.0f}/s with 64 in flight per client ({one:,.0f}/s with one)", queued >= 100_000)
    pss = median("pss.pss_kib_per_faaslet_in_flight")
    goal("Faaslets: <= 64 KB PSS per live Faaslet",
         f"{pss:.1f} KiB in flight ({median('pss.pss_kib_per_faaslet_idle'):.1f} KiB idle)", pss * 1024 <= 64_000)
    fresh = median("fresh.from_cache_and_first_call.p50")
    goal("Faaslets: fresh Faaslet from the cache <= 1 ms (p50)", f"{fresh * 1e3:.2f} ms", fresh <= 1e-3)

    c = results["chaining"]["figures"]
    for quantile, bound_us in (("p50", 20), ("p99", 100)):
        chained, direct = c[f"round_trip.chained.{quantile}"]["median"], c[f"round_trip.direct.{quantile}"]["median"]
        goal(f"chaining: chain + await of a no-op, 1 KiB each way, {quantile} <= {bound_us} us",
             f"{chained * 1e6:.1f} us (a direct call: {direct * 1e6:.2f} us)", chained <= bound_us * 1e-6)
    large = [size for size in results["chaining"]["payload_sizes"] if size >= 1 << 20]
    worst = min(large, key=lambda size: c[f"payload.{size}.fraction_of_memcpy"]["median"])
    fraction = c[f"payload.{worst}.fraction_of_memcpy"]["median"]
    goal("chaining: payloads of 1 MiB and more at >= 50% of memcpy bandwidth",
         f"worst {fraction:.0%} at {worst >> 20} MiB", fraction >= 0.5)
    elapsed = c["fan_out.elapsed.p50"]["median"]
    goal("chaining: fan-out of 10,000 no-op calls gathered >= 50,000 calls/s on 2 cores",
         f"{10_000 / elapsed:,.0f} calls/s", 10_000 / elapsed >= 50_000)

    state.goals(results["state"], goal)
    return goals
