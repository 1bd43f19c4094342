#!/usr/bin/env node
// Bundler tests of the packed package: packs dist/npm, unpacks the tarball
// into tests/bundlers/.scratch/node_modules/wix-resellers (the package has no
// dependencies, so that is what `npm install` of it does), bundles the small
// app of app/ with each bundler as a user would (no option about the .wasm),
// and runs each bundle against a sandbox this process serves on 127.0.0.1:
// a create and a typed error must come back. A self-contained bundle runs
// from a copy outside .scratch, so it cannot reach the package in
// node_modules; each one also says how it carried the .wasm (an emitted
// file, or the embedded copy, wasm/lean/embedded.cjs) and must build without
// a warning. README.md ("Bundling") lists the same cases.
//
// The bundlers come from tests/bundlers/package-lock.json (`npm ci`; `make
// bundlers-test`). `next build` is the slow one (a minute): it starts first
// and the others build beside it, two at a time (two cores).
//
// Usage: node tests/bundlers/run.mjs   (after `make build`)
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const scratch = path.join(here, '.scratch');
const app = path.join(scratch, 'app');
const bin = (name) => path.join(here, 'node_modules/.bin', name);
/** The start of every .wasm in base64 ("\0asm" and version 1): only an embedded copy has it. */
const WASM_BASE64 = 'AGFzbQEAAAA';
/** What the app prints after a create and a getPackage of an unknown id. */
const EXPECTED = { created: 'PENDING', externalId: 'bundled-1', typedError: true, code: 'PACKAGE_NOT_FOUND' };
// Next.js phones home and checks for updates unless told not to.
const quiet = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' };

/**
 * Each bundler's case: `build` (argv, run in .scratch/app), the bundle to
 * run from `out`, and how the .wasm must travel: 'file' (a .wasm emitted
 * beside the bundle), 'embedded' (the base64 copy inside it) or 'package'
 * (left to Node, in node_modules at run time: Vite's default for SSR).
 */
const esbuild = (entry, format, file) => [bin('esbuild'), entry, '--bundle', '--platform=node', `--format=${format}`, `--outfile=${file}`];
const webpack = (entry, out) => [bin('webpack'), '--config', 'webpack.config.cjs', '--env', `entry=./${entry}`, '--env', `out=${out}`];
const CASES = {
  'esbuild ESM': { out: 'out/esbuild-esm', build: esbuild('main.mjs', 'esm', 'out/esbuild-esm/app.mjs'), run: 'app.mjs', wasm: 'embedded' },
  'esbuild CJS': { out: 'out/esbuild-cjs', build: esbuild('main.mjs', 'cjs', 'out/esbuild-cjs/app.cjs'), run: 'app.cjs', wasm: 'embedded' },
  'esbuild CJS, require()': { out: 'out/esbuild-require', build: esbuild('main.cjs', 'cjs', 'out/esbuild-require/app.cjs'), run: 'app.cjs', wasm: 'embedded' },
  'webpack ESM': { out: 'out/webpack-esm', build: webpack('main.mjs', 'out/webpack-esm'), run: 'app.js', wasm: 'file' },
  'webpack CJS, require()': { out: 'out/webpack-cjs', build: webpack('main.cjs', 'out/webpack-cjs'), run: 'app.js', wasm: 'embedded' },
  'Vite SSR': { out: 'out/vite-ssr', build: [bin('vite'), 'build'], env: { OUT_DIR: 'out/vite-ssr' }, run: 'main.mjs', wasm: 'package' },
  'Vite SSR, ssr.noExternal': { out: 'out/vite-ssr-bundled', build: [bin('vite'), 'build'], env: { OUT_DIR: 'out/vite-ssr-bundled', BUNDLE_DEPS: '1' }, run: 'main.mjs', wasm: 'embedded' },
};
for (const [name, spec] of Object.entries(CASES)) Object.assign(spec, { name, out: path.join(app, spec.out) });

function unpack() {
  if (!fs.existsSync(path.join(root, 'dist/npm/package.json'))) throw new Error('dist/npm is missing: run `make build` first');
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', path.join(root, 'dist/npm'), '--json', '--pack-destination', scratch, '--loglevel=error'], { encoding: 'utf8' }),
  );
  const target = path.join(scratch, 'node_modules/wix-resellers');
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(scratch, path.basename(filename)), '-C', target, '--strip-components=1']);
  fs.cpSync(path.join(here, 'app'), app, { recursive: true });
}

/** Runs argv[0] with the rest; resolves with its output and time, rejects with both on a non-zero exit. */
function run(argv, { cwd, env = {}, timeout = 180_000 }) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(argv[0], argv.slice(1), { cwd, env: { ...quiet, ...env }, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const result = { stdout, stderr, ms: performance.now() - t0 };
      if (error) reject(Object.assign(new Error(`${argv.map((arg) => path.basename(arg)).join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`), result));
      else resolve(result);
    });
  });
}

/** The warnings in a build's output (esbuild's "▲ [WARNING]", webpack's "WARNING in", Vite's and Next's "warn"). */
function warnings({ stdout, stderr }) {
  return `${stdout}\n${stderr}`.split('\n').filter((line) => /\bwarn(ing)?\b/i.test(line) && !/compiled successfully/.test(line));
}

