// Where a cold start goes: times the phases of `require('wix-resellers')` in a
// fresh process by wrapping the fs calls that read the .wasm, WebAssembly.Module and
// WebAssembly.Instance before the package loads. Prints one JSON line.
// Usage: node coldstart-breakdown.mjs [wix-resellers|wix-resellers/sandbox]
import fs from 'node:fs';
import { createRequire } from 'node:module';

const [specifier = 'wix-resellers'] = process.argv.slice(2);
const phases = { readWasmMs: 0, compileMs: 0, instantiateMs: 0 };
const { Module, Instance } = WebAssembly;
// The entries read the .wasm with openSync/readSync/closeSync (its size is
// known at build time); readFileSync is the glue's own way and the fallback.
const wasmFds = new Set();
const timed = (name, isWasm) => {
  const original = fs[name];
  fs[name] = function (...args) {
    const t0 = performance.now();
    const out = original.apply(this, args);
    if (isWasm(args, out)) phases.readWasmMs += performance.now() - t0;
    return out;
  };
};
timed('readFileSync', ([file]) => String(file).endsWith('.wasm'));
timed('openSync', ([file], fd) => String(file).endsWith('.wasm') && Boolean(wasmFds.add(fd)));
timed('readSync', ([fd]) => wasmFds.has(fd));
timed('closeSync', ([fd]) => wasmFds.delete(fd));
WebAssembly.Module = function (bytes) {
  const t0 = performance.now();
  const module = new Module(bytes);
  phases.compileMs += performance.now() - t0;
  return module;
};
WebAssembly.Instance = function (module, imports) {
  const t0 = performance.now();
  const instance = new Instance(module, imports);
  phases.instantiateMs += performance.now() - t0;
  return instance;
};
const t0 = performance.now();
const mod = createRequire(import.meta.url)(specifier);
const t1 = performance.now();
mod.validateCreatePackage({ products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000101', countryCode: 'GB', billingInfo: { type: 'ONE_TIME' } }] });
const t2 = performance.now();
mod.validateCreatePackage({ products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000101', countryCode: 'GB', billingInfo: { type: 'ONE_TIME' } }] });
const t3 = performance.now();
process.stdout.write(`${JSON.stringify({
  requireMs: t1 - t0,
  ...phases,
  jsLoadMs: t1 - t0 - phases.readWasmMs - phases.compileMs - phases.instantiateMs,
  firstValidateMs: t2 - t1,
  secondValidateMs: t3 - t2,
})}\n`);
