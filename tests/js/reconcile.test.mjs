// Reconciliation by externalId on the packed package, over real fetch to the
// sandbox server: a create whose outcome is unknown adopts only a package
// that is provably its own. Resellers reuse externalIds (subscription ids),
// so an earlier package with the same one, cancelled or live, must never be
// handed back as the new create's answer, whatever fault hides the outcome.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { ResellersError, ResellersClient, Sandbox, plan, seed, startSandboxServer, validationError } from './helpers/api-fronts.mjs';

/** The client's clock-skew margin (RECONCILE_SKEW_MS in src/client/machine.rs). */
const SKEW_MS = 2_000;
const EXTERNAL_ID = 'sub-1';
const CREATE_PATH = '/resellers/v2/packages';

let sandbox;
let server;
let sent = 0;

before(async () => {
  sandbox = new Sandbox();
  server = await startSandboxServer({ sandbox, port: 0, host: '127.0.0.1' });
});
after(async () => {
  await server.close();
  sandbox.free();
});
beforeEach(() => {
  sandbox.reset();
  sent = 0;
});

function client(options = {}) {
  return new ResellersClient({
    apiKey: seed.resellerKey,
    accountId: seed.resellerAccountId,
    baseUrl: server.url,
    fetch: (request) => {
      sent += 1;
      return fetch(request);
    },
    ...options,
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function packagesOf(externalId) {
  const { packages } = await client().queryPackages({ filter: { externalId: { $eq: externalId } } });
  return packages;
}

/** An earlier order under the same externalId: another product, since cancelled. */
async function oldCancelledPackage() {
  const { package: old } = await client().createPackageV2({ externalId: EXTERNAL_ID, products: [plan({ catalogProductId: seed.core })] });
  const { package: cancelled } = await client().cancelPackage(old.id);
  assert.ok(cancelled.productInstances.every((instance) => instance.status === 'CANCELED'));
  return cancelled;
}

/** Asserts that `answer` is a new package of the light plan, not `old`, and that exactly one was bought. */
async function assertBoughtItsOwn(answer, old) {
  const pkg = answer.package;
  assert.notEqual(pkg.id, old.id, 'never the old package');
  assert.equal(pkg.externalId, EXTERNAL_ID);
  assert.deepEqual(pkg.productInstances.map((instance) => instance.catalogProductId), [seed.light]);
  assert.ok(pkg.productInstances.every((instance) => instance.status !== 'CANCELED'));
  const ids = (await packagesOf(EXTERNAL_ID)).map((p) => p.id).sort();
  assert.deepEqual(ids, [old.id, pkg.id].sort(), 'the old package and exactly one new one');
}

/**
 * Every fault kind the sandbox offers (src/sandbox/faults.rs): a status or an
 * HTML page answers before processing; a delay beyond the client's timeout
 * leaves the outcome unknown; a reset drops the answer after processing.
 */
const FAULTS = {
  '503 before processing': { fault: { status: 503 } },
  '500 before processing': { fault: { status: 500 } },
  'an HTML 502 page before processing': { fault: { mode: 'html', status: 502 } },
  'a 503 delayed past the timeout (outcome unknown)': { fault: { status: 503, delayMs: 800 }, options: { timeoutMs: 300 } },
  'a reset after processing': { fault: { mode: 'reset' } },
};

for (const [name, { fault, options = {} }] of Object.entries(FAULTS)) {
  test(`reused externalId, ${name}: the create buys its own package, never the old cancelled one`, async () => {
    const old = await oldCancelledPackage();
    sandbox.injectFault({ ...fault, times: 1, method: 'POST', pathPrefix: CREATE_PATH });
    const answer = await client(options).createPackageV2({ externalId: EXTERNAL_ID, products: [plan()] });
    await assertBoughtItsOwn(answer, old);
    const { faults } = await (await fetch(`${server.url}/_sandbox/faults`)).json();
    assert.deepEqual(faults, [], 'the fault was consumed');
  });
}

for (const [name, fault] of Object.entries({ '503 before processing': { status: 503 }, 'a reset after processing': { mode: 'reset' } })) {
  test(`reused externalId, old package live with the same products, ${name}: the create still buys its own`, async () => {
    const { package: old } = await client().createPackageV2({ externalId: EXTERNAL_ID, products: [plan()] });
    // The margin is measured on the client's clock, and the sandbox's only
    // moves forward: the old package is made clearly older by waiting past
    // the margin (advancing the sandbox clock too puts the new one clearly later).
    await sleep(SKEW_MS + 500);
    sandbox.advanceClock(10 * 60_000);
    sandbox.injectFault({ ...fault, times: 1, method: 'POST', pathPrefix: CREATE_PATH });
    const answer = await client().createPackageV2({ externalId: EXTERNAL_ID, products: [plan()] });
    await assertBoughtItsOwn(answer, old);
    assert.ok(Date.parse(answer.package.createdDate) > Date.parse(old.createdDate) + SKEW_MS);
  });
}

// The review's repro: the client's clock behind the server's (advanceClock
// puts the sandbox's ahead). On the client's clock alone, the old package
// looks 10 minutes newer than the new call's start and was adopted; the
// client now measures the skew with the query answer's Date header.
const FRONTS = {
  'over HTTP': () => client(),
  'in-process (sandbox.fetch)': () => new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch: sandbox.fetch }),
};
for (const [front, frontClient] of Object.entries(FRONTS)) {
  test(`server clock 10 minutes ahead, old live package with the same products, 503, ${front}: the create buys its own`, async () => {
    sandbox.advanceClock(600_000);
    const { package: old } = await frontClient().createPackageV2({ externalId: EXTERNAL_ID, products: [plan()] });
    await sleep(SKEW_MS + 600);
    sandbox.injectFault({ status: 503, times: 1, method: 'POST', pathPrefix: CREATE_PATH });
    const answer = await frontClient().createPackageV2({ externalId: EXTERNAL_ID, products: [plan()] });
    assert.notEqual(answer.package.id, old.id, 'the old package was handed back: nothing was bought');
    await assertBoughtItsOwn(answer, old);
  });
}

test('reused externalId, no retry left: the error says the outcome is unknown and is never the old package', async () => {
  const old = await oldCancelledPackage();
  sent = 0;
  sandbox.injectFault({ status: 503, times: 1, method: 'POST', pathPrefix: CREATE_PATH });
  const error = await client({ maxRetries: 0 })
    .createPackageV2({ externalId: EXTERNAL_ID, products: [plan()] })
    .then(() => null, (e) => e);
  assert.ok(error instanceof ResellersError, `expected a ResellersError, got ${error}`);
  assert.equal(error.status, 503);
  assert.equal(error.retryable, true);
  assert.match(error.message, /outcome is unknown/);
  assert.ok(error.idempotencyKey, 'the key to retry with');
  assert.equal(sent, 2, 'the create and the reconciliation query');
  assert.deepEqual((await packagesOf(EXTERNAL_ID)).map((p) => p.id), [old.id], 'nothing was bought');
});

test("an idempotency key in the options is checked by the rules' own rule before sending", async () => {
  const { package: pkg } = await client().createPackageV2({ products: [plan()] });
  sent = 0;
  for (const key of ['😀'.repeat(60), 'line\nbreak']) {
    const error = await validationError(client().cancelPackage(pkg.id, { idempotencyKey: key }));
    assert.equal(error.fieldViolations[0]?.field, 'idempotencyKey', error.message);
  }
  assert.equal(sent, 0, 'nothing was sent');
  const cancelled = await client().cancelPackage(pkg.id, { idempotencyKey: '😀'.repeat(50) });
  assert.equal(cancelled.package.productInstances[0].status, 'CANCELED');
});
