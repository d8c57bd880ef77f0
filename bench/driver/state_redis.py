"""State on Redis: the Redis global tier (faaslet-bench-state-redis: whole pushes and pulls of
1 MiB, partial ones of one 4 KiB chunk of a 64 MiB value, a free global lock taken and released,
an append) against redis-benchmark's single client doing the nearest plain command (SET and GET of
the same size; a 16-byte SET for one bare round trip), on the same redis-server (loopback, no
persistence) in the same rounds. The comparison is of mean latencies (redis-benchmark's is 1/rps
of its one client: its percentiles are too coarse at these sizes); every figure is the median
over the rounds of each round's figure."""

import csv
import io
import json
import socket
import subprocess
import tempfile
import time

import measure

# The tier's operation, the redis-benchmark test it is set against, and that test's value size.
_PAIRS = [
    ("push_1mib", "set", 1 << 20),
    ("pull_1mib", "get", 1 << 20),
    ("push_chunk", "set", 4096),
    ("pull_chunk", "get", 4096),
    ("lock_unlock", "set", 16),
    ("append", "set", 64),
]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class _RedisServer:
    """A redis-server of the run's own, stopped on leaving the with-block whatever happens."""

    def __enter__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="faaslet-bench-redis-")
        self.port = _free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir.name, "--logfile", f"{self.dir.name}/redis.log", "--protected-mode", "no"])
        deadline = time.monotonic() + 10
        while not _answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise measure.CommandFailed(f"redis-server did not start on port {self.port}")
            time.sleep(0.01)
        return self

    def __exit__(self, *_):
        self.process.kill()
        self.process.wait()
        self.dir.cleanup()


def _redis_benchmark(port, size, calls):
    """redis-benchmark's mean latencies in seconds, {"set": s, "get": s}, one client, `calls`
    requests of each. SET runs first, so GET reads a value of this size."""
    out = measure.run(["redis-benchmark", "-p", str(port), "-c", "1", "-n", str(calls), "-d", str(size),
                       "-t", "set,get", "--csv"])[1]
    return {row["test"].lower(): 1 / float(row["rps"]) for row in csv.DictReader(io.StringIO(out))}


def run_state_redis(ctx):
    calls = 200 if ctx.quick else 1000
    tool = ctx.build_dir / "bin" / "faaslet-bench-state-redis"
    ctx.log(f"state on redis: {calls} calls of each operation, against redis-benchmark")
    with _RedisServer() as server:
        uri = f"redis://127.0.0.1:{server.port}"
        variants = {"tier": lambda: json.loads(measure.run([str(tool), uri, str(calls)])[1])}
        for size in sorted({size for _, _, size in _PAIRS}):
            variants[size] = (lambda s: lambda: _redis_benchmark(server.port, s, calls))(size)
        runs = measure.interleave(variants, ctx.runs)
    figures = {}
    for operation, test, size in _PAIRS:
        tier = [run[operation]["mean"] for run in runs["tier"]]
        plain = [run[test] for run in runs[size]]
        figures[operation] = {"tier_mean": measure.summary(tier),
                              "tier_p50": measure.summary([run[operation]["latency"]["p50"] for run in runs["tier"]]),
                              "redis_benchmark": f"{test.upper()} -d {size}", "redis_benchmark_mean": measure.summary(plain),
                              "ratio": measure.paired_ratios(tier, plain), "bytes": size}
    return {"calls": calls, "figures": figures}
