// node [V8 FLAGS] run_wasi.mjs [--preopen=GUEST=HOST...] FILE.wasm [ARGS...]: runs a WASI command
// through node:wasi, timing WebAssembly.compile apart from the run. The compile time goes to
// stderr as "node compile seconds S"; stdout and the exit status are the guest's.

import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
while (argv.length && argv[0].startsWith('--preopen=')) {
  const [guest, host] = argv.shift().slice('--preopen='.length).split('=');
  preopens[guest] = host;
}
const [file, ...args] = argv;
const bytes = await readFile(file);
const start = process.hrtime.bigint();
const module = await WebAssembly.compile(bytes);
const compileSeconds = Number(process.hrtime.bigint() - start) / 1e9;
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, preopens, returnOnExit: true });
// wasiImport rather than getImportObject(), which Debian 12's node 18 may lack.
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
process.exitCode = wasi.start(instance);
process.stderr.write(`node compile seconds ${compileSeconds.toFixed(9)}\n`);
