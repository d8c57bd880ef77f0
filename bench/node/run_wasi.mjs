// node [V8 FLAGS] run_wasi.mjs FILE.wasm [ARGS...]: runs a WASI command through node:wasi, timing
// WebAssembly.compile apart from the run. The compile time goes to stderr as
// "node compile seconds S"; stdout and the exit status are the guest's.

import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
const bytes = await readFile(file);
const start = process.hrtime.bigint();
const module = await WebAssembly.compile(bytes);
const compileSeconds = Number(process.hrtime.bigint() - start) / 1e9;
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
// wasiImport rather than getImportObject(), which Debian 12's node 18 may lack.
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
process.exitCode = wasi.start(instance);
process.stderr.write(`node compile seconds ${compileSeconds.toFixed(9)}\n`);
