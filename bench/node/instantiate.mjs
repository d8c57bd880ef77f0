// node instantiate.mjs NOOP.wasm ITERATIONS: the cost of `new WebAssembly.Instance` of an already
// compiled module and a call of its "noop" export, in the JSON shape of faaslet-bench-instantiate.

import { readFileSync } from 'node:fs';

const [file, iterationsText] = process.argv.slice(2);
const iterations = Math.max(1, Number(iterationsText));
const module = new WebAssembly.Module(readFileSync(file));
const seconds = (from, to) => Number(to - from) / 1e9;
const instantiate = [], call = [], both = [];
for (let i = 0; i < iterations; ++i) {
    const t0 = process.hrtime.bigint();
    const instance = new WebAssembly.Instance(module, {});
    const t1 = process.hrtime.bigint();
    instance.exports.noop();
    const t2 = process.hrtime.bigint();
    instantiate.push(seconds(t0, t1));
    call.push(seconds(t1, t2));
    both.push(seconds(t0, t2));
}
const summary = (values) => {
    values.sort((a, b) => a - b);
    return { median: values[values.length >> 1], min: values[0], max: values[values.length - 1] };
};
console.log(JSON.stringify({ iterations, instantiate: summary(instantiate), call: summary(call),
                             instantiate_and_call: summary(both) }, null, 2));
