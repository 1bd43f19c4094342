// Compiled by tsc like the app, then run by node:test against an in-process
// sandbox (`fetch: sandbox.fetch`): no sockets, no network.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { ResellersClient, ResellersError } from 'wix-resellers';
import { Sandbox } from 'wix-resellers/sandbox';
import { countByStatus, customerLifecycle, MONTHLY, remedyFor, type Remedy } from './app.js';

const RESELLER = '5e11e500-0000-4000-8000-000000000001';
const CUSTOMER = '5e11e500-0000-4000-8000-000000000002';
const SITES = { first: '517e0000-0000-4000-8000-000000000b01', second: '517e0000-0000-4000-8000-000000000b02' };
const CATALOG = {
  plan: 'ca7a1090-0000-4000-8000-000000000101',
  biggerPlan: 'ca7a1090-0000-4000-8000-000000000104',
  otherServiceType: 'ca7a1090-0000-4000-8000-000000000301',
};

let sandbox: Sandbox;
let reseller: ResellersClient;
beforeEach(() => {
  sandbox = new Sandbox({ seed: true });
  reseller = new ResellersClient({ apiKey: 'sandbox-reseller-key', accountId: RESELLER, fetch: sandbox.fetch });
});

async function remedyOf(call: Promise<unknown>): Promise<Remedy> {
  return call.then(() => assert.fail('expected a rejection'), remedyFor);
}

test('every method, one customer lifecycle', async () => {
  const r = await customerLifecycle(reseller, CUSTOMER, SITES, CATALOG, 'ts-1');
  assert.equal(r.fetched.id, r.created.id);
  assert.deepEqual(r.found.map((p) => p.id), [r.created.id]);
  assert.equal(r.metadata?.count, 1);
  assert.equal(r.upgraded.catalogProductId, CATALOG.biggerPlan);
  assert.equal(r.floating.siteId, undefined);
  assert.equal(r.reassigned.siteId, SITES.second);
  assert.equal(r.updatedPackage.externalId, 'ts-1-renumbered');
  assert.deepEqual(r.refused, { action: 'pick-same-service-type', from: 'Premium Plans' });
  assert.equal(r.canceledInstance.status, 'CANCELED');
  assert.equal(r.canceledPackage.productInstances?.[0]?.status, 'CANCELED');
});

test('iteratePackages walks every page', async () => {
  for (let i = 0; i < 3; i += 1) {
    await reseller.createPackageV2({ products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000401', countryCode: 'US' }] });
  }
  let seen = 0;
  for await (const pkg of reseller.iteratePackages({ cursorPaging: { limit: 1 } })) {
    assert.equal(typeof pkg.id, 'string');
    seen += 1;
  }
  assert.equal(seen, 3);
  assert.deepEqual(Object.fromEntries(await countByStatus(reseller)), { PENDING: 3 });
});

test('errors are narrowed by code into remedies', async () => {
  const customer = reseller.withAccount(CUSTOMER);
  const plan = { catalogProductId: CATALOG.plan, siteId: SITES.first, countryCode: 'NL', billingInfo: MONTHLY };
  const { billingInfo: _cycle, ...withoutCycle } = plan; // the plan sells two cycles: one must be chosen
  assert.deepEqual(await remedyOf(customer.createPackageV2({ products: [withoutCycle] })), {
    action: 'choose-billing-cycle',
    productId: CATALOG.plan,
  });
  await customer.createPackageV2({ products: [plan] });
  assert.deepEqual(await remedyOf(customer.createPackageV2({ products: [plan] })), { action: 'site-taken', siteId: SITES.first });
  assert.deepEqual(await remedyOf(customer.getPackage('0b5e0b5e-0000-4000-8000-000000000000')), { action: 'not-found', what: 'package' });
  // Offline: never sent, every broken field named.
  const offline = await remedyOf(customer.createPackageV2({ products: [{ catalogProductId: 'nope', countryCode: 'UK' }] }));
  assert.equal(offline.action, 'fix-request');
  assert.ok(offline.action === 'fix-request' && offline.fields.includes('products[0].countryCode'));
  const stranger = new ResellersClient({ apiKey: 'sandbox-other-reseller-key', accountId: RESELLER, fetch: sandbox.fetch });
  assert.deepEqual(await remedyOf(stranger.queryPackages({})), { action: 'check-credentials', status: 403 });
});

test('a transient failure says retry, with the key that makes the retry safe', async () => {
  sandbox.injectFault({ method: 'DELETE', times: 10, status: 503 });
  const { package: pkg } = await reseller.createPackageV2({ products: [{ catalogProductId: CATALOG.otherServiceType, countryCode: 'US' }] });
  const error = await reseller.cancelPackage(pkg.id, { idempotencyKey: 'cancel-1', maxRetries: 1 }).catch((caught: unknown) => caught);
  assert.ok(error instanceof ResellersError);
  assert.equal(error.kind, 'api');
  assert.equal(error.status, 503);
  assert.equal(error.attempts, 2);
  assert.deepEqual(remedyFor(error), { action: 'retry', idempotencyKey: 'cancel-1', requestId: error.requestId });
});

test('anything but a ResellersError is rethrown', () => {
  assert.throws(() => remedyFor(new TypeError('bug')), TypeError);
});
