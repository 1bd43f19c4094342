// Shared helpers of the benchmark harness: statistics, the installed package
// (packed from dist/npm and installed offline into a scratch project, as a user
// would), and child processes that print one JSON line.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const dist = path.join(root, 'dist/npm');
export const scratch = path.join(root, 'benches/.scratch');
export const project = path.join(scratch, 'project');
export const pkgDir = path.join(project, 'node_modules/wix-resellers');

export const median = (values) => quantile(values, 0.5);
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const npm = (args, cwd) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 180_000 });

/** Packs dist/npm and installs the tarball offline into benches/.scratch/project (reused when unchanged). */
export function installPackage() {
  if (!fs.existsSync(path.join(dist, 'package.json'))) throw new Error('dist/npm is missing: run scripts/build-pkg.sh first');
  fs.mkdirSync(scratch, { recursive: true });
  const [{ filename }] = JSON.parse(npm(['pack', dist, '--json', '--pack-destination', scratch], root));
  const tarball = path.join(scratch, path.basename(filename));
  const hash = createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
  const stamp = path.join(project, '.installed');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return { project, tarball, hash, fresh: false };
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'bench-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`);
  npm(['install', '--offline', tarball], project);
  fs.writeFileSync(stamp, hash);
  return { project, tarball, hash, fresh: true };
}

/** Copies a bench script into the scratch project (so bare `wix-resellers` resolves to the installed package). */
export function placeScript(name) {
  const target = path.join(project, 'bench', name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(here, name), target);
  return target;
}

/**
 * Runs `node <script> ...args` and resolves with the JSON of its last stdout
 * line. Killed after `timeoutMs`.
 */
export function runJson(script, args = [], { timeoutMs = 120_000, nodeArgs = [], cwd = project, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop();
      if (code !== 0) return reject(new Error(`${path.basename(script)} exited ${code ?? signal}:\n${err}${out}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${path.basename(script)} printed no JSON:\n${out}${err}`));
      }
    });
  });
}

/** The default seed's reseller (src/sandbox/seed.rs). */
export const SEED = {
  apiKey: 'sandbox-reseller-key',
  accountId: '5e11e500-0000-4000-8000-000000000001',
  subAccountId: '5e11e500-0000-4000-8000-000000000002',
  siteId: '517e0000-0000-4000-8000-000000000a01',
  lightPlanId: 'ca7a1090-0000-4000-8000-000000000101',
};

/** A one-product Create Package V2 body like the native bench's. */
export const oneProduct = (n) => ({
  products: [
    {
      catalogProductId: SEED.lightPlanId,
      countryCode: 'BR',
      billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } },
    },
  ],
  externalId: `order-${n}`,
});

/**
 * Starts `node <script> ...args` and resolves with the JSON of its first
 * stdout line, plus `stop()`, which closes its stdin (it exits by itself) and
 * kills it if it has not exited within two seconds.
 */
export function startJson(script, args = [], { cwd = project, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${path.basename(script)} printed nothing in ${timeoutMs} ms`)), timeoutMs);
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.stdin.end();
      });
    function fail(error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline < 0 || settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        resolve({ info: JSON.parse(out.slice(0, newline)), stop, pid: child.pid });
      } catch (error) {
        child.kill('SIGKILL');
        reject(error);
      }
    });
    child.on('exit', (code) => fail(new Error(`${path.basename(script)} exited ${code} before it was ready:\n${err}${out}`)));
  });
}
