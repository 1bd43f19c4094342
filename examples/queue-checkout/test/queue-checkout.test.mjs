// The queued checkout as it runs: `wrangler dev` of this example (the hook,
// the queue consumer, the dead-letter consumer, Queues and KV all simulated
// locally by Miniflare in workerd), provisioning against a sandbox server
// this test starts on 127.0.0.1 and breaks on purpose through its control API.
// The property under test: every paid order ends with exactly one package or
// in the dead-letter queue; none is lost, none bought twice.
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
import { Sandbox, startSandboxServer } from 'wix-resellers/sandbox';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESELLER = '5e11e500-0000-4000-8000-000000000001';
const API_KEY = 'sandbox-reseller-key';
// Site Booster: no per-account limit, so every order may buy one.
const BOOSTER = 'ca7a1090-0000-4000-8000-000000000401';
// Well-formed, so it passes the hook's offline check, but not in the catalog: Wix answers 404 PRODUCT_NOT_FOUND.
const NO_SUCH_PRODUCT = 'ca7a1090-0000-4000-8000-000000000999';
const READY_MS = 60_000;
const SETTLE_MS = 60_000;
const STOP_MS = 10_000;
const FINAL = new Set(['provisioned', 'dead-lettered']);

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
 * Starts `wrangler dev` on free ports, storage (queues, KV) in `persistTo`,
 * and resolves once the hook answers. In a process group of its own, so
 * that stop() reaches workerd too.
 */
async function startWrangler(persistTo, vars) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const wrangler = path.join(here, 'node_modules/wrangler/bin/wrangler.js');
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--persist-to', persistTo];
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
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
      const response = await fetch(`${running.url}/outcomes/ready-check`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 404 && (await response.json()).status === 'unknown') return running;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop(running);
  assert.fail(`wrangler ${args.join(' ')} did not serve the hook within ${READY_MS} ms:\n${output}`);
}

/** Stops a wrangler dev and its workerd: SIGKILL, bounded. */
async function stop(running) {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
  try {
    process.kill(-running.child.pid, 'SIGKILL');
  } catch {}
  const timer = setTimeout(() => {
    try {
      process.kill(-running.child.pid, 'SIGKILL');
    } catch {}
  }, STOP_MS);
  await running.exited;
  clearTimeout(timer);
}

let server;
let persistTo;
let running;

before(async () => {
  server = await startSandboxServer({ sandbox: new Sandbox({ seed: true }), host: '127.0.0.1', port: 0 });
  persistTo = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-checkout-'));
  running = await startWrangler(persistTo, {
    WIX_API_KEY: API_KEY,
    WIX_ACCOUNT_ID: RESELLER,
    WIX_BASE_URL: server.url,
    // The production backoff (30 s doubling) shrunk to 1 s doubling, capped at 2 s, so the test runs in seconds.
    RETRY_BASE_SECONDS: '1',
    RETRY_MAX_SECONDS: '2',
    // Short enough that a Retry-After of 6 s cannot be waited out inside the call: the queue waits instead.
    WIX_DEADLINE_MS: '4000',
  });
});

after(async () => {
  await stop(running);
  await server?.close();
  if (persistTo) fs.rmSync(persistTo, { recursive: true, force: true });
});

const order = (orderId, catalogProductId = BOOSTER) => ({ orderId, countryCode: 'DE', products: [{ catalogProductId }] });

