// The checkout hook in the real Workers runtime: bundled by wrangler exactly
// as `wrangler deploy` would (`--dry-run`), run in workerd by Miniflare, and
// talking over real HTTP to a sandbox server this test starts on 127.0.0.1.
// The property under test: one paid order gives exactly one package, however
// often the webhook arrives and whatever the API does in between.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { Sandbox, startSandboxServer } from 'wix-resellers/sandbox';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESELLER = '5e11e500-0000-4000-8000-000000000001';
const CUSTOMER = '5e11e500-0000-4000-8000-000000000002';
const CUSTOMER_SITE = '517e0000-0000-4000-8000-000000000b01';
const LIGHT_PLAN = 'ca7a1090-0000-4000-8000-000000000101';
const MAILBOX = 'ca7a1090-0000-4000-8000-000000000301';
const SECRET = 'test-webhook-secret';

async function bundle() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'checkout-hook-'));
  const wrangler = path.join(here, 'node_modules/wrangler/bin/wrangler.js');
  await promisify(execFile)(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', out], {
    cwd: here,
    timeout: 120_000,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  });
  return out;
}

let sandbox;
let server;
let mf;
let out;

before(async () => {
  out = await bundle();
  const wasm = fs.readdirSync(out).filter((file) => file.endsWith('.wasm'));
  assert.equal(wasm.length, 1, 'the Worker carries one .wasm, the lean client build');
  sandbox = new Sandbox({ seed: true });
  server = await startSandboxServer({ sandbox, host: '127.0.0.1', port: 0 });
  const compatibilityDate = /compatibility_date\s*=\s*"([^"]+)"/.exec(fs.readFileSync(path.join(here, 'wrangler.toml'), 'utf8'))[1];
  mf = new Miniflare({
    modules: true,
    scriptPath: path.join(out, 'worker.js'),
    modulesRoot: out, // module names relative to the bundle, not to the cwd
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate,
    bindings: { WIX_API_KEY: 'sandbox-reseller-key', WIX_ACCOUNT_ID: RESELLER, WIX_BASE_URL: server.url, WEBHOOK_SECRET: SECRET },
  });
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
  await server?.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

beforeEach(() => sandbox.reset());

