// Reference timing under node: the same scheduler over the same input JSON, each pass doing what
// the Jint engine does (JSON.parse of the input, the scheduler, JSON.stringify of the result).
// usage: node reference.mjs INPUT.json main.js WARMUP RUNS  -> prints "cold median p99" in ms
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const [inputPath, mainPath, warmupText, runsText] = process.argv.slice(2);
const inputText = readFileSync(inputPath, 'utf8');
const pass = () => JSON.stringify(scheduler(JSON.parse(inputText)));
globalThis.console.log = () => {};
const coldStart = performance.now();
const { scheduler } = await import(pathToFileURL(mainPath).href);
pass();
const cold = performance.now() - coldStart;
for (let i = 0; i < Number(warmupText); i++) pass();
const times = [];
for (let i = 0; i < Number(runsText); i++) {
  const t = performance.now();
  pass();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.max(0, Math.ceil(times.length * p) - 1)];
process.stdout.write(`${cold.toFixed(3)} ${pct(0.5).toFixed(3)} ${pct(0.99).toFixed(3)}\n`);