/** How a bundle carries the .wasm: a .wasm file in its output, the embedded copy in its code, or neither. */
function carried(out) {
  const files = fs.readdirSync(out, { recursive: true }).map(String);
  const wasm = files.filter((file) => file.endsWith('.wasm'));
  const code = files.filter((file) => /\.[cm]?js$/.test(file)).map((file) => fs.readFileSync(path.join(out, file), 'utf8')).join('\n');
  const embedded = code.includes(WASM_BASE64);
  return { wasm, embedded, kind: embedded ? 'embedded' : wasm.length > 0 ? 'file' : 'package', jsBytes: Buffer.byteLength(code) };
}

/** Runs a bundle (from a copy in a fresh temporary directory when it is self-contained) and parses its JSON line. */
async function runBundle(spec, baseUrl) {
  let dir = spec.out;
  if (spec.wasm !== 'package') {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wix-resellers-bundle-'));
    fs.cpSync(spec.out, dir, { recursive: true });
  }
  try {
    const { stdout, ms } = await run([process.execPath, spec.run], { cwd: dir, env: { WIX_BASE_URL: baseUrl }, timeout: 60_000 });
    return { result: JSON.parse(stdout.trim().split('\n').at(-1)), ms };
  } finally {
    if (dir !== spec.out) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `next build`, then `next start` on a free port; GET /api/check answers what the app's check returned. */
async function nextCase(baseUrl) {
  const dir = path.join(app, 'next');
  const build = await run([process.execPath, path.join(here, 'node_modules/next/dist/bin/next'), 'build'], { cwd: dir, timeout: 300_000 });
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(here, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: dir,
    env: { ...quiet, WIX_BASE_URL: baseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout.on('data', (chunk) => (log += chunk));
  server.stderr.on('data', (chunk) => (log += chunk));
  const t0 = performance.now();
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/check`);
        const text = await response.text();
        if (response.status !== 200) throw Object.assign(new Error(`GET /api/check: ${response.status} ${text}\n${log}`), { final: true });
        return { build, result: JSON.parse(text), ms: performance.now() - t0, log, carried: carried(path.join(dir, '.next/server')) };
      } catch (error) {
        if (error.final || server.exitCode !== null || performance.now() - t0 > 60_000) throw new Error(`next start: ${error.message}\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    server.kill();
  }
}

/** Runs the jobs `width` at a time, in order; each settles to { value } or { error }. */
async function pool(jobs, width) {
  const results = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await jobs[index]().then((value) => ({ value }), (error) => ({ error }));
      }
    }),
  );
  return results;
}

let server;
const outcomes = {};

before(async () => {
  const t0 = performance.now();
  unpack();
  const { startSandboxServer } = await import(pathToFileURL(path.join(scratch, 'node_modules/wix-resellers/sandbox/index.mjs')).href);
  server = await startSandboxServer({ host: '127.0.0.1', port: 0 });
  const jobs = [
    async () => (outcomes['Next.js route handler'] = await nextCase(server.url)),
    ...Object.values(CASES).map((spec) => async () => {
      const build = await run(spec.build, { cwd: app, env: spec.env });
      const { result, ms } = await runBundle(spec, server.url);
      outcomes[spec.name] = { build, result, ms, carried: carried(spec.out) };
    }),
  ];
  const names = ['Next.js route handler', ...Object.keys(CASES)];
  for (const [index, settled] of (await pool(jobs, 2)).entries()) if (settled.error) outcomes[names[index]] = { error: settled.error };
  console.log(`# bundled and ran ${names.length} apps in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
});

after(() => server?.close());

describe('a bundle of the app runs a create and a typed error against the sandbox', () => {
  for (const [name, spec] of Object.entries(CASES)) {
    test(name, (t) => {
      const outcome = outcomes[name];
      if (outcome.error) throw outcome.error;
      assert.deepEqual(outcome.result, EXPECTED);
      assert.deepEqual(warnings(outcome.build), [], 'the build prints no warning');
      const { kind, wasm, jsBytes } = outcome.carried;
      assert.equal(kind, spec.wasm, `the .wasm travels as: ${spec.wasm}`);
      if (kind !== 'file') assert.deepEqual(wasm, [], 'no .wasm file beside an embedded copy');
      t.diagnostic(`build ${(outcome.build.ms / 1000).toFixed(1)} s, run ${Math.round(outcome.ms)} ms, .wasm: ${kind}${wasm.length ? ` (${wasm})` : ''}, JS ${(jsBytes / 1024).toFixed(0)} KiB`);
    });
  }

  test('Next.js route handler (next build, next start)', (t) => {
    const outcome = outcomes['Next.js route handler'];
    if (outcome.error) throw outcome.error;
    assert.deepEqual(outcome.result, EXPECTED);
    assert.deepEqual(warnings(outcome.build), [], 'next build prints no warning');
    // Turbopack carries the .wasm as an asset (and bundles the embedded copy
    // too, which is never required: the asset is there).
    const { wasm, embedded } = outcome.carried;
    assert.equal(wasm.length, 1, 'the server output has the .wasm');
    t.diagnostic(`build ${(outcome.build.ms / 1000).toFixed(1)} s, first answer ${Math.round(outcome.ms)} ms after start, .wasm: ${wasm}${embedded ? ' (and the unused embedded copy)' : ''}`);
  });
});
