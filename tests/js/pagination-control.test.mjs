// Pagination control (issue 15): iteratePackages' `signal` stops a walk
// with ABORTED, a page that fails names the cursor to resume from, and
// `toArray({ limit })` collects at most `limit` packages (limit required,
// at most 10,000). On the installed package, against the in-process sandbox.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plan, ResellersClient, ResellersError, Sandbox, seed } from './helpers/api-fronts.mjs';

/** A sandbox with `count` packages and a client of it that counts its requests. */
async function withPackages(count) {
  const sandbox = new Sandbox({ seed: true });
  let sent = 0;
  const fetch = (request) => {
    sent += 1;
    return sandbox.fetch(request);
  };
  const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch, maxRetries: 0 });
  for (let n = 0; n < count; n += 1) await client.createPackageV2({ products: [plan()] });
  return { sandbox, client, sent: () => sent };
}

test('an aborted signal stops the walk: the loop throws ABORTED and fetches nothing more', async () => {
  const { sandbox, client, sent } = await withPackages(5);
  try {
    const controller = new AbortController();
    const seen = [];
    const before = sent();
    await assert.rejects(
      (async () => {
        for await (const pkg of client.iteratePackages({ cursorPaging: { limit: 2 } }, { signal: controller.signal })) {
          seen.push(pkg.id);
          if (seen.length === 3) controller.abort();
        }
      })(),
      (error) => error instanceof ResellersError && error.code === 'ABORTED' && error.kind === 'timeout',
    );
    assert.equal(seen.length, 3);
    assert.equal(sent() - before, 2, 'the two pages read, no third');
    // A signal aborted before the walk: nothing is sent at all.
    const early = sent();
    await assert.rejects(client.iteratePackages({}, { signal: AbortSignal.abort() }).next(), (error) => error.code === 'ABORTED');
    assert.equal(sent(), early);
    await assert.rejects(client.iteratePackages({}, { signal: 'stop' }).next(), (error) => error.kind === 'validation' && error.fieldViolations[0].field === 'options.signal');
  } finally {
    sandbox.free();
  }
});

test('a page that fails mid-walk names the cursor to resume from', async () => {
  const { sandbox, client } = await withPackages(5);
  try {
    const seen = [];
    const walk = client.iteratePackages({ cursorPaging: { limit: 2 } });
    for (let n = 0; n < 2; n += 1) seen.push((await walk.next()).value.id);
    sandbox.injectFault({ pathPrefix: '/resellers/v1/packages/query', times: 1, status: 503, retryAfter: 0 });
    const error = await (async () => { for (;;) { const step = await walk.next(); if (step.done) return null; seen.push(step.value.id); } })().catch((e) => e);
    assert.ok(error instanceof ResellersError, String(error));
    assert.equal(error.code, 'UNAVAILABLE');
    const cursor = error.details?.resumeCursor;
    assert.equal(typeof cursor, 'string');
    const rest = await client.iteratePackages({ cursorPaging: { cursor } }).toArray({ limit: 100 });
    assert.equal(new Set([...seen, ...rest.map((p) => p.id)]).size, 5, 'resuming reads the rest, none twice');
  } finally {
    sandbox.free();
  }
});

test('toArray({ limit }) collects at most limit packages; limit is required and at most 10000', async () => {
  const { sandbox, client, sent } = await withPackages(5);
  try {
    const three = await client.iteratePackages({ cursorPaging: { limit: 2 } }).toArray({ limit: 3 });
    assert.equal(three.length, 3);
    const all = await client.iteratePackages({}).toArray({ limit: 10000 });
    assert.equal(all.length, 5);
    const before = sent();
    for (const options of [undefined, {}, { limit: 0 }, { limit: 10001 }, { limit: 2.5 }, { limit: '3' }]) {
      await assert.rejects(
        client.iteratePackages({}).toArray(options),
        (error) => error instanceof ResellersError && error.code === 'INVALID_REQUEST' && error.fieldViolations[0].field === 'options.limit' && /10000/.test(error.message),
        JSON.stringify(options),
      );
    }
    assert.equal(sent(), before, 'a refused toArray sends nothing');
  } finally {
    sandbox.free();
  }
});
