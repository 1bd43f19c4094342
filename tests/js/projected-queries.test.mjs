// Query Packages with `fields` / `fieldsets` through the installed client,
// on both fronts: the sandbox answers projected packages (only the fields
// asked for, as Wix does), and queryPackages and iteratePackages give them
// back, every field that is there still type-checked. The call decides: the
// same projected answer to a query without `fields` is MALFORMED_RESPONSE.
import assert from 'node:assert/strict';
import { forEachFront, plan, rejection, seed } from './helpers/api-fronts.mjs';

/** Three packages, `p-0` to `p-2`, one instance each. */
async function fill(env) {
  for (let n = 0; n < 3; n += 1) await env.client.createPackageV2({ externalId: `p-${n}`, products: [plan()] });
}

/**
 * A client whose requests are sent with `fields` added to the query it
 * sent: it gets projected answers it did not ask for.
 */
function projectingBehindTheClient(env) {
  const inner = env.front === 'in-process' ? env.sandbox.fetch : (request) => fetch(request);
  return env.makeClient({
    fetch: async (request) => {
      const body = JSON.parse(await request.text());
      body.query = { ...body.query, fields: ['externalId'] };
      return inner(new Request(request.url, { method: request.method, headers: request.headers, body: JSON.stringify(body) }));
    },
  });
}

const keysOf = (value) => Object.keys(value);

forEachFront('projected queries through the client', {
  async 'queryPackages with fields answers only those fields, in the model order'(env) {
    await fill(env);
    const page = await env.client.queryPackages({ fields: ['externalId', 'productInstances.status'] });
    assert.deepEqual(
      page.packages.map((found) => found.externalId),
      ['p-2', 'p-1', 'p-0'],
    );
    for (const found of page.packages) {
      assert.deepEqual(keysOf(found), ['id', 'externalId', 'productInstances'], JSON.stringify(found));
      assert.equal(found.productInstances.length, 1);
      assert.deepEqual(keysOf(found.productInstances[0]), ['status']);
      assert.equal(typeof found.productInstances[0].status, 'string');
    }
    assert.equal(page.metadata.count, 3, 'the page itself is whole');
  },

  async 'queryPackages with fieldsets: an unknown set adds nothing (only the id), FULL is the whole package'(env) {
    await fill(env);
    const ids = await env.client.queryPackages({ fieldsets: ['id'] });
    assert.equal(ids.packages.length, 3);
    for (const found of ids.packages) assert.deepEqual(keysOf(found), ['id']);
    const full = await env.client.queryPackages({ fieldsets: ['FULL'], paging: { limit: 1 } });
    assert.equal(full.packages[0].accountId, seed.resellerAccountId);
    assert.ok(full.packages[0].createdDate);
    const both = await env.client.queryPackages({ fields: ['accountId'], fieldsets: ['id'] });
    for (const found of both.packages) assert.deepEqual(keysOf(found), ['id', 'accountId']);
  },

  async 'iteratePackages keeps the projection on the pages it asks for by cursor alone'(env) {
    await fill(env);
    const walked = [];
    for await (const found of env.client.iteratePackages({ fields: ['accountId', 'productInstances.billingInfo.type'], cursorPaging: { limit: 1 } })) {
      walked.push(found);
    }
    assert.equal(walked.length, 3, 'three pages of one');
    for (const found of walked) {
      assert.deepEqual(keysOf(found), ['id', 'accountId', 'productInstances'], JSON.stringify(found));
      assert.deepEqual(found.productInstances, [{ billingInfo: { type: 'RECURRING' } }]);
    }
    assert.equal(new Set(walked.map((found) => found.id)).size, 3, 'no page twice');
    const ids = [];
    for await (const found of env.client.iteratePackages({ fieldsets: ['id'] }, { maxItems: 2 })) ids.push(keysOf(found));
    assert.deepEqual(ids, [['id'], ['id']]);
  },

  async 'the call decides: a projected answer to a query without fields is MALFORMED_RESPONSE'(env) {
    await fill(env);
    const client = projectingBehindTheClient(env);
    for (const call of [() => client.queryPackages({}, { maxRetries: 0 }), () => client.iteratePackages({}).next()]) {
      const error = await rejection(call());
      assert.equal(error.code, 'MALFORMED_RESPONSE', error.message);
      assert.equal(error.kind, 'response');
      assert.match(error.message, /the required field accountId is missing/);
    }
    // With fields of its own, the same client reads the same answers.
    const page = await client.queryPackages({ fields: ['externalId'] });
    assert.deepEqual(keysOf(page.packages[0]), ['id', 'externalId']);
  },

  async 'a projected answer is still type-checked: a field of the wrong type is MALFORMED_RESPONSE'(env) {
    const answering = (packages) =>
      env.makeClient({ fetch: async () => new Response(JSON.stringify({ packages, metadata: {} }), { status: 200, headers: { 'content-type': 'application/json' } }) });
    const id = '828b98fb-7114-4b3c-90fd-8d0db76aa72b';
    for (const [packages, why] of [
      [[{ id, accountId: 5 }], /packages\[0\]\.accountId: expected a string, found a number/],
      [[{ id: 'x' }], /packages\[0\]\.id: "x" is not a GUID/],
      [[{ id, productInstances: [{ status: 7 }] }], /packages\[0\]\.productInstances\[0\]\.status: expected a string/],
    ]) {
      for (const call of [(client) => client.queryPackages({ fields: ['accountId'] }, { maxRetries: 0 }), (client) => client.iteratePackages({ fields: ['accountId'] }).next()]) {
        const error = await rejection(call(answering(packages)));
        assert.equal(error.code, 'MALFORMED_RESPONSE', error.message);
        assert.match(error.message, why);
      }
    }
    const fine = await answering([{ id }]).queryPackages({ fields: ['accountId'] });
    assert.deepEqual(fine.packages, [{ id }]);
  },
});
