// The sandbox control API — over HTTP (`/_sandbox/...`) on the server front
// and through the `Sandbox` methods in-process — and what it does to the API
// as the client sees it: products become sellable, new resellers and keys
// work, forced statuses show, the clock delivers, and injected faults reach
// the client as the failures they imitate (retried where they should be).
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import {
  REQUEST_ID,
  MONTHLY,
  Sandbox,
  ISO_DATE,
  forEachFront,
  only,
  plan,
  rejection,
  seed,
  startSandboxServer,
} from './helpers/api-fronts.mjs';

const CATALOG_FIELDS = [
  'adjustable',
  'catalogProductId',
  'cycles',
  'deliveryMs',
  'deliveryOutcome',
  'limit',
  'name',
  'productType',
  'referenceEligible',
  'requiresProductType',
  'serviceType',
];

const NEW_PRODUCT = Object.freeze({
  catalogProductId: 'ca7a1090-0000-4000-8000-000000000999',
  name: 'Video Maker',
  productType: 'VIDEO',
  serviceType: 'Video',
  cycles: [MONTHLY],
  adjustable: true,
  referenceEligible: false,
  requiresProductType: null,
  limit: null,
  deliveryMs: 0,
  deliveryOutcome: 'ENABLED',
});

const NEW_RESELLER = '4e5e11e4-0000-4000-8000-0000000000f1';
const NEW_SUB = '4e5e11e4-0000-4000-8000-0000000000f2';
const NEW_SITE = '517e0000-0000-4000-8000-0000000000f3';