/** Delivers a webhook to the Worker. */
async function deliver(body, { secret = SECRET } = {}) {
  const response = await mf.dispatchFetch('https://hooks.example/webhooks/order-paid', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** What the sandbox holds for an order, asked directly (not through the Worker). */
async function packagesOf(orderId) {
  const response = await fetch(`${server.url}/resellers/v1/packages/query`, {
    method: 'POST',
    headers: { authorization: 'sandbox-reseller-key', 'wix-account-id': RESELLER, 'content-type': 'application/json' },
    body: JSON.stringify({ query: { filter: { externalId: { $eq: `order:${orderId}` } } } }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).packages;
}

const flatOrder = (orderId) => ({
  orderId,
  products: [{ catalogProductId: MAILBOX, countryCode: 'DE' }],
});

const shopEvent = (orderId, status = 'paid') => ({
  type: 'order.paid',
  data: {
    order: {
      id: orderId,
      status,
      customer: { email: 'owner@example.com', wixAccountId: CUSTOMER },
      billingAddress: { country: 'FR' },
      lineItems: [{ sku: LIGHT_PLAN, name: 'Wix Light, yearly', billingCycle: 'YEAR', wixSiteId: CUSTOMER_SITE }],
    },
  },
});

const injectFault = (fault) => sandbox.injectFault(fault);
/** GET (list) or DELETE (clear) the armed faults, through the control API. */
const controlFaults = async (method) => (await fetch(`${server.url}/_sandbox/faults`, { method })).json();

describe('a paid order', () => {
  test('provisions one package tagged with the order id (DIFM, flat payload)', async () => {
    const { status, body } = await deliver(flatOrder('1001'));
    assert.equal(status, 201);
    assert.equal(body.replayed, false);
    assert.equal(body.package.externalId, 'order:1001');
    assert.equal(body.package.accountId, RESELLER);
    assert.deepEqual(body.package.instances.map((i) => i.status), ['PENDING']);
    assert.equal((await packagesOf('1001')).length, 1);
  });

  test('provisions in the customer account for a shop event (DIY)', async () => {
    const { status, body } = await deliver(shopEvent('1002'));
    assert.equal(status, 201);
    assert.equal(body.package.accountId, CUSTOMER);
    assert.equal(body.package.instances[0].siteId, CUSTOMER_SITE);
  });

  test('delivered twice gives the same package, never a second', async () => {
    const first = await deliver(shopEvent('1003'));
    const second = await deliver(shopEvent('1003'));
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.body.replayed, true);
    assert.equal(second.body.package.id, first.body.package.id);
    assert.equal((await packagesOf('1003')).length, 1);
  });

  test('delivered twice at the same time still gives one package', async () => {
    const [a, b] = await Promise.all([deliver(flatOrder('1004')), deliver(flatOrder('1004'))]);
    assert.equal(a.body.package.id, b.body.package.id);
    assert.equal((await packagesOf('1004')).length, 1);
  });
});

describe('when the API fails', () => {
  test('a 503 on create is retried inside the Worker: one package', async () => {
    injectFault({ method: 'POST', pathPrefix: '/resellers/v2/packages', times: 1, status: 503 });
    const { status, body } = await deliver(flatOrder('2001'));
    assert.equal(status, 201);
    assert.equal((await packagesOf('2001')).length, 1);
    assert.equal(body.package.externalId, 'order:2001');
  });

  test('a reset after the create was processed is reconciled by externalId: one package', async () => {
    // The sandbox creates the package, then drops the connection: the Worker cannot know it worked.
    injectFault({ method: 'POST', pathPrefix: '/resellers/v2/packages', times: 1, mode: 'reset' });
    const { status } = await deliver(flatOrder('2002'));
    assert.equal(status, 201);
    assert.equal((await packagesOf('2002')).length, 1);
  });

  test('an outage right after the create answers 503; the redelivery finds the package: one package', async () => {
    // Every create is processed, then held 300 ms and reset: the package exists but
    // the Worker never hears so. Once the first create has arrived, the queries the
    // client reconciles with fail too, so it gives up and the shop must redeliver.
    injectFault({ method: 'POST', pathPrefix: '/resellers/v2/packages', times: 20, mode: 'reset', delayMs: 300 });
    const delivery = deliver(flatOrder('2003'));
    while ((await controlFaults('GET')).faults[0]?.times === 20) await new Promise((resolve) => setTimeout(resolve, 10));
    injectFault({ method: 'POST', pathPrefix: '/resellers/v1/packages/query', times: 20, status: 503 });
    const failed = await delivery;
    assert.equal(failed.status, 503);
    assert.equal(failed.body.kind, 'network');
    assert.equal(failed.body.error, 'NETWORK_ERROR');
    await controlFaults('DELETE'); // the outage is over
    assert.equal((await packagesOf('2003')).length, 1, 'the first attempt did create it');
    const redelivered = await deliver(flatOrder('2003'));
    assert.equal(redelivered.status, 200);
    assert.equal(redelivered.body.replayed, true);
    assert.equal((await packagesOf('2003')).length, 1);
  });

  test('a 503 on every attempt answers 503 with Retry-After and creates nothing', async () => {
    injectFault({ method: 'POST', pathPrefix: '/resellers/v2/packages', times: 20, status: 503 });
    const response = await mf.dispatchFetch('https://hooks.example/webhooks/order-paid', {
      method: 'POST',
      headers: { 'x-webhook-secret': SECRET },
      body: JSON.stringify(flatOrder('2004')),
    });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '30');
    const body = await response.json();
    assert.equal(body.error, 'UNAVAILABLE');
    assert.equal(body.status, 503);
    assert.ok(body.requestId);
    assert.equal((await packagesOf('2004')).length, 0);
    assert.doesNotMatch(JSON.stringify(body), /sandbox-reseller-key/);
  });
});

describe('orders that must not be provisioned', () => {
  test('an unpaid order is acknowledged and ignored', async () => {
    const { status, body } = await deliver(shopEvent('3001', 'pending'));
    assert.equal(status, 202);
    assert.equal(body.ignored, true);
    assert.equal((await packagesOf('3001')).length, 0);
  });

  test('an order that breaks a rule is refused offline with 422 and the field', async () => {
    const { status, body } = await deliver({ orderId: '3002', products: [{ catalogProductId: MAILBOX, countryCode: 'UK' }] });
    assert.equal(status, 422);
    assert.equal(body.fieldViolations[0].field, 'products[0].countryCode');
  });

  test('a rule only the API knows comes back as 422 with its code', async () => {
    // The Light plan has two billing cycles, so the order must name one.
    const { status, body } = await deliver({ orderId: '3003', products: [{ catalogProductId: LIGHT_PLAN, countryCode: 'US' }] });
    assert.equal(status, 422);
    assert.equal(body.error, 'MISSING_BILLING_CYCLE');
    assert.equal(body.status, 428);
  });

  test('a webhook without the shared secret is refused', async () => {
    const { status } = await deliver(flatOrder('3004'), { secret: 'wrong' });
    assert.equal(status, 401);
    assert.equal((await packagesOf('3004')).length, 0);
  });
});
