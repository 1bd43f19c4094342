// client.request (issue 15): any Resellers path through the same pipeline
// (auth headers, key redaction, timeouts, typed errors; retries for GET and
// DELETE only), resolving with the parsed JSON. The path is checked offline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plan, ResellersClient, ResellersError, Sandbox, seed } from './helpers/api-fronts.mjs';

function clientOf(sandbox, options = {}) {
  const seen = [];
  const fetch = (request) => {
    seen.push(request.clone());
    return sandbox.fetch(request);
  };
  return { client: new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch, ...options }), seen };
}

test('request sends any path with the auth headers and resolves with the parsed answer and $response', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    const { client, seen } = clientOf(sandbox);
    const { package: made } = await client.createPackageV2({ products: [plan()] });
    const got = await client.request({ method: 'GET', path: `/resellers/v1/packages/${made.id}` });
    assert.equal(got.package.id, made.id);
    assert.equal(got.$response.status, 200);
    assert.ok(!Object.keys(got).includes('$response'));
    const page = await client.request({ method: 'POST', path: '/resellers/v1/packages/query', body: { query: { cursorPaging: { limit: 1 } } } });
    assert.equal(page.packages.length, 1);
    const last = seen.at(-1);
    assert.equal(last.headers.get('authorization'), seed.resellerKey);
    assert.equal(last.headers.get('wix-account-id'), seed.resellerAccountId);
    assert.deepEqual(await last.json(), { query: { cursorPaging: { limit: 1 } } }, 'the body as given, no key added');
  } finally {
    sandbox.free();
  }
});

test('an error answer is a typed ResellersError; GET is retried, POST is not', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    const { client, seen } = clientOf(sandbox, { maxRetries: 2 });
    await assert.rejects(client.request({ method: 'GET', path: '/resellers/v1/packages/828b98fb-7114-4b3c-90fd-8d0db76aa72b' }),
      (error) => error instanceof ResellersError && error.code === 'PACKAGE_NOT_FOUND' && error.status === 404);
    sandbox.injectFault({ pathPrefix: '/resellers/', times: 1, status: 503, retryAfter: 0 });
    const before = seen.length;
    const page = await client.request({ method: 'POST', path: '/resellers/v1/packages/query', body: { query: {} } }).catch((e) => e);
    assert.equal(page.code, 'UNAVAILABLE', 'POST is not retried');
    assert.equal(seen.length - before, 1);
    sandbox.injectFault({ pathPrefix: '/resellers/', times: 1, status: 503, retryAfter: 0 });
    const again = seen.length;
    await assert.rejects(client.request({ method: 'GET', path: '/resellers/v1/packages/828b98fb-7114-4b3c-90fd-8d0db76aa72b' }), (e) => e.code === 'PACKAGE_NOT_FOUND');
    assert.equal(seen.length - again, 2, 'GET retried after the 503');
  } finally {
    sandbox.free();
  }
});

test('a bad path or method is refused offline, naming the field', async () => {
  const { client, seen } = clientOf(new Sandbox({ seed: true }));
  for (const [init, field] of [
    [{ method: 'GET', path: 'https://evil.example/resellers' }, 'path'],
    [{ method: 'GET', path: '//evil.example/x' }, 'path'],
    [{ method: 'GET', path: '/resellers/../x' }, 'path'],
    [{ method: 'PUT', path: '/resellers/v1/packages' }, 'method'],
    [{ method: 'GET', path: '/x', headers: {} }, 'request.headers'],
  ]) {
    await assert.rejects(client.request(init), (error) => error.kind === 'validation' && error.attempts === 0 && error.fieldViolations[0].field === field, JSON.stringify(init));
  }
  assert.equal(seen.length, 0, 'nothing sent');
});
