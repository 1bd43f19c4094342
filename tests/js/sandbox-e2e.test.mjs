// The real engine behind the real fronts: `sandbox.fetch` in-process and
// `startSandboxServer` over HTTP, then the client against it when the build
// has one: every build ships the engine and the client, so a sandbox entry
// without either fails here.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { projectImport } from './helpers/package.mjs';

const entry = await projectImport('wix-resellers/sandbox');

async function json(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`not JSON (${response.status}): ${text.slice(0, 200)}`);
  }
}

describe('Sandbox end to end', () => {
  let sandbox;
  let server;
  before(async () => {
    assert.equal(typeof entry.Sandbox, 'function', 'wix-resellers/sandbox exports no Sandbox class');
    sandbox = new entry.Sandbox({ seed: true });
    server = await entry.startSandboxServer({ sandbox });
  });
  after(() => server?.close());

  test('sandbox.fetch is bound and serves the control API in-process', async () => {
    const detached = sandbox.fetch;
    const response = await detached('http://sandbox.test/_sandbox/catalog');
    assert.equal(response.status, 200);
    const { products } = await json(response);
    assert.ok(Array.isArray(products) && products.length > 0, 'the default seed has a catalog');
  });

  test('the HTTP server serves the same engine', async () => {
    const response = await fetch(`${server.url}/_sandbox/accounts`);
    assert.equal(response.status, 200);
    const { accounts } = await json(response);
    assert.ok(accounts.some((account) => account.apiKey), 'a seeded reseller has a key');
  });

  test('a request without a key is 401 UNAUTHENTICATED with a Wix body and a request id', async () => {
    const response = await fetch(`${server.url}/resellers/v1/packages/2d1fe6e4-8ff1-4a51-8a0e-2b53bd1d1a3b`);
    assert.equal(response.status, 401);
    assert.ok(response.headers.get('x-wix-request-id'));
    const body = await json(response);
    assert.equal(body.details.applicationError.code, 'UNAUTHENTICATED');
  });

  test('an injected reset fault drops the connection once', async () => {
    const fault = await fetch(`${server.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pathPrefix: '/resellers/', times: 1, mode: 'reset' }),
    });
    assert.ok(fault.ok, `fault accepted: ${fault.status}`);
    await fault.arrayBuffer();
    const agent = new http.Agent({ keepAlive: false });
    await assert.rejects(
      new Promise((resolve, reject) => http.get(`${server.url}/resellers/v1/packages/2d1fe6e4-8ff1-4a51-8a0e-2b53bd1d1a3b`, { agent }, resolve).on('error', reject)),
    );
    const next = await fetch(`${server.url}/resellers/v1/packages/2d1fe6e4-8ff1-4a51-8a0e-2b53bd1d1a3b`);
    assert.equal(next.status, 401, 'the next request is answered');
    await next.arrayBuffer();
  });

  test('an injected delay is waited out', async () => {
    const fault = await fetch(`${server.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pathPrefix: '/resellers/', times: 1, delayMs: 200 }),
    });
    assert.ok(fault.ok);
    await fault.arrayBuffer();
    const started = performance.now();
    await (await fetch(`${server.url}/resellers/v1/packages/2d1fe6e4-8ff1-4a51-8a0e-2b53bd1d1a3b`)).arrayBuffer();
    assert.ok(performance.now() - started >= 180);
  });

  test('startSandboxServer() with no sandbox serves a fresh default seed', async () => {
    const own = await entry.startSandboxServer();
    try {
      const response = await fetch(`${own.url}/_sandbox/catalog`);
      assert.equal(response.status, 200);
      assert.ok((await json(response)).products.length > 0);
    } finally {
      await own.close();
    }
  });

  test('the client talks to the server over real fetch', async () => {
    assert.equal(typeof entry.ResellersClient, 'function', 'wix-resellers/sandbox exports no ResellersClient class');
    const { accounts } = await json(await fetch(`${server.url}/_sandbox/accounts`));
    const reseller = accounts.find((account) => account.apiKey);
    const client = new entry.ResellersClient({ apiKey: reseller.apiKey, accountId: reseller.id, baseUrl: server.url });
    const page = await client.queryPackages({});
    assert.ok(Array.isArray(page.packages ?? []));
  });
});
