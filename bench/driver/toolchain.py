"""Builds every program the benchmarks run, into the report's work directory: each kernel natively
(-O3 and -O3 -march=native), for wasm32-wasi and through wasm2c; hello natively and through
wasm2c; the no-op module and the Faaslet benchmark's module; the large generated module. A program is rebuilt only when a source
is newer than it."""

from pathlib import Path

import measure

CLANG = "clang-19"
# node:wasi needs the flag on Debian 12's node 18 and accepts it on later versions; the warnings it
# prints would mix with the programs' output.
NODE_WASI_FLAGS = ["--experimental-wasi-unstable-preview1", "--no-warnings"]
# Bit-exact results on every engine: no fused multiply-add contraction (-march=native has FMA,
# WebAssembly has none), and sqrt as an instruction rather than a libm call that sets errno.
KERNEL_FLAGS = ["-O3", "-ffp-contract=off", "-fno-math-errno"]
WASM2C_RUNTIME = Path("/usr/src/wasm2c")
WASM_NO_LIBC = ["--target=wasm32", "-nostdlib", "-Wl,--no-entry"]


class Builder:
    def __init__(self, root, work_dir):
        self.bench = root / "bench"
        self.kernel_dir = self.bench / "kernels"
        self.out = work_dir
        self.out.mkdir(parents=True, exist_ok=True)

    def kernel_names(self):
        return sorted(p.stem for p in self.kernel_dir.glob("*.c") if p.stem != "harness")

    def _build(self, output, inputs, argv):
        inputs = [Path(i) for i in inputs]
        if not (output.exists() and all(output.stat().st_mtime >= i.stat().st_mtime for i in inputs)):
            output.parent.mkdir(parents=True, exist_ok=True)
            measure.run([str(a) for a in argv])
        return output

    def _kernel_sources(self, name):
        return [self.kernel_dir / "harness.c", self.kernel_dir / f"{name}.c", self.kernel_dir / "harness.h"]

    def native_kernel(self, name, march_native):
        suffix = "native-march" if march_native else "native"
        output = self.out / suffix / name
        sources = self._kernel_sources(name)
        flags = KERNEL_FLAGS + (["-march=native"] if march_native else [])
        return self._build(output, sources, [CLANG, *flags, *sources[:2], "-o", output])

    def wasm_kernel(self, name):
        output = self.out / "wasm" / f"{name}.wasm"
        sources = self._kernel_sources(name)
        return self._build(output, sources, [CLANG, "--target=wasm32-wasi", *KERNEL_FLAGS, *sources[:2], "-o", output])

    def wasm2c(self, wasm):
        """Translates a WASI command with wasm2c and builds it with the shim in bench/wasm2c."""
        directory = self.out / "wasm2c" / wasm.stem
        translated = self._build(directory / "module.c", [wasm], ["wasm2c", wasm, "-n", "module", "-o", directory / "module.c"])
        shim = self.bench / "wasm2c"
        sources = [translated, shim / "wasi_shim.c", shim / "main.c", WASM2C_RUNTIME / "wasm-rt-impl.c"]
        output = directory / wasm.stem
        return self._build(output, sources + [shim / "wasi_shim.h"],
                           [CLANG, *KERNEL_FLAGS, "-I", directory, "-I", WASM2C_RUNTIME, "-I", shim, *sources,
                            "-o", output, "-lm"])

    def native_program(self, source):
        output = self.out / "native" / Path(source).stem
        return self._build(output, [source], [CLANG, "-O2", source, "-o", output])

    def noop_module(self):
        source = self.bench / "modules" / "noop.c"
        output = self.out / "modules" / "noop.wasm"
        return self._build(output, [source], [CLANG, *WASM_NO_LIBC, "-O2", source, "-o", output])

    def faaslet_calls_module(self):
        """bench/modules/faaslet_calls.c as a WASI reactor: its exports are the Faaslet benchmark's entries."""
        source = self.bench / "modules" / "faaslet_calls.c"
        output = self.out / "modules" / "faaslet_calls.wasm"
        return self._build(output, [source], [CLANG, "--target=wasm32-wasi", "-mexec-model=reactor", "-O2", source,
                                              "-o", output])

    def chain_calls_module(self):
        """bench/modules/chain_calls.c as a WASI reactor with the SDK's header: the chaining benchmark's guest."""
        source = self.bench / "modules" / "chain_calls.c"
        output = self.out / "modules" / "chain_calls.wasm"
        include = self.bench.parent / "sdk" / "include"
        return self._build(output, [source, include / "faaslet" / "serverless.h"],
                           [CLANG, "--target=wasm32-wasi", "-mexec-model=reactor", "-O2", f"-I{include}", source,
                            "-o", output])

    def state_probe_module(self):
        """bench/modules/state_probe.c as a WASI reactor, with the SDK's headers: the state benchmark's probe."""
        source = self.bench / "modules" / "state_probe.c"
        output = self.out / "modules" / "state_probe.wasm"
        sdk = self.bench.parent / "sdk" / "include" / "faaslet"
        return self._build(output, [source, sdk / "serverless.h", sdk / "faaslet.h"],
                           [CLANG, "--target=wasm32-wasi", "-mexec-model=reactor", "-O2", "-I", sdk.parent, source,
                            "-o", output])

    def large_module(self, functions):
        """A module of `functions` exported functions of four shapes with distinct constants,
        so that the compiler does the work of a big real program."""
        source = self.out / "modules" / f"large_{functions}.c"
        output = source.with_suffix(".wasm")
        if not source.exists():
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(_large_module_source(functions))
        return self._build(output, [source], [CLANG, *WASM_NO_LIBC, "-O2", source, "-o", output])


_SHAPES = [
    """int f{i}(int x) {{
    int acc = x * {a};
    for (int i = 0; i < (x & 31); ++i) acc = (acc ^ (acc >> {s})) + i * {b};
    return acc;
}}""",
    """int f{i}(int x, int y) {{
    if (x > y) return x * {a} - y;
    if (x == y) return table[(x + {b}) & 255];
    return (y << {s}) ^ x;
}}""",
    """void f{i}(int n) {{
    for (int i = 0; i < n && i < 256; ++i) table[i] = (table[i] * {a} + {b}) ^ (i >> {s});
}}""",
    """double f{i}(double a, double b) {{
    double s = 0;
    for (int i = 0; i < {s} + 4; ++i) s = s * a + b * (i + {a});
    return s / ({b} + 1.0);
}}""",
]


def _large_module_source(functions):
    parts = ["// Generated by bench/driver/toolchain.py: many small exported functions.", "static int table[256];"]
    for i in range(functions):
        body = _SHAPES[i % len(_SHAPES)].format(i=i, a=(i * 7919) % 1000 + 3, b=(i * 104729) % 997 + 1, s=i % 7 + 1)
        parts.append(f'__attribute__((export_name("f{i}")))\n{body}')
    return "\n\n".join(parts) + "\n"
