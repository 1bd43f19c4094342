// Seeing and steering every call (issue 15): the onRequest / onResponse
// hooks (plain events, never a header value nor the key; a throwing hook
// does not break the call), the non-enumerable `$response` of every result,
// `deadlineMs` and a Retry-After longer than the call has left, and the
// `appInfo` User-Agent. On the installed package, against the in-process
// sandbox.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plan, ResellersClient, ResellersError, Sandbox, seed } from './helpers/api-fronts.mjs';

/** A client of `sandbox` with `options`, and the requests its fetch saw. */
function clientOf(sandbox, options = {}) {
  const seen = [];
  const fetch = (request) => {
    seen.push(request);
    return sandbox.fetch(request);
  };
  const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch, ...options });
  return { client, seen };
}

test('onRequest and onResponse hear every attempt as plain events, with no header value and no key', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    const events = [];
    const { client } = clientOf(sandbox, {
      maxRetries: 2,
      onRequest: (event) => events.push(['request', event]),
      onResponse: (event) => events.push(['response', event]),
    });
    sandbox.injectFault({ method: 'POST', pathPrefix: '/resellers/v2/packages', times: 1, status: 503, retryAfter: 0 });
    const created = await client.createPackageV2({ products: [plan()] }, { idempotencyKey: 'order-hooks-1' });
    assert.deepEqual(events.map(([what, event]) => `${what} ${event.attempt} ${event.status ?? '-'}`), [
      'request 1 -', 'response 1 503', 'request 2 -', 'response 2 200',
    ]);
    for (const [what, event] of events) {
      assert.equal(event.method, 'POST');
      assert.equal(event.path, '/resellers/v2/packages');
      assert.equal(event.idempotencyKey, 'order-hooks-1');
      const text = JSON.stringify(event);
      assert.ok(!text.includes(seed.resellerKey) && !text.toLowerCase().includes('authorization'), text);
      if (what === 'response') assert.ok(Number.isFinite(event.elapsedMs) && event.elapsedMs >= 0);
    }
    const [, failed] = events[1];
    assert.equal(failed.retryable, true);
    assert.equal(failed.code, 'UNAVAILABLE');
    const [, answered] = events[3];
    assert.equal(answered.retryable, false);
    assert.equal(answered.code, undefined);
    assert.match(answered.requestId, /\S/);
    assert.equal(created.package.productInstances.length, 1);

    // A typed API error is heard with its code; a read carries no key.
    events.length = 0;
    await assert.rejects(client.getPackage('828b98fb-7114-4b3c-90fd-8d0db76aa72b'), (error) => error.code === 'PACKAGE_NOT_FOUND');
    const [, notFound] = events.find(([what]) => what === 'response');
    assert.equal(notFound.status, 404);
    assert.equal(notFound.code, 'PACKAGE_NOT_FOUND');
    assert.equal(notFound.retryable, false);
    assert.equal(notFound.idempotencyKey, undefined);
    assert.equal(notFound.path, '/resellers/v1/packages/828b98fb-7114-4b3c-90fd-8d0db76aa72b');
  } finally {
    sandbox.free();
  }
});

test('hooks are copied by withAccount, checked at construction, and a throwing or rejecting hook does not break the call', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    let heard = 0;
    const { client } = clientOf(sandbox, {
      onRequest: () => { heard += 1; throw new Error('logger bug'); },
      onResponse: async () => { heard += 1; throw new Error('async logger bug'); },
    });
    const page = await client.queryPackages({});
    assert.ok(Array.isArray(page.packages));
    assert.equal(heard, 2);
    const sub = client.withAccount(seed.subAccountId);
    await sub.queryPackages({}).catch(() => {});
    assert.equal(heard, 4, 'withAccount keeps the hooks');
    assert.throws(
      () => new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, onRequest: 'log' }),
      (error) => error instanceof ResellersError && error.code === 'INVALID_CONFIG' && /onRequest/.test(error.message),
    );
  } finally {
    sandbox.free();
  }
});

