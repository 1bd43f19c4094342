#!/usr/bin/env node
// Runs every testing recipe of the README ("Testing recipes") as a user's
// project would: the packed package is unpacked into node_modules/wix-resellers
// here (it has no dependencies, so that is what `npm install` of the tarball
// does), next to the runners that package-lock.json pins (`make recipes-test`
// installs them with `npm ci`). Each recipe is one command in this directory;
// they run two at a time (2 cores) with their output kept and shown only when
// one fails. No network: every server is on 127.0.0.1, MSW refuses unmatched
// requests, the Workers pool runs workerd locally.
//
// Usage: node tests/recipes/run.mjs [recipe ...]   (after `npm ci` here; `make recipes-test`)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const scratch = path.join(here, '.scratch');
const bin = (name) => path.join(here, 'node_modules', name);
const version = (name) => JSON.parse(fs.readFileSync(path.join(bin(name), 'package.json'), 'utf8')).version;

// tsc over the vitest recipe once more without provided-context.d.ts: it must
// fail on the very `provide`/`inject` calls, or the augmentation proves nothing.
function writeNoAugmentationConfig() {
  const file = path.join(scratch, 'tsconfig.vitest-no-augmentation.json');
  const files = fs.readdirSync(path.join(here, 'vitest')).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
  fs.writeFileSync(file, `${JSON.stringify({ extends: '../vitest/tsconfig.json', include: [], files: files.map((name) => `../vitest/${name}`) }, null, 2)}\n`);
  return file;
}

/** name -> the command, what its output must (not) show, and the runner it uses. */
const RECIPES = {
  'node-test': {
    runner: `node:test (Node ${process.versions.node})`,
    command: [process.execPath, '--test', '--test-reporter=spec', 'node-test/checkout.test.mjs'],
  },
  msw: {
    runner: () => `msw ${version('msw')} + node:test`,
    command: [process.execPath, '--test', '--test-reporter=spec', 'msw/checkout.test.mjs'],
  },
  vitest: {
    runner: () => `vitest ${version('vitest')}`,
    command: [process.execPath, bin('vitest/vitest.mjs'), 'run', '--config', 'vitest/vitest.config.ts'],
  },
  'vitest-types': {
    runner: () => `typescript ${version('typescript')}, strict`,
    command: [process.execPath, bin('typescript/bin/tsc'), '-p', 'vitest/tsconfig.json'],
  },
  'vitest-types-need-augmentation': {
    runner: () => `typescript ${version('typescript')}, without provided-context.d.ts`,
    command: () => [process.execPath, bin('typescript/bin/tsc'), '-p', writeNoAugmentationConfig()],
    // Exactly the two calls that name the key fail, and nothing else does.
    expectFailure: (output) => {
      const errors = output.match(/error TS\d+/g) ?? [];
      const keyErrors = ['global-setup.ts', 'checkout.test.ts'].filter((file) =>
        new RegExp(`${file.replaceAll('.', '\\.')}\\(\\d+,\\d+\\): error TS2345: Argument of type '"wixBaseUrl"' is not assignable to parameter of type 'never'`).test(output));
      return errors.length === 2 && keyErrors.length === 2 ? undefined : 'not with exactly the two "wixBaseUrl" is not assignable to never errors';
    },
  },
  jest: {
    runner: () => `jest ${version('jest')}, --detectOpenHandles`,
    command: [process.execPath, bin('jest/bin/jest.js'), '--config', 'jest/jest.config.cjs', '--detectOpenHandles'],
    // Jest still exits 0 when it finds an open handle: its warning is the failure.
    mustNotMatch: /open handle|did not exit|A worker process has failed to exit gracefully/i,
  },
  workers: {
    runner: () => `@cloudflare/vitest-pool-workers ${version('@cloudflare/vitest-pool-workers')} (workerd of miniflare ${version('miniflare')}), vitest ${version('vitest')}`,
    command: [process.execPath, bin('vitest/vitest.mjs'), 'run', '--config', 'workers/vitest.config.mjs'],
  },
};

function installPackage() {
  if (!fs.existsSync(path.join(root, 'dist/npm/package.json'))) throw new Error('dist/npm is missing: run `make build` first');
  if (!fs.existsSync(bin('vitest'))) throw new Error('the runners are missing: run `make recipes-test` (npm ci in tests/recipes)');
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', path.join(root, 'dist/npm'), '--json', '--pack-destination', scratch, '--loglevel=error'], { encoding: 'utf8' }),
  );
  const target = bin('wix-resellers');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(scratch, path.basename(filename)), '-C', target, '--strip-components=1']);
}

function runOne(name, recipe) {
  const [file, ...args] = typeof recipe.command === 'function' ? recipe.command() : recipe.command;
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: here,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true', WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000, // a runner that does not exit by itself (an open handle) fails here
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => {
      const ms = Date.now() - start;
      let problem;
      if (recipe.expectFailure) {
        if (code === 0) problem = 'passed, but must fail';
        else if (recipe.expectFailure(output)) problem = `failed, but ${recipe.expectFailure(output)}`;
      } else if (code !== 0) {
        problem = `exited ${code ?? signal}`;
      } else if (recipe.mustNotMatch?.test(output)) {
        problem = `printed ${recipe.mustNotMatch}`;
      }
      resolve({ name, ms, problem, output });
    });
  });
}

async function pool(jobs, width) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        results.push(await job());
      }
    }),
  );
  return results;
}

async function main() {
  const started = Date.now();
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RECIPES);
  for (const name of names) if (!RECIPES[name]) throw new Error(`no recipe '${name}': ${Object.keys(RECIPES).join(', ')}`);
  installPackage();
  // The slowest first, so the two lanes end together.
  const order = ['workers', 'vitest-types', 'vitest-types-need-augmentation', 'vitest', 'jest', 'msw', 'node-test'];
  const jobs = names.sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((name) => () => runOne(name, RECIPES[name]));
  const results = await pool(jobs, 2);
  for (const { name, ms, problem, output } of results) {
    const runner = typeof RECIPES[name].runner === 'function' ? RECIPES[name].runner() : RECIPES[name].runner;
    console.log(`${problem ? 'FAILED' : 'ok    '} ${name}: ${runner} (${(ms / 1000).toFixed(1)} s)${problem ? `: ${problem}` : ''}`);
    if (problem) console.log(output.replace(/^/gm, '    '));
  }
  const failed = results.filter((result) => result.problem).length;
  console.log(`${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
