// SandboxDurableObject in workerd (Miniflare) with its storage on disk: the
// parts examples/shared-sandbox's wrangler dev test does not reach. A world
// over one row (1 MiB) goes into several and comes back whole, a smaller one
// after it leaves no rows behind, a stored world that cannot be restored is
// never written over until a request replaces the world, and a class without
// SQLite storage says what it needs. "Restart" is a new Miniflare (a new
// workerd process) on the same persist directory.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { installPackage, projectImport, root } from '../js/helpers/package.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const COMPATIBILITY_DATE = '2026-04-26';
const ORIGIN = 'http://worker.test';

let out;
let persist;
const running = new Set();

before(async () => {
  const dir = path.join(await installPackage(), 'workers', 'durable-object');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(here, 'durable-object-worker.mjs'), path.join(dir, 'worker.mjs'));
  const wrangler = path.join(root, 'node_modules/wrangler/bin/wrangler.js');
  const args = ['deploy', '--dry-run', '--outdir', 'out', '--name', 'wix-resellers-do-test', '--compatibility-date', COMPATIBILITY_DATE, 'worker.mjs'];
  await promisify(execFile)(process.execPath, [wrangler, ...args], {
    cwd: dir,
    timeout: 120_000,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  });
  out = path.join(dir, 'out');
  persist = fs.mkdtempSync(path.join(os.tmpdir(), 'wix-do-test-'));
});

after(async () => {
  for (const mf of running) await mf.dispose();
  if (persist) fs.rmSync(persist, { recursive: true, force: true });
});

/** A workerd over the persist directory (a fresh one per call: a restart). */
async function start({ sqlite = true, dir = persist } = {}) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: path.join(out, 'worker.js'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: COMPATIBILITY_DATE,
    durableObjects: { WIX_SANDBOX: { className: 'TestSandboxObject', useSQLite: sqlite } },
    durableObjectsPersist: dir,
    cf: false,
  });
  running.add(mf);
  await mf.ready;
  return mf;
}

async function restart(mf, options) {
  await mf.dispose();
  running.delete(mf);
  return start(options);
}

async function call(mf, method, pathname, body) {
  const response = await mf.dispatchFetch(`${ORIGIN}${pathname}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('SandboxDurableObject storage', () => {
  test('a world of several rows is restored whole; a smaller one after it leaves no rows behind', async () => {
    // Built in Node (fast), then handed to the object in one PUT.
    const { Sandbox } = await projectImport('wix-resellers/sandbox');
    const big = new Sandbox({});
    for (let i = 0; i < 60_000; i += 1) big.addAccount({ id: `0000beef-0000-4000-8000-${String(i).padStart(12, '0')}` });
    const bytes = big.snapshotBytes();
    assert.ok(bytes.byteLength > 2 * 1024 * 1024 && bytes.byteLength < 5 * 1024 * 1024, `${bytes.byteLength} bytes`);
    let mf = await start();
    assert.equal((await call(mf, 'PUT', '/_sandbox/state', bytes)).status, 200);
    const rows = (await call(mf, 'GET', '/_test/rows')).body;
    assert.equal(rows.length, Math.ceil(bytes.byteLength / (1024 * 1024)));
    assert.equal(rows.reduce((total, row) => total + row.bytes, 0), bytes.byteLength);

    mf = await restart(mf);
    const accounts = (await call(mf, 'GET', '/_sandbox/accounts')).body.accounts;
    assert.equal(accounts.length, big.accounts().accounts.length);

    assert.equal((await call(mf, 'POST', '/_sandbox/reset')).status, 200);
    assert.equal((await call(mf, 'GET', '/_test/rows')).body.length, 1);
    mf = await restart(mf);
    assert.equal((await call(mf, 'GET', '/_sandbox/accounts')).body.accounts.length, new Sandbox({}).accounts().accounts.length);
    await mf.dispose();
    running.delete(mf);
  });

  test('a stored world that cannot be restored is left alone until a reset replaces it', async () => {
    let mf = await start();
    await call(mf, 'POST', '/_sandbox/reset');
    assert.equal((await call(mf, 'POST', '/_test/corrupt')).status, 200);
    mf = await restart(mf);
    for (const [method, pathname, body] of [
      ['GET', '/_sandbox/catalog'],
      ['POST', '/_sandbox/faults', { method: 'GET', pathPrefix: '/', times: 1, status: 503 }],
      ['PUT', '/_sandbox/state', '{"not":"a snapshot"}'],
    ]) {
      const answer = await call(mf, method, pathname, body);
      assert.equal(answer.status, method === 'PUT' ? 400 : 500, `${method} ${pathname}`);
      if (method !== 'PUT') assert.equal(answer.body.details.applicationError.code, 'SANDBOX_STATE_INVALID');
    }
    mf = await restart(mf);
    assert.equal((await call(mf, 'GET', '/_sandbox/catalog')).status, 500, 'still refused: nothing was written over it');
    assert.equal((await call(mf, 'POST', '/_sandbox/reset')).status, 200);
    assert.equal((await call(mf, 'GET', '/_sandbox/catalog')).status, 200);
    mf = await restart(mf);
    assert.equal((await call(mf, 'GET', '/_sandbox/catalog')).status, 200, 'the reset world was stored');
    await mf.dispose();
    running.delete(mf);
  });

  test('a class without SQLite storage answers 500 SANDBOX_STATE_UNAVAILABLE naming new_sqlite_classes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wix-do-kv-'));
    try {
      const mf = await start({ sqlite: false, dir });
      const answer = await call(mf, 'GET', '/_sandbox/catalog');
      assert.equal(answer.status, 500);
      assert.equal(answer.body.details.applicationError.code, 'SANDBOX_STATE_UNAVAILABLE');
      assert.match(answer.body.message, /new_sqlite_classes/);
      await mf.dispose();
      running.delete(mf);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