test('every result has a non-enumerable $response; JSON.stringify and Object.keys do not change', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    const { client } = clientOf(sandbox);
    const created = await client.createPackageV2({ products: [plan()] });
    const pkg = await client.getPackage(created.package.id);
    const page = await client.queryPackages({});
    for (const [name, result] of [['create', created], ['get', pkg], ['query', page]]) {
      const { $response } = result;
      assert.equal($response.status, 200, name);
      assert.match($response.requestId, /\S/, name);
      assert.equal($response.attempts, 1, name);
      assert.ok($response.elapsedMs >= 0, name);
      assert.ok(!Object.keys(result).includes('$response'), name);
      assert.ok(!JSON.stringify(result).includes('$response'), name);
    }
    assert.deepEqual(Object.keys(pkg).sort(), Object.keys(created.package).sort());
  } finally {
    sandbox.free();
  }
});

test('a Retry-After longer than the call has left fails at once, retryable, with retryAfterMs', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    const { client, seen } = clientOf(sandbox, { deadlineMs: 5000 });
    sandbox.injectFault({ pathPrefix: '/resellers/', times: 1, status: 429, retryAfter: 120 });
    const started = Date.now();
    const error = await client.queryPackages({}).then(() => assert.fail('a 429'), (e) => e);
    assert.ok(Date.now() - started < 2000, 'did not wait');
    assert.ok(error instanceof ResellersError);
    assert.equal(error.code, 'RESOURCE_EXHAUSTED');
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterMs, 120000);
    assert.equal(error.attempts, 1);
    assert.equal(seen.length, 1);
    assert.match(error.message, /deadlineMs \(5000\)/);
    assert.equal(error.toJSON().retryAfterMs, 120000);
  } finally {
    sandbox.free();
  }
});

test('deadlineMs bounds the whole call; maxRetries is honoured while it allows; the error says which limit ended it', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    // Five retries of quick 503s all happen within the default deadline.
    const { client, seen } = clientOf(sandbox, { maxRetries: 5, timeoutMs: 100 });
    sandbox.injectFault({ pathPrefix: '/resellers/', times: 6, status: 503, retryAfter: 0 });
    const error = await client.queryPackages({}).then(() => assert.fail('503s'), (e) => e);
    assert.equal(error.attempts, 6);
    assert.equal(seen.length, 6);
    assert.match(error.message, /maxRetries \(5\)/);
    // A per-call deadline shorter than one backoff ends the call and says so.
    sandbox.reset();
    sandbox.injectFault({ pathPrefix: '/resellers/', times: 3, status: 503, retryAfter: 1 });
    const short = await client.queryPackages({}, { deadlineMs: 800 }).then(() => assert.fail('503s'), (e) => e);
    assert.equal(short.retryable, true);
    assert.equal(short.attempts, 1);
    assert.equal(short.retryAfterMs, 1000);
    assert.match(short.message, /deadlineMs \(800\)/);
    await assert.rejects(client.queryPackages({}, { deadlineMs: 0 }), (e) => e.kind === 'validation' && e.fieldViolations[0].field === 'options.deadlineMs');
  } finally {
    sandbox.free();
  }
});

test('appInfo goes in User-Agent after the package name; a bad one is refused at construction', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    const { client, seen } = clientOf(sandbox, { appInfo: { name: 'my-shop', version: '2.3.1' } });
    await client.queryPackages({});
    assert.match(seen[0].headers.get('user-agent'), /^wix-resellers\/\d+\.\d+\.\d+ \(my-shop\/2\.3\.1\)$/);
    const plain = clientOf(sandbox);
    await plain.client.queryPackages({});
    assert.match(plain.seen[0].headers.get('user-agent'), /^wix-resellers\/\d+\.\d+\.\d+$/);
    assert.throws(
      () => new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, appInfo: { name: 'my shop\r\nx', version: '1' } }),
      (error) => error.code === 'INVALID_CONFIG' && /appInfo\.name/.test(error.message),
    );
  } finally {
    sandbox.free();
  }
});
