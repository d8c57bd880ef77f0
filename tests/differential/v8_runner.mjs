// node v8_runner.mjs MODULE.wasm SIGNATURES.json: the reference side of the differential test.
// Runs the module in V8 and prints what each exported function did in the canonical form of
// diff_runner.cpp (see there), without its "level" lines: every exported function called in
// export order with zero arguments, on one instance. JS cannot see an export's types (an f32 and
// an f64 result are both numbers), so they come from `faaslet-diff-run --signatures`.
import { readFileSync } from 'node:fs';

const out = [];
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);

function format(type, value) {
  switch (type) {
    case 'i32': return `i32 ${value >>> 0}`;
    case 'i64': return `i64 ${BigInt.asUintN(64, value)}`;
    case 'f32':
      if (Number.isNaN(value)) return 'f32 nan';
      f32[0] = value;
      return `f32 0x${u32[0].toString(16).padStart(8, '0')}`;
    case 'f64':
      if (Number.isNaN(value)) return 'f64 nan';
      f64[0] = value;
      return `f64 0x${u64[0].toString(16).padStart(16, '0')}`;
    default: return `ref ${value === null ? 'null' : 'non-null'}`;
  }
}

// V8's trap messages, reduced to the kinds diff_runner.cpp prints.
function trapKind(error) {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'exhausted';
  if (!(error instanceof WebAssembly.RuntimeError)) return `host-error ${error.message}`;
  const m = error.message;
  if (/unreachable/.test(m)) return 'unreachable';
  if (/divide by zero|remainder by zero/.test(m)) return 'div-zero';
  if (/divide result unrepresentable|integer overflow/.test(m)) return 'int-overflow';
  if (/float unrepresentable/.test(m)) return 'conversion';
  if (/memory access out of bounds|out of bounds memory|data segment/.test(m)) return 'oob-memory';
  if (/table index is out of bounds|table access|element segment|out of bounds table/.test(m)) return 'oob-table';
  if (/signature mismatch|null function/.test(m)) return 'indirect';
  return `other ${m}`;
}

const module = new WebAssembly.Module(readFileSync(process.argv[2]));
const log = (type) => (value) => { out.push(`log ${format(type, value)}`); };

const imports = { 'fuzzing-support': {
  'log-i32': log('i32'), 'log-i64': log('i64'), 'log-f32': log('f32'), 'log-f64': log('f64') } };

const signatures = JSON.parse(readFileSync(process.argv[3], 'utf8')).functions;
let instance;
try {
  instance = new WebAssembly.Instance(module, imports);
} catch (error) {
  out.push(`instantiate-error ${trapKind(error)}`);
}
// After each call, every exported global's value (the module's globals section says which are
// exported: WebAssembly.Module.exports lists them with kind "global").
const globals = WebAssembly.Module.exports(module).filter((e) => e.kind === 'global').map((e) => e.name);
const globalTypes = Object.fromEntries(JSON.parse(readFileSync(process.argv[3], 'utf8')).globals ?? []);
function printGlobals() {
  for (const name of globals) out.push(`global ${name} ${format(globalTypes[name], instance.exports[name].value)}`);
}
for (const { name, params, results } of instance ? signatures : []) {
  out.push(`call ${name}`);
  if (params.includes('v128') || results.includes('v128')) {
    out.push('skipped v128');  // JS cannot pass or receive one
    printGlobals();
    continue;
  }
  const args = params.map((t) => (t === 'i64' ? 0n : t === 'funcref' || t === 'externref' ? null : 0));
  try {
    let value = instance.exports[name](...args);
    if (results.length === 1) value = [value];
    results.forEach((t, i) => out.push(`result ${format(t, value[i])}`));
  } catch (error) {
    out.push(`trap ${trapKind(error)}`);
  }
  printGlobals();
}
process.stdout.write(out.join('\n') + '\n');
