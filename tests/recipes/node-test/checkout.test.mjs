// Recipe: node:test. One sandbox server for this file on 127.0.0.1 and a free
// port, reset before each test so tests do not see each other's packages; the
// client talks to it over real fetch, as the app would to Wix. Tests that need
// no socket can pass `fetch: sandbox.fetch` instead of `baseUrl` (last test).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { ResellersClient, ResellersError } from 'wix-resellers';
import { Sandbox, startSandboxServer } from 'wix-resellers/sandbox';

// The sandbox's default seed (README, "Seed").
const RESELLER = { apiKey: 'sandbox-reseller-key', accountId: '5e11e500-0000-4000-8000-000000000001' };
const SITE = '517e0000-0000-4000-8000-000000000a01';
const LIGHT_PLAN = 'ca7a1090-0000-4000-8000-000000000101';

/** Stands in for the app's own code under test. */
async function checkout(wix, orderId) {
  const { package: pkg } = await wix.createPackageV2({
    externalId: orderId,
    products: [{ catalogProductId: LIGHT_PLAN, siteId: SITE, countryCode: 'US', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } } }],
  });
  return pkg;
}

const sandbox = new Sandbox({ seed: true });
let server;
let wix;
before(async () => {
  server = await startSandboxServer({ sandbox, host: '127.0.0.1', port: 0 });
  wix = new ResellersClient({ ...RESELLER, baseUrl: server.url });
});
beforeEach(() => sandbox.reset());
// close() also ends idle keep-alive sockets, so the process exits at once.
after(() => server.close());

test('a checkout provisions one package', async () => {
  await checkout(wix, 'order-1001');
  const { packages } = await wix.queryPackages({ filter: { externalId: { $eq: 'order-1001' } } });
  assert.equal(packages.length, 1);
  assert.equal(packages[0].productInstances[0].status, 'ENABLED'); // delivered by the next read
});

test('each test starts from the seed', async () => {
  const { packages } = await wix.queryPackages({});
  assert.deepEqual(packages, []);
});

test('an injected fault reaches the app as a typed error', async () => {
  sandbox.injectFault({ code: 'PRODUCT_SETTINGS_NOT_FOUND', method: 'POST', pathPrefix: '/resellers/v2/packages' });
  const error = await checkout(wix, 'order-1002').catch((e) => e);
  assert.ok(error instanceof ResellersError);
  assert.equal(error.code, 'PRODUCT_SETTINGS_NOT_FOUND');
});

test('no socket at all: the client on sandbox.fetch', async () => {
  const inProcess = new ResellersClient({ ...RESELLER, fetch: new Sandbox({ seed: true }).fetch });
  const pkg = await checkout(inProcess, 'order-1003');
  assert.equal(pkg.externalId, 'order-1003');
});
