// iteratePackages over more pages than one (more than 250 packages): every
// package once, newest first, stops at maxItems, `break` ends it, filters
// carry over to later pages; and queryPackages' INVALID_CURSOR rule.
import assert from 'node:assert/strict';
import {
  apiError,
  assertWixAppError,
  forEachFront,
  plan,
  rawJson,
  validationError,
} from './helpers/api-fronts.mjs';

const TOTAL = 263;

/** Creates TOTAL packages (externalId `p-<n>`, every third tagged `third`), oldest first. */
async function fill(client) {
  const ids = [];
  for (let i = 0; i < TOTAL; i += 1) {
    const { package: pkg } = await client.createPackageV2({ products: [plan()], externalId: i % 3 === 0 ? `third-${i}` : `p-${i}` });
    ids.push(pkg.id);
  }
  return ids;
}

forEachFront('paging', {
  async 'iteratePackages yields every one of 263 packages once, newest first, over several pages'({ countingClient }) {
    const client = countingClient();
    const ids = await fill(client);
    const before = client.sent();
    const seen = [];
    for await (const pkg of client.iteratePackages({})) seen.push(pkg.id);
    assert.equal(seen.length, TOTAL);
    assert.equal(new Set(seen).size, TOTAL, 'no package twice');
    assert.deepEqual(seen, [...ids].reverse(), 'no skip, newest first');
    assert.equal(client.sent() - before, 3, 'three pages of 100');
  },

  async 'a page that fails rejects that next(); the next call asks for the same page again, and nothing is skipped or repeated'({ countingClient, sandbox }) {
    const client = countingClient();
    const ids = await fill(client);
    const pages = client.iteratePackages({ cursorPaging: { limit: 100 } });
    const seen = [];
    for (let i = 0; i < 100; i += 1) seen.push((await pages.next()).value.id);
    // The second page answers 403 once (not retried).
    sandbox.injectFault({ method: 'POST', pathPrefix: '/resellers/v1/packages/query', status: 403, times: 1 });
    const before = client.sent();
    const failed = await pages.next().then(() => null, (error) => error);
    assert.equal(failed?.status, 403);
    assert.equal(client.sent() - before, 1, 'a 403 is sent once');
    for (;;) {
      const step = await pages.next();
      if (step.done) break;
      seen.push(step.value.id);
    }
    assert.deepEqual(seen, [...ids].reverse(), 'every package once, in order');
  },

  async 'next() called many times without awaiting reads each page once, in order'({ countingClient }) {
    const client = countingClient();
    const ids = await fill(client);
    const before = client.sent();
    const pages = client.iteratePackages({}, { maxItems: 150 });
    const steps = await Promise.all(Array.from({ length: 152 }, () => pages.next()));
    assert.deepEqual(steps.slice(0, 150).map((step) => step.value.id), [...ids].reverse().slice(0, 150));
    assert.ok(steps.slice(150).every((step) => step.done && step.value === undefined));
    assert.equal(client.sent() - before, 2, 'a page of 100, then one of 50');
  },

  async 'iteratePackages honours cursorPaging.limit and a filter across pages'({ countingClient }) {
    const client = countingClient();
    const ids = await fill(client);
    const thirds = ids.filter((_, i) => i % 3 === 0).reverse();
    const before = client.sent();
    const seen = [];
    const names = ids.map((_, i) => `third-${i}`).filter((_, i) => i % 3 === 0);
    const query = { filter: { externalId: { $in: names } }, cursorPaging: { limit: 25 } };
    for await (const pkg of client.iteratePackages(query)) seen.push(pkg.id);
    assert.deepEqual(seen, thirds);
    assert.equal(client.sent() - before, Math.ceil(thirds.length / 25));
  },

  async 'iteratePackages stops at maxItems and asks for no more than it needs'({ countingClient }) {
    const client = countingClient();
    const ids = await fill(client);
    const before = client.sent();
    const seen = [];
    for await (const pkg of client.iteratePackages({}, { maxItems: 130 })) seen.push(pkg.id);
    assert.deepEqual(seen, [...ids].reverse().slice(0, 130));
    assert.equal(client.sent() - before, 2, 'a page of 100, then one of 30');
  },

  async 'break ends iteratePackages and no further page is fetched'({ countingClient }) {
    const client = countingClient();
    const ids = await fill(client);
    const before = client.sent();
    const seen = [];
    const iterator = client.iteratePackages({});
    for await (const pkg of iterator) {
      seen.push(pkg.id);
      if (seen.length === 101) break;
    }
    assert.deepEqual(seen, [...ids].reverse().slice(0, 101));
    assert.equal(client.sent() - before, 2);
    assert.deepEqual(await iterator.next(), { value: undefined, done: true }, 'a broken iterator stays done');
    assert.equal(client.sent() - before, 2);
  },

  async 'iteratePackages over nothing ends at once; maxItems 0 sends nothing'({ countingClient }) {
    const client = countingClient();
    const seen = [];
    for await (const pkg of client.iteratePackages()) seen.push(pkg);
    assert.deepEqual(seen, []);
    const sent = client.sent();
    for await (const pkg of client.iteratePackages({}, { maxItems: 0 })) seen.push(pkg);
    assert.deepEqual(seen, []);
    assert.equal(client.sent(), sent);
  },

  async 'iteratePackages refuses offset paging with a validation error on the first next()'({ countingClient }) {
    const client = countingClient();
    const iterator = client.iteratePackages({ paging: { limit: 5 } });
    const error = await validationError(iterator.next());
    assert.equal(error.fieldViolations[0]?.field, 'query.paging');
    assert.equal(client.sent(), 0);
  },

  async 'a cursor combined with a filter is 400 INVALID_CURSOR (client and raw)'(env) {
    for (let i = 0; i < 3; i += 1) await env.client.createPackageV2({ products: [plan()] });
    const first = await env.client.queryPackages({ cursorPaging: { limit: 1 } });
    const cursor = first.metadata.cursors.next;
    assert.equal(typeof cursor, 'string');
    await apiError(env.client.queryPackages({ cursorPaging: { cursor }, filter: { externalId: { $eq: 'x' } } }), 'INVALID_CURSOR');
    await apiError(env.client.queryPackages({ cursorPaging: { cursor }, sort: [{ fieldName: 'createdDate' }] }), 'INVALID_CURSOR');
    const raw = await rawJson(env, 'POST', '/resellers/v1/packages/query', { query: { cursorPaging: { cursor }, filter: { externalId: { $eq: 'x' } } } });
    assertWixAppError(raw, 'INVALID_CURSOR');
    // a different limit with the cursor is allowed
    const second = await env.client.queryPackages({ cursorPaging: { cursor, limit: 2 } });
    assert.equal(second.packages.length, 2);
  },

  async 'a forged cursor is 400 INVALID_CURSOR'(env) {
    await apiError(env.client.queryPackages({ cursorPaging: { cursor: 'not-a-real-cursor' } }), 'INVALID_CURSOR');
  },
});
