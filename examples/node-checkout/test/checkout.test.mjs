// The checkout flows against the sandbox, through the package as installed
// from dist/npm. `connect({})` is given an empty environment on purpose: a
// test must never reach the real API, whatever the shell exports.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { ResellersError } from 'wix-resellers';
import { connect, REAL_API_VARS } from '../src/config.mjs';
import { attachToSite, cancelOrder, findPackage, movePlan, sellDifm, sellPlanWithDomain, upgradePlan } from '../src/checkout.mjs';

let env;
before(async () => {
  env = await connect({});
  assert.equal(env.mode, 'sandbox');
  assert.match(env.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
});
after(() => env?.close());

describe('DIY: a customer sub-account with its own site', () => {
  let diy;
  const order = () => ({ orderId: 'diy-1001', customerAccountId: env.ids.customerAccountId, siteId: env.ids.customerSiteId, countryCode: 'GB' });

  test('a Premium plan lands on the customer site, in the customer account', async () => {
    diy = await sellPlanWithDomain(env.client, order(), env.ids);
    assert.equal(diy.plan.accountId, env.ids.customerAccountId);
    assert.equal(diy.plan.externalId, 'diy-1001:plan');
    assert.equal(diy.planInstance.siteId, env.ids.customerSiteId);
    assert.equal(diy.planInstance.status, 'PENDING');
    assert.deepEqual(diy.planInstance.billingInfo, { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } });
  });

  test('the domain references the plan instance, in a second package', async () => {
    const [domain] = diy.domain.productInstances;
    assert.notEqual(diy.domain.id, diy.plan.id);
    assert.equal(domain.referenceProductInstanceId, diy.planInstance.instanceId);
    assert.equal(domain.catalogProductId, env.ids.domainProductId);
    assert.ok(domain.expirationDate, 'a domain expires (it does not auto-renew)');
  });

  test('running the same order again creates nothing new', async () => {
    const again = await sellPlanWithDomain(env.client, order(), env.ids);
    assert.equal(again.created, false);
    assert.equal(again.plan.id, diy.plan.id);
    assert.equal(again.domain.id, diy.domain.id);
  });

  test('an upgrade keeps the instance and changes the product', async () => {
    const upgraded = await upgradePlan(diy.customer, diy.planInstance.instanceId, env.ids.upgradeProductId);
    assert.equal(upgraded.instanceId, diy.planInstance.instanceId);
    assert.equal(upgraded.catalogProductId, env.ids.upgradeProductId);
  });

  test('the plan moves to the customer\'s other site', async () => {
    const moved = await movePlan(diy.customer, diy.planInstance.instanceId, env.ids.customerSecondSiteId);
    assert.equal(moved.siteId, env.ids.customerSecondSiteId);
    const reread = await diy.customer.getPackage(diy.plan.id);
    assert.equal(reread.productInstances[0].siteId, env.ids.customerSecondSiteId);
    // The domain needs the plan on its site: moving the plan away disconnects
    // it (floating, its status kept), as Wix stops dependent services.
    const domain = await diy.customer.getPackage(diy.domain.id);
    assert.equal(domain.productInstances[0].siteId, undefined);
  });

  test('a second plan on the same site is refused with a code to act on', async () => {
    // A site holds one live instance per product type; the error says which rule broke.
    const customer = env.client.withAccount(env.ids.customerAccountId);
    const yearly = { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } };
    const error = await customer
      .createPackageV2({ products: [{ catalogProductId: env.ids.planProductId, siteId: env.ids.customerSecondSiteId, countryCode: 'GB', billingInfo: yearly }] })
      .then(() => assert.fail('expected a rejection'), (caught) => caught);
    assert.ok(error instanceof ResellersError);
    assert.equal(error.kind, 'api');
    assert.equal(error.status, 428);
    assert.equal(error.code, 'PRODUCT_TYPE_ALREADY_ASSIGNED');
    assert.equal(error.retryable, false);
    assert.ok(error.requestId);
  });
});

describe('DIFM: the reseller account, the site comes later', () => {
  let difm;

  test('the plan is bought floating, tagged with the order id', async () => {
    difm = await sellDifm(env.client, { orderId: 'difm-2001', countryCode: 'US' }, env.ids);
    assert.equal(difm.created, true);
    assert.equal(difm.package.externalId, 'difm-2001');
    assert.equal(difm.instance.siteId, undefined);
  });

  test('it is assigned once the site is ready', async () => {
    const attached = await attachToSite(env.client, difm.instance.instanceId, env.ids.resellerSiteId);
    assert.equal(attached.siteId, env.ids.resellerSiteId);
  });

  test('the order is found by its externalId, and a replay buys nothing', async () => {
    assert.equal((await findPackage(env.client, 'difm-2001')).id, difm.package.id);
    const again = await sellDifm(env.client, { orderId: 'difm-2001', countryCode: 'US' }, env.ids);
    assert.equal(again.created, false);
    assert.equal(again.package.id, difm.package.id);
  });

  test('cancelling the order cancels its instances; twice changes nothing', async () => {
    const canceled = await cancelOrder(env.client, 'difm-2001');
    assert.deepEqual(canceled.productInstances.map((instance) => instance.status), ['CANCELED']);
    const again = await cancelOrder(env.client, 'difm-2001');
    assert.deepEqual(again.productInstances.map((instance) => instance.status), ['CANCELED']);
    assert.equal(await cancelOrder(env.client, 'never-ordered'), null);
  });
});

test('the real API is used only with credentials and every ID it needs', async () => {
  // Fails before any request: no network, nothing provisioned.
  await assert.rejects(
    connect({ WIX_API_KEY: 'not-a-real-key', WIX_ACCOUNT_ID: '5e11e500-0000-4000-8000-000000000001' }),
    new RegExp(Object.values(REAL_API_VARS).join('.*')),
  );
});

test('the same package loads with require() (CommonJS services)', () => {
  const require = createRequire(import.meta.url);
  const cjs = require('wix-resellers');
  assert.equal(typeof cjs.ResellersClient, 'function');
  assert.ok(new cjs.ResellersError({ message: 'x' }) instanceof Error);
});
