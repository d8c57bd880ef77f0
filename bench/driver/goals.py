"""The issue's goals, checked against the figures: reported, never asserted."""

import measure


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
    return goals
