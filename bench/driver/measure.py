"""Timing primitives: running a command, interleaving variants, summarising samples."""

import math
import subprocess
import time


class CommandFailed(RuntimeError):
    pass


def run(argv, env=None):
    """Runs argv to completion; returns (wall seconds, stdout, stderr). A non-zero exit raises."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise CommandFailed(f"{' '.join(map(str, argv))} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return wall, done.stdout, done.stderr


def interleave(variants, runs, progress=None):
    """Calls every variant once per round, in order, for `runs` rounds (A1 B1 C1 A2 B2 C2 ...), so
    that a slow phase of a noisy machine hits every variant alike. Returns {name: [results]}."""
    results = {name: [] for name in variants}
    for round_index in range(runs):
        for name, measure in variants.items():
            if progress:
                progress(f"round {round_index + 1}/{runs}: {name}")
            results[name].append(measure())
    return results


def summary(samples):
    ordered = sorted(samples)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {"median": median, "min": ordered[0], "max": ordered[-1], "samples": list(samples)}


def paired_ratios(numerators, denominators):
    """Ratios of runs made in the same round: each pair saw the same machine state."""
    return summary([n / d for n, d in zip(numerators, denominators)])


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))