forEachFront('control', {
  async 'catalog lists the default seed with every documented field'({ ctl }) {
    const { products } = await ctl.catalog();
    assert.equal(products.length, 9);
    for (const product of products) {
      for (const field of CATALOG_FIELDS) assert.ok(field in product, `${product.name} has ${field}`);
    }
    const email = products.find((p) => p.catalogProductId === seed.email);
    assert.equal(email.limit, 1);
    const domain = products.find((p) => p.catalogProductId === seed.domain);
    assert.equal(domain.requiresProductType, 'PREMIUM_PLAN');
    assert.equal(domain.adjustable, false);
    assert.equal(products.find((p) => p.catalogProductId === seed.siteBooster).deliveryMs, 60000);
    assert.equal(products.find((p) => p.catalogProductId === seed.adCredits).deliveryOutcome, 'FAILED');
  },

  async 'a product added through the control API is then sellable; replacing one changes its rules'({ ctl, client }) {
    await rejection(client.createPackageV2({ products: [plan({ catalogProductId: NEW_PRODUCT.catalogProductId })] }));
    const shown = await ctl.upsertProduct(NEW_PRODUCT);
    assert.equal(shown.catalogProductId, NEW_PRODUCT.catalogProductId);
    assert.ok((await ctl.catalog()).products.some((p) => p.name === 'Video Maker'));
    const { package: pkg } = await client.createPackageV2({ products: [{ catalogProductId: NEW_PRODUCT.catalogProductId, countryCode: 'FR' }] });
    assert.deepEqual(only(pkg).billingInfo, MONTHLY, 'the only cycle is implied');

    await ctl.upsertProduct({ ...NEW_PRODUCT, limit: 1 });
    const error = await rejection(client.createPackageV2({ products: [{ catalogProductId: NEW_PRODUCT.catalogProductId, countryCode: 'FR' }] }));
    assert.equal(error.code, 'PRODUCT_LIMIT_EXCEEDED');
  },

  async 'bad control input is refused (400 over HTTP, a thrown Error from the methods)'({ ctl }) {
    await assert.rejects(ctl.addAccount({ id: 'not-a-guid' }), /400/);
    await assert.rejects(ctl.addSite({ id: NEW_SITE, accountId: NEW_RESELLER }), /400/, 'the owner must exist');
    await assert.rejects(ctl.upsertProduct({ catalogProductId: 'x' }), /400/);
    await assert.rejects(ctl.injectFault({ times: 'twice' }), /400/);
    await assert.rejects(ctl.advanceClock(-5), /400/);
    await assert.rejects(ctl.setInstanceStatus('0badc0de-0000-4000-8000-00000000dead', { status: 'ENABLED' }), /404/);
  },

  async 'a new reseller account with its own key works; its sub-account and site too'({ ctl, makeClient }) {
    const added = await ctl.addAccount({ id: NEW_RESELLER, apiKey: 'new-reseller-key' });
    assert.deepEqual(added, { id: NEW_RESELLER, apiKey: 'new-reseller-key' });
    await ctl.addAccount({ id: NEW_SUB, parentAccountId: NEW_RESELLER });
    const site = await ctl.addSite({ id: NEW_SITE, accountId: NEW_SUB });
    assert.deepEqual(site, { id: NEW_SITE, accountId: NEW_SUB });
    const { accounts, sites } = await ctl.accounts();
    assert.ok(accounts.some((a) => a.id === NEW_SUB && a.parentAccountId === NEW_RESELLER));
    assert.ok(sites.some((s) => s.id === NEW_SITE && s.accountId === NEW_SUB));

    const reseller = makeClient({ apiKey: 'new-reseller-key', accountId: NEW_RESELLER });
    assert.deepEqual((await reseller.queryPackages({})).packages ?? [], []);
    const { package: pkg } = await reseller.withAccount(NEW_SUB).createPackageV2({ products: [plan({ siteId: NEW_SITE })] });
    assert.equal(pkg.accountId, NEW_SUB);
    assert.equal(pkg.parentAccountId, NEW_RESELLER);
    assert.deepEqual((await reseller.queryPackages({})).packages.map((p) => p.id), [pkg.id]);
    // the seeded reseller's key does not reach the new family
    const error = await rejection(makeClient({ accountId: NEW_SUB }).queryPackages({}));
    assert.equal(error.code, 'PERMISSION_DENIED');
  },

  async 'reset goes back to the default seed: no packages, no added accounts or products'({ ctl, client }) {
    await client.createPackageV2({ products: [plan()] });
    await ctl.addAccount({ id: NEW_RESELLER, apiKey: 'new-reseller-key' });
    await ctl.upsertProduct(NEW_PRODUCT);
    await ctl.reset();
    assert.deepEqual((await client.queryPackages({})).packages ?? [], []);
    assert.ok(!(await ctl.accounts()).accounts.some((a) => a.id === NEW_RESELLER));
    assert.equal((await ctl.catalog()).products.length, 9);
  },

  async 'a forced FAILED status shows failure; ENABLED clears it'({ ctl, client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    const id = only(pkg).instanceId;
    const answer = await ctl.setInstanceStatus(id, { status: 'FAILED', failure: { code: 'DELIVERY_TIMEOUT', message: "delivery of product has reached it's deadline" } });
    assert.equal(only(answer.package).status, 'FAILED');
    const read = only(await client.getPackage(pkg.id));
    assert.equal(read.status, 'FAILED');
    assert.deepEqual(read.failure, { code: 'DELIVERY_TIMEOUT', message: "delivery of product has reached it's deadline" });
    await ctl.setInstanceStatus(id, { status: 'ENABLED' });
    const enabled = only(await client.getPackage(pkg.id));
    assert.equal(enabled.status, 'ENABLED');
    assert.ok(!('failure' in enabled));
  },

  async 'a product with deliveryMs stays PENDING until advanceClock; a failing product shows failure'({ ctl, client }) {
    const { package: pkg } = await client.createPackageV2({
      products: [{ catalogProductId: seed.siteBooster, countryCode: 'US', billingInfo: MONTHLY }, { catalogProductId: seed.adCredits, countryCode: 'US' }],
    });
    let [booster, ads] = (await client.getPackage(pkg.id)).productInstances;
    assert.equal(booster.status, 'PENDING');
    assert.equal(ads.status, 'FAILED');
    assert.equal(ads.failure?.code, 'EXTERNAL_FAILURE');
    const clock = await ctl.advanceClock(59_000);
    assert.match(clock.now, ISO_DATE);
    assert.equal((await client.getPackage(pkg.id)).productInstances[0].status, 'PENDING');
    await ctl.advanceClock(1_500);
    [booster] = (await client.getPackage(pkg.id)).productInstances;
    assert.equal(booster.status, 'ENABLED');
  },

  async 'an idempotencyKey is replayed within 24 hours of sandbox time and forgotten after'({ ctl, client }) {
    const body = { products: [plan()], idempotencyKey: 'daily' };
    const first = await client.createPackageV2(body);
    await ctl.advanceClock(23 * 3600_000);
    assert.equal((await client.createPackageV2(body)).package.id, first.package.id);
    await ctl.advanceClock(2 * 3600_000);
    assert.notEqual((await client.createPackageV2(body)).package.id, first.package.id);
  },

  async 'fault status 503 is retried and the call succeeds (two requests sent)'({ ctl, countingClient }) {
    const client = countingClient();
    await ctl.injectFault({ pathPrefix: '/resellers/', times: 1, status: 503, retryAfter: 0 });
    const page = await client.queryPackages({});
    assert.deepEqual(page.packages ?? [], []);
    assert.equal(client.sent(), 2);
  },

  async 'when retries run out the error shows attempts > 1, retryable, the status and the request id'({ ctl, countingClient }) {
    const client = countingClient({ maxRetries: 2 });
    const shown = await ctl.injectFault({ pathPrefix: '/resellers/', times: 3, status: 503, retryAfter: 0 });
    assert.equal(shown.times, 3);
    const error = await rejection(client.queryPackages({}));
    assert.equal(error.kind, 'api');
    assert.equal(error.status, 503);
    assert.equal(error.code, 'UNAVAILABLE');
    assert.equal(error.attempts, 3);
    assert.equal(error.retryable, true);
    assert.match(error.requestId ?? '', REQUEST_ID);
    assert.match(error.message, /gave up after 3 attempts/);
    assert.equal(client.sent(), 3);
  },

  async 'Retry-After (seconds) is honoured before the retry'({ ctl, countingClient }) {
    const client = countingClient();
    await ctl.injectFault({ pathPrefix: '/resellers/', times: 1, status: 429, retryAfter: 1 });
    const started = performance.now();
    await client.queryPackages({});
    assert.ok(performance.now() - started >= 950, `waited ${performance.now() - started} ms`);
    assert.equal(client.sent(), 2);
  },

  async 'a fault matches only its method and path prefix'({ ctl, countingClient }) {
    const client = countingClient({ maxRetries: 0 });
    await ctl.injectFault({ method: 'POST', pathPrefix: '/resellers/v1/packages/query', times: 1, status: 500 });
    const { package: pkg } = await client.createPackageV2({ products: [plan()] }); // POST /resellers/v2/packages: untouched
    await client.getPackage(pkg.id);
    const error = await rejection(client.queryPackages({}));
    assert.equal(error.status, 500);
    assert.deepEqual((await client.queryPackages({})).packages.map((p) => p.id), [pkg.id], 'times: 1 is spent');
  },

  async 'delayMs really delays the answer; a timeoutMs below it is a timeout error'({ ctl, makeClient }) {
    const client = makeClient();
    await ctl.injectFault({ pathPrefix: '/resellers/', times: 1, delayMs: 300 });
    const started = performance.now();
    await client.queryPackages({});
    assert.ok(performance.now() - started >= 290, `took ${performance.now() - started} ms`);

    await ctl.injectFault({ pathPrefix: '/resellers/', times: 1, delayMs: 500 });
    const hurried = makeClient({ timeoutMs: 100, maxRetries: 0 });
    const error = await rejection(hurried.queryPackages({}));
    assert.equal(error.kind, 'timeout');
    assert.equal(error.code, 'TIMEOUT');
    assert.equal(error.retryable, true);
    assert.equal(error.attempts, 1);
  },

  async 'mode reset reaches the client as a network error'({ ctl, makeClient }) {
    await ctl.injectFault({ pathPrefix: '/resellers/', times: 1, mode: 'reset' });
    const error = await rejection(makeClient({ maxRetries: 0 }).queryPackages({}));
    assert.equal(error.kind, 'network');
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.equal(error.retryable, true);
    assert.equal(error.status, null);
  },

  async 'a create whose answer was lost to a reset is reconciled by externalId: one package'({ ctl, client }) {
    await ctl.injectFault({ method: 'POST', pathPrefix: '/resellers/v2/packages', times: 1, mode: 'reset' });
    const created = await client.createPackageV2({ products: [plan()], externalId: 'order-lost-answer' });
    assert.equal(created.package.externalId, 'order-lost-answer');
    const { packages } = await client.queryPackages({});
    assert.deepEqual(packages.map((p) => p.id), [created.package.id]);
  },

  async 'a create retried after a reset reuses its generated idempotencyKey: one package, no externalId needed'({ ctl, countingClient }) {
    const client = countingClient();
    await ctl.injectFault({ method: 'POST', pathPrefix: '/resellers/v2/packages', times: 1, mode: 'reset' });
    const created = await client.createPackageV2({ products: [plan()] });
    assert.equal(client.sent(), 2, 'sent twice');
    assert.equal(typeof created.idempotencyKey, 'string', 'the generated key is echoed');
    const { packages } = await client.queryPackages({});
    assert.deepEqual(packages.map((p) => p.id), [created.package.id]);
  },

  async 'mode malformed and truncated reach the client as response errors (MALFORMED_RESPONSE)'({ ctl, makeClient }) {
    const client = makeClient({ maxRetries: 0 });
    await ctl.injectFault({ pathPrefix: '/resellers/', times: 1, mode: 'malformed' });
    const malformed = await rejection(client.queryPackages({}));
    assert.equal(malformed.kind, 'response');
    assert.equal(malformed.code, 'MALFORMED_RESPONSE');
    assert.equal(malformed.status, 200);
    await ctl.injectFault({ pathPrefix: '/resellers/', times: 1, mode: 'truncated' });
    const truncated = await rejection(client.queryPackages({}));
    assert.equal(truncated.kind, 'response');
    assert.equal(truncated.code, 'MALFORMED_RESPONSE');
    assert.match(truncated.message, /cut off/);
  },

  async 'mode html reaches the client as an api error naming an HTML page'({ ctl, makeClient }) {
    await ctl.injectFault({ pathPrefix: '/resellers/', times: 1, mode: 'html' });
    const error = await rejection(makeClient({ maxRetries: 0 }).queryPackages({}));
    assert.equal(error.kind, 'api');
    assert.equal(error.status, 502);
    assert.equal(error.code, 'BAD_GATEWAY');
    assert.equal(error.retryable, true);
    assert.match(error.message, /HTML/);
  },
});

test('over HTTP, fault reset destroys the socket with no answer, and /_sandbox/clock reads the time', async () => {
  const sandbox = new Sandbox({ seed: true });
  const server = await startSandboxServer({ sandbox });
  try {
    const clock = await (await fetch(`${server.url}/_sandbox/clock`)).json();
    assert.match(clock.now, ISO_DATE);
    const fault = await fetch(`${server.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ times: 1, mode: 'reset' }) });
    assert.equal(fault.status, 200);
    await fault.arrayBuffer();
    const agent = new http.Agent({ keepAlive: false });
    const error = await new Promise((resolve, reject) => {
      http
        .get(`${server.url}/resellers/v1/packages/${seed.light}`, { agent, headers: { authorization: seed.resellerKey, 'wix-account-id': seed.resellerAccountId } }, (response) => reject(new Error(`answered ${response.statusCode}`)))
        .on('error', resolve);
    });
    assert.match(error.code ?? error.message, /ECONNRESET|socket hang up/);
    agent.destroy();
  } finally {
    await server.close();
    sandbox.free();
  }
});

test('the two sandboxes are independent: state on one front is not seen by another', async () => {
  const a = new Sandbox({ seed: true });
  const b = new Sandbox({ seed: false });
  assert.equal(b.catalog().products.length, 0);
  assert.equal(b.accounts().accounts.length, 0);
  assert.equal(a.catalog().products.length, 9);
  a.free();
  b.free();
});
