// The packed package in Deno and Bun (and Node beside them, as the control):
// the ESM example flow (flow.mjs: a package created, a typed error) in-process
// and through startSandboxServer, and the `wix-resellers-sandbox` bin driven by
// the same flow over real fetch. The runtimes are the npm packages pinned in
// package.json here (`make runtimes-test` installs them with `npm ci`); the
// package is `npm install`ed from its tarball into .scratch/project, as an app
// would have it. Nothing may reach the network: only 127.0.0.1 is listened on
// or fetched, Deno runs with --cached-only and nodeModulesDir "manual", and the
// registries are pointed at a closed local port so that any attempt to fetch
// fails loudly instead of quietly succeeding.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const scratch = path.join(here, '.scratch');
const project = path.join(scratch, 'project');
const CLOSED = 'http://127.0.0.1:9/'; // the discard port: nothing listens, so a fetch fails at once

const deno = path.join(here, 'node_modules/@deno/linux-x64-glibc/deno');
const bun = path.join(here, 'node_modules/@oven/bun-linux-x64/bin/bun');

// A `node` first on PATH that fails: a runtime that quietly handed the bin
// (its shebang says node) or anything else to Node would fail the test.
const fakeNodeDir = path.join(scratch, 'no-node');
const env = {
  ...process.env,
  PATH: `${fakeNodeDir}${path.delimiter}${process.env.PATH}`,
  NO_COLOR: '1',
  DENO_NO_UPDATE_CHECK: '1',
  DENO_DIR: path.join(scratch, 'deno-dir'), // an empty cache: --cached-only then proves node_modules is enough
  NPM_CONFIG_REGISTRY: CLOSED,
  BUN_CONFIG_REGISTRY: CLOSED,
};

const DENO_RUN = ['run', '--cached-only', '--allow-net=127.0.0.1', `--allow-read=${project}`];

/** Each runtime: how it runs a module of the project, and the sandbox bin. */
const RUNTIMES = {
  node: {
    bin: process.execPath,
    script: (file, args) => [file, ...args],
    sandboxBin: (args) => ['node_modules/.bin/wix-resellers-sandbox', ...args],
    env: process.env, // Node is the control: its own PATH
  },
  deno: {
    bin: deno,
    script: (file, args) => [...DENO_RUN, file, ...args],
    // `npm:<package>/<bin name>` runs a package's bin, here from node_modules.
    sandboxBin: (args) => [...DENO_RUN, 'npm:wix-resellers/wix-resellers-sandbox', ...args],
    env,
  },
  bun: {
    bin: bun,
    // --no-install: never auto-install a missing import from the registry.
    script: (file, args) => ['--no-install', file, ...args],
    // `bunx --bun`: the bin in Bun even though its shebang names node.
    sandboxBin: (args) => ['--bun', 'x', '--no-install', 'wix-resellers-sandbox', ...args],
    env,
  },
};

function setUp() {
  if (!fs.existsSync(path.join(root, 'dist/npm/package.json'))) throw new Error('dist/npm is missing: run `make build` first');
  for (const file of [deno, bun]) if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`make runtimes-test\` (npm ci in tests/runtimes)`);
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(project, { recursive: true });
  fs.mkdirSync(fakeNodeDir);
  fs.writeFileSync(path.join(fakeNodeDir, 'node'), '#!/bin/sh\necho "node was called: $*" >&2\nexit 97\n', { mode: 0o755 });
  const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 120_000 });
  const [{ filename }] = JSON.parse(npm(['pack', path.join(root, 'dist/npm'), '--json', '--pack-destination', scratch], root));
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'runtime-consumer', private: true, type: 'module' }, null, 2)}\n`);
  // --offline: the package has no dependencies; this also gives node_modules/.bin.
  npm(['install', '--offline', path.join(scratch, path.basename(filename))], project);
  // Deno: use the node_modules that npm made, resolve npm: specifiers from it, fetch nothing.
  fs.writeFileSync(path.join(project, 'deno.json'), `${JSON.stringify({ nodeModulesDir: 'manual' }, null, 2)}\n`);
  for (const file of ['flow.mjs', 'main.mjs', 'main-npm.mjs']) fs.copyFileSync(path.join(here, file), path.join(project, file));
}

/** Runs a command in the project to its end; resolves with its output, rejects on a non-zero exit. */
function run(runtime, args, { timeout = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.bin, args, { cwd: project, env: runtime.env, stdio: ['ignore', 'pipe', 'pipe'], timeout });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(runtime.bin)} ${args.join(' ')} exited ${code ?? signal}:\n${output}`));
    });
  });
}

/** Starts the sandbox bin on a free port; resolves once it prints its URL. */
function startBin(runtime) {
  const child = spawn(runtime.bin, runtime.sandboxBin(['--port', '0']), { cwd: project, env: runtime.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from the bin in 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the bin exited ${code ?? signal} before listening:\n${output}`));
    });
  });
  return { url, exited, stop: () => child.kill('SIGTERM'), output: () => output, kill: () => child.kill('SIGKILL') };
}

const version = (runtime) => execFileSync(runtime.bin, ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();

describe('runtimes', { concurrency: 2 }, () => {
  before(setUp);

  for (const [name, runtime] of Object.entries(RUNTIMES)) {
    describe(name, () => {
      test(`${name} --version`, (t) => t.diagnostic(version(runtime)));

      test('example flow from node_modules: in-process, then startSandboxServer', async () => {
        const output = await run(runtime, runtime.script('main.mjs', []));
        assert.match(output, /ok in-process: .*PACKAGE_NOT_FOUND \(404\)/);
        assert.match(output, /ok startSandboxServer: .*PACKAGE_NOT_FOUND \(404\)/);
      });

      if (name === 'deno') {
        test('example flow through npm: specifiers', async () => {
          const output = await run(runtime, runtime.script('main-npm.mjs', []));
          assert.match(output, /ok in-process: /);
          assert.match(output, /ok startSandboxServer: /);
        });
      }

      test('the wix-resellers-sandbox bin serves the flow and stops on SIGTERM', async () => {
        const server = startBin(runtime);
        try {
          const url = await server.url;
          const output = await run(runtime, runtime.script('main.mjs', ['--base-url', url]));
          assert.match(output, /ok bin: .*PACKAGE_NOT_FOUND \(404\)/);
        } catch (error) {
          server.kill();
          throw error;
        }
        server.stop();
        const { code, signal } = await server.exited;
        assert.equal(code, 0, `the bin exited ${code ?? signal}:\n${server.output()}`);
        // Its request log shows the flow reached this server, and the last line the clean stop.
        assert.match(server.output(), /POST \/resellers\/v2\/packages 200 /);
        assert.match(server.output(), /stopped \(SIGTERM\)\n$/);
      });
    });
  }
});