async function checkout(body) {
  const response = await fetch(`${running.url}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function control(method, pathname, body) {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  assert.equal(response.status, 200, `${method} ${pathname}: ${await response.clone().text()}`);
  return response.json();
}
const injectFault = (fault) => control('POST', '/_sandbox/faults', fault);

/** What the sandbox holds for an order, asked directly (not through the Worker). */
async function packagesOf(orderId) {
  const response = await fetch(`${server.url}/resellers/v1/packages/query`, {
    method: 'POST',
    headers: { authorization: API_KEY, 'wix-account-id': RESELLER, 'content-type': 'application/json' },
    body: JSON.stringify({ query: { filter: { externalId: { $eq: `order-${orderId}` } } } }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).packages;
}

/** Polls GET /outcomes/:id until every order has a final outcome, at most SETTLE_MS. */
async function settle(orderIds) {
  const outcomes = new Map();
  const deadline = Date.now() + SETTLE_MS;
  while (Date.now() < deadline) {
    for (const id of orderIds.filter((id) => !FINAL.has(outcomes.get(id)?.status))) {
      const response = await fetch(`${running.url}/outcomes/${id}`);
      if (response.status === 200) outcomes.set(id, await response.json());
      else await response.body?.cancel();
    }
    if (orderIds.every((id) => FINAL.has(outcomes.get(id)?.status))) return outcomes;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const pending = orderIds.filter((id) => !FINAL.has(outcomes.get(id)?.status)).map((id) => `${id}: ${JSON.stringify(outcomes.get(id) ?? 'none')}`);
  assert.fail(`not settled within ${SETTLE_MS} ms:\n${pending.join('\n')}\n--- wrangler dev:\n${running.output()}`);
}

describe('orders queued through a flaky Wix', () => {
  test('12 orders, 503s, resets after sending, a Retry-After, a duplicate and a bad product: each ends once', async () => {
    // Armed before any order arrives; they fire on whichever requests come
    // first, in this order, so no order is spared by timing.
    const create = { method: 'POST', pathPrefix: '/resellers/v2/packages' };
    await injectFault({ ...create, times: 2, status: 503 }); // retried inside the call
    await injectFault({ ...create, times: 2, mode: 'reset' }); // made, answer lost: the client reconciles by externalId
    await injectFault({ ...create, times: 1, status: 503, retryAfter: 6 }); // beyond the 4 s deadline: the queue waits 6 s
    await injectFault({ ...create, times: 3, status: 503 }); // a whole call's attempts: the queue redelivers with backoff
    await injectFault({ method: 'POST', pathPrefix: '/resellers/v1/packages/query', times: 2, status: 503 }); // the lookup, too

    const good = Array.from({ length: 11 }, (_, i) => `q-${1001 + i}`);
    const all = [...good, 'q-bad-1'];
    const answers = await Promise.all([
      ...good.map((id) => checkout(order(id))),
      checkout(order('q-bad-1', NO_SUCH_PRODUCT)),
      checkout(order(good[2])), // the shop delivered one twice: two messages, one order
    ]);
    for (const answer of answers) assert.deepEqual([answer.status, answer.body.queued], [202, true], JSON.stringify(answer));

    const outcomes = await settle(all);
    for (const id of good) {
      const outcome = outcomes.get(id);
      assert.equal(outcome.status, 'provisioned', `${id}: ${JSON.stringify(outcome)}`);
      const packages = await packagesOf(id);
      assert.equal(packages.length, 1, `${id} has exactly one package: ${JSON.stringify(packages.map((p) => p.id))}`);
      assert.equal(packages[0].id, outcome.packageId);
    }
    const bad = outcomes.get('q-bad-1');
    assert.equal(bad.status, 'dead-lettered');
    assert.equal(bad.reason, 'not-retryable');
    assert.equal(bad.error.code, 'PRODUCT_NOT_FOUND');
    assert.equal(bad.order.products[0].catalogProductId, NO_SUCH_PRODUCT, 'the DLQ keeps the order to act on');
    assert.equal((await packagesOf('q-bad-1')).length, 0);

    // The faults did fire, and the queue's own retries were used.
    assert.deepEqual((await control('GET', '/_sandbox/faults')).faults, [], 'every armed fault was used');
    assert.ok(good.some((id) => outcomes.get(id).deliveries >= 2), 'some order needed a redelivery');
    assert.match(running.output(), /"event":"provision_retry"[^\n]*"delaySeconds":6/, 'the Retry-After set the redelivery delay');
    // The duplicate delivery found the package by externalId (or, had the two
    // raced past the lookup, the idempotency key replayed the same one).
    assert.equal((await packagesOf(good[2])).length, 1);
  });

  test('an outage longer than every retry: the last delivery goes to the dead-letter queue, nothing is bought', async () => {
    await injectFault({ method: 'POST', pathPrefix: '/resellers/v2/packages', times: 1000, status: 503 });
    try {
      assert.equal((await checkout(order('q-outage-1'))).status, 202);
      const outcome = (await settle(['q-outage-1'])).get('q-outage-1');
      assert.equal(outcome.status, 'dead-lettered');
      assert.equal(outcome.reason, 'retries-exhausted');
      assert.equal(outcome.error.code, 'UNAVAILABLE');
      assert.equal(outcome.deliveries, 6, 'max_retries = 5: one delivery and five redeliveries');
      assert.equal((await packagesOf('q-outage-1')).length, 0);
    } finally {
      await control('DELETE', '/_sandbox/faults');
    }
  });

  test('the hook refuses a malformed order before queueing it', async () => {
    const { status, body } = await checkout({ orderId: 'q-invalid-1', products: [{ catalogProductId: BOOSTER, countryCode: 'UK' }] });
    assert.equal(status, 422);
    assert.equal(body.fieldViolations[0].field, 'products[0].countryCode');
    assert.equal((await fetch(`${running.url}/outcomes/q-invalid-1`)).status, 404, 'never queued');
  });
});
