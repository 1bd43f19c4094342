// The shared sandbox as a team would run it: `wrangler dev` of this example
// (the Worker and its Durable Object in workerd, storage in --persist-to),
// reached over real HTTP on 127.0.0.1 by the package's own client.
// The properties under test: the world outlives the process that held it
// (wrangler dev killed, started again on the same storage), and every client,
// whatever path or connection it comes by, sees one world.
// Nothing leaves 127.0.0.1: metrics, error reports, the update check (it
// rides on the banner) and Miniflare's download of `request.cf` data are off.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ResellersClient } from 'wix-resellers';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESELLER = '5e11e500-0000-4000-8000-000000000001';
const API_KEY = 'sandbox-reseller-key';
// Site Booster: no per-account limit, so every test may add as many as it likes.
const BOOSTER = 'ca7a1090-0000-4000-8000-000000000401';
const READY_MS = 60_000;
const STOP_MS = 10_000;

/** A port free on 127.0.0.1 right now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `wrangler dev` on free ports with its storage in `persistTo`, and
 * resolves once the sandbox answers. In a process group of its own, so that
 * stop() reaches workerd too.
 */
async function startWrangler(persistTo) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const wrangler = path.join(here, 'node_modules/wrangler/bin/wrangler.js');
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--persist-to', persistTo];
  const child = spawn(process.execPath, [wrangler, ...args], {
    cwd: here,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_SEND_ERROR_REPORTS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const running = { child, exited, url: `http://127.0.0.1:${port}`, output: () => output };
  const deadline = Date.now() + READY_MS;
  let gone = false;
  exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    try {
      const response = await fetch(`${running.url}/_sandbox/catalog`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return running;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop(running);
  assert.fail(`wrangler ${args.join(' ')} did not serve the sandbox within ${READY_MS} ms:\n${output}`);
}

/** Stops a wrangler dev and its workerd: SIGKILL (nothing may be written on the way out), bounded. */
async function stop(running, signal = 'SIGKILL') {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
  try {
    process.kill(-running.child.pid, signal);
  } catch {}
  const timer = setTimeout(() => {
    try {
      process.kill(-running.child.pid, 'SIGKILL');
    } catch {}
  }, STOP_MS);
  await running.exited;
  clearTimeout(timer);
}

const clientOf = (baseUrl) => new ResellersClient({ apiKey: API_KEY, accountId: RESELLER, baseUrl, maxRetries: 0 });
const booster = (externalId) => ({ externalId, idempotencyKey: externalId, products: [{ catalogProductId: BOOSTER, countryCode: 'DE' }] });
// Query Packages has no prefix operator on externalId ($eq, $ne, $in,
// $exists): every package with one, then the prefix here.
const idsOf = async (client, prefix) =>
  (await client.queryPackages({ filter: { externalId: { $exists: true } } })).packages
    .filter((p) => p.externalId?.startsWith(prefix))
    .map((p) => p.id)
    .sort();

let persistTo;
let running;

before(() => {
  persistTo = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-sandbox-'));
});

after(async () => {
  await stop(running);
  if (persistTo) fs.rmSync(persistTo, { recursive: true, force: true });
});

describe('one sandbox in a Durable Object', () => {
  test('a package created through the client is still there after wrangler dev is killed and started again', async () => {
    running = await startWrangler(persistTo);
    const { package: created } = await clientOf(running.url).createPackageV2(booster('restart-1'));
    assert.equal(created.externalId, 'restart-1');
    // SIGKILL: the answer above is all the proof there is that it was stored.
    await stop(running);
    running = await startWrangler(persistTo);
    const again = await clientOf(running.url).getPackage(created.id);
    assert.equal(again.id, created.id);
    assert.equal(again.externalId, 'restart-1');
    assert.deepEqual(again.productInstances, created.productInstances);
  });

  test('two clients, by two Worker paths and many connections at once, see one world', async () => {
    running ??= await startWrangler(persistTo);
    const direct = clientOf(running.url);
    const prefixed = clientOf(`${running.url}/sandbox`);
    // Concurrent calls open several connections; each request reaches the object by a stub of its own.
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? direct : prefixed).createPackageV2(booster(`shared-${i}`))),
    );
    const ids = made.map(({ package: p }) => p.id).sort();
    assert.equal(new Set(ids).size, 6);
    assert.deepEqual(await idsOf(direct, 'shared-'), ids);
    assert.deepEqual(await idsOf(prefixed, 'shared-'), ids);
    // A change by one is the other's next read.
    await prefixed.cancelPackage(ids[0]);
    const seen = await direct.getPackage(ids[0]);
    assert.ok(seen.productInstances.every((instance) => instance.status === 'CANCELED'), JSON.stringify(seen.productInstances));
  });

  test('control changes are kept too: a fault armed before a restart fires after it', async () => {
    running ??= await startWrangler(persistTo);
    const armed = await fetch(`${running.url}/sandbox/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', pathPrefix: '/resellers/v1/packages', times: 1, status: 503 }),
    });
    assert.equal(armed.status, 200);
    await stop(running);
    running = await startWrangler(persistTo);
    const { package: created } = await clientOf(running.url).createPackageV2(booster('fault-1'));
    const first = await clientOf(running.url).getPackage(created.id).catch((error) => error);
    assert.equal(first.status, 503, `the fault survived the restart: ${first}`);
    assert.equal((await clientOf(running.url).getPackage(created.id)).id, created.id, 'and was used up once');
  });
});
