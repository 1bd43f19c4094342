#!/usr/bin/env node
// What the embedded .wasm costs at cold start: the time `import` takes, in a
// fresh process each (the median of RUNS), until every export is ready, for
// the package as installed (index.mjs reads wasm/lean/wix_resellers_bg.wasm,
// as a webpack, Vite or Next.js bundle reads the .wasm it emitted) and for an
// esbuild bundle of the same import (the embedded copy: base64 in the bundle,
// decoded at load). README.md ("Bundling") quotes the figures.
//
// Usage: node tests/bundlers/coldstart.mjs   (after `make bundlers-test`, which leaves .scratch)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RUNS = 41;
const here = path.dirname(fileURLToPath(import.meta.url));
const scratch = path.join(here, '.scratch');
const dir = path.join(scratch, 'coldstart');
if (!fs.existsSync(path.join(scratch, 'node_modules/wix-resellers'))) throw new Error('run `make bundlers-test` first: it unpacks the package into tests/bundlers/.scratch');
fs.mkdirSync(dir, { recursive: true });

const entry = path.join(dir, 'load.mjs');
fs.writeFileSync(entry, "export { ResellersClient } from 'wix-resellers';\n");
const wasm = path.join(scratch, 'node_modules/wix-resellers/wasm/lean/wix_resellers_bg.wasm');
/** An esbuild ESM bundle of load.mjs in its own folder, with the .wasm at the path index.mjs asks for if `withFile`. */
function bundle(name, { withFile, args = [] }) {
  const out = path.join(dir, name, 'bundle.mjs');
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  execFileSync(path.join(here, 'node_modules/.bin/esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', `--outfile=${out}`, '--log-level=error', ...args]);
  if (withFile) {
    fs.mkdirSync(path.join(path.dirname(out), 'wasm/lean'), { recursive: true });
    fs.copyFileSync(wasm, path.join(path.dirname(out), 'wasm/lean/wix_resellers_bg.wasm'));
  }
  return out;
}
// The same bundle three ways: the .wasm read from a file and no embedded copy
// (what webpack's bundle does), the file read with the embedded copy carried
// unused (Turbopack's), and the embedded copy decoded (esbuild's, as is).
const cases = {
  'file, no embedded copy': bundle('file', { withFile: true, args: ['--external:*/embedded.cjs'] }),
  'file, embedded copy unused': bundle('file-and-embedded', { withFile: true }),
  'embedded copy decoded': bundle('embedded', { withFile: false }),
};

// The timing child: a file, as an app's entry is (`node -e` adds its own loader work).
const child = path.join(dir, 'child.mjs');
fs.writeFileSync(child, 'const t0 = performance.now();\nawait import(process.argv[2]);\nconsole.log(performance.now() - t0);\n');
const timeImport = (file) => Number(execFileSync(process.execPath, [child, pathToFileURL(file).href], { encoding: 'utf8' }));

// Interleaved, so that a busy moment of the (shared) machine falls on every case alike.
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let run = 0; run < RUNS; run++) for (const [name, file] of Object.entries(cases)) samples[name].push(timeImport(file));
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const base = median(samples['file, no embedded copy']);
console.log(`import of an esbuild bundle until its exports are ready, median of ${RUNS} cold processes (Node ${process.versions.node}):`);
for (const [name, file] of Object.entries(cases)) {
  const ms = median(samples[name]);
  console.log(`  ${name.padEnd(28)} ${ms.toFixed(1)} ms (+${(ms - base).toFixed(1)}), bundle ${(fs.statSync(file).size / 1024).toFixed(0)} KiB`);
}
