// Reliability under injected faults, over real fetch against the sandbox
// server: every fault mode on every endpoint ends in the documented outcome,
// 4xx are sent once, a hanging server times out on time, a caller's
// AbortSignal cancels at once, and 200 concurrent orders under random 5xx and
// resets buy exactly one package each.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { ResellersClient, ResellersError, Sandbox, plan, seed, startSandboxServer } from './helpers/api-fronts.mjs';

let sandbox;
let server;
let sent = 0;

before(async () => {
  sandbox = new Sandbox();
  server = await startSandboxServer({ sandbox });
});
after(() => server.close());
beforeEach(() => {
  sandbox.reset();
  sent = 0;
});

function client(options = {}) {
  return new ResellersClient({
    apiKey: seed.resellerKey,
    accountId: seed.resellerAccountId,
    baseUrl: server.url,
    // Counts what leaves the client; the request itself goes over real fetch.
    fetch: (request) => {
      sent += 1;
      return fetch(request);
    },
    ...options,
  });
}

async function packagesWith(externalId) {
  const { packages } = await client().queryPackages({ filter: { externalId: { $eq: externalId } } });
  return packages.length;
}

/** The ten endpoints, each with the state it needs and a check of its answer. */
const ENDPOINTS = {
  createPackageV2: {
    path: '/resellers/v2/packages',
    run: (c) => c.createPackageV2({ externalId: 'order-x', products: [plan()] }),
    check: async (answer) => {
      assert.equal(answer.package.externalId, 'order-x');
      assert.equal(await packagesWith('order-x'), 1, 'exactly one package');
    },
  },
  createPackage: {
    path: '/resellers/v1/packages',
    run: (c) => c.createPackage({ externalId: 'order-v1', products: [{ catalogProductId: seed.email }] }),
    check: async () => assert.equal(await packagesWith('order-v1'), 1, 'exactly one package'),
  },
  getPackage: {
    path: '/resellers/v1/packages/',
    setup: (c) => c.createPackageV2({ products: [plan()] }),
    run: (c, made) => c.getPackage(made.package.id),
    check: (answer, made) => assert.equal(answer.id, made.package.id),
  },
  queryPackages: {
    path: '/resellers/v1/packages/query',
    setup: (c) => c.createPackageV2({ products: [plan()] }),
    run: (c) => c.queryPackages({}),
    check: (answer) => assert.equal(answer.packages.length, 1),
  },
  cancelPackage: {
    path: '/resellers/v1/packages/',
    setup: (c) => c.createPackageV2({ products: [plan()] }),
    run: (c, made) => c.cancelPackage(made.package.id),
    check: (answer) => assert.equal(answer.package.productInstances[0].status, 'CANCELED'),
  },
  updatePackageExternalId: {
    path: '/resellers/v1/packages/update/',
    setup: (c) => c.createPackageV2({ products: [plan()] }),
    run: (c, made) => c.updatePackageExternalId({ packageId: made.package.id, externalId: 'renamed' }),
    check: (answer) => assert.equal(answer.updatedPackage.externalId, 'renamed'),
  },
  assignProductInstanceToSite: {
    path: '/resellers/v1/packages/product-instances/',
    setup: (c) => c.createPackageV2({ products: [plan()] }),
    run: (c, made) => c.assignProductInstanceToSite({ instanceId: made.package.productInstances[0].instanceId, siteId: seed.site }),
    check: (answer) => assert.equal(answer.package.productInstances[0].siteId, seed.site),
  },
  unassignProductInstanceFromSite: {
    path: '/resellers/v1/packages/product-instances/',
    setup: (c) => c.createPackageV2({ products: [plan({ siteId: seed.site })] }),
    run: (c, made) => c.unassignProductInstanceFromSite(made.package.productInstances[0].instanceId),
    check: (answer) => assert.ok(!('siteId' in answer.package.productInstances[0])),
  },
  cancelProductInstance: {
    path: '/resellers/v1/packages/product-instances/',
    setup: (c) => c.createPackageV2({ products: [plan()] }),
    run: (c, made) => c.cancelProductInstance(made.package.productInstances[0].instanceId),
    check: (answer) => assert.equal(answer.package.productInstances[0].status, 'CANCELED'),
  },
  adjustProductInstanceSpecifications: {
    path: '/resellers/v1/packages/product-instances/',
    setup: (c) => c.createPackageV2({ products: [plan()] }),
    run: (c, made) => c.adjustProductInstanceSpecifications(made.package.productInstances[0].instanceId, { catalogProductId: seed.core }),
    check: (answer) => assert.equal(answer.package.productInstances[0].catalogProductId, seed.core),
  },
};

/** Each fault once; the call must still end as if nothing happened. */
const FAULTS = {
  '503 then success': { status: 503 },
  '429 with Retry-After': { status: 429, retryAfter: 1 },
  'an HTML 502 page': { mode: 'html' },
  'a reset after processing': { mode: 'reset' },
  'a malformed 200 after processing': { mode: 'malformed' },
  'a truncated 200 after processing': { mode: 'truncated' },
};

for (const [fault, spec] of Object.entries(FAULTS)) {
  test(`${fault}: every endpoint recovers with the documented answer and no duplicate`, async () => {
    for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
      sandbox.reset();
      const c = client();
      const made = endpoint.setup ? await endpoint.setup(c) : undefined;
      sandbox.injectFault({ ...spec, times: 1, pathPrefix: endpoint.path });
      const answer = await endpoint.run(c, made);
      await endpoint.check(answer, made);
      const { faults } = await (await fetch(`${server.url}/_sandbox/faults`)).json();
      assert.deepEqual(faults, [], `${name}: the fault was consumed`);
    }
  });
}

test('4xx answers are sent exactly once and are not retryable', async () => {
  for (const status of [400, 401, 403, 404, 409, 428]) {
    sandbox.reset();
    sandbox.injectFault({ status, times: 5, pathPrefix: '/resellers/v1/packages/query' });
    const before = sent;
    const error = await client().queryPackages({}).then(() => null, (e) => e);
    assert.ok(error instanceof ResellersError, `${status}`);
    assert.equal(error.status, status);
    assert.equal(error.attempts, 1);
    assert.equal(error.retryable, false);
    assert.equal(sent - before, 1, `${status} sent once`);
  }
});

test('a hanging server gives a timeout error within timeoutMs plus a small margin', async () => {
  sandbox.injectFault({ method: 'GET', times: 1, delayMs: 10_000 });
  const started = performance.now();
  const error = await client({ timeoutMs: 300, maxRetries: 0 }).getPackage(seed.site).then(() => null, (e) => e);
  const elapsed = performance.now() - started;
  assert.equal(error?.kind, 'timeout');
  assert.equal(error.code, 'TIMEOUT');
  assert.ok(elapsed >= 290 && elapsed < 800, `took ${elapsed.toFixed(0)} ms`);
});

test("a caller's AbortSignal cancels a hanging call at once, retries included", async () => {
  sandbox.injectFault({ method: 'GET', times: 3, delayMs: 10_000 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = performance.now();
  const error = await client().getPackage(seed.site, { signal: controller.signal }).then(() => null, (e) => e);
  const elapsed = performance.now() - started;
  assert.ok(error instanceof ResellersError);
  assert.equal(error.kind, 'timeout');
  assert.equal(error.code, 'ABORTED');
  assert.equal(error.retryable, false);
  assert.equal(error.attempts, 1);
  assert.ok(elapsed < 600, `took ${elapsed.toFixed(0)} ms`);
});

test('an already aborted signal sends nothing; AbortSignal.timeout bounds a create', async () => {
  const error = await client().createPackageV2({ products: [plan()] }, { signal: AbortSignal.abort() }).then(() => null, (e) => e);
  assert.equal(error?.code, 'ABORTED');
  assert.equal(sent, 0);
  sandbox.injectFault({ method: 'POST', pathPrefix: '/resellers/v2/packages', times: 5, delayMs: 10_000 });
  const slow = await client().createPackageV2({ products: [plan()] }, { signal: AbortSignal.timeout(150) }).then(() => null, (e) => e);
  assert.equal(slow?.code, 'ABORTED');
  const wrong = await client().getPackage(seed.site, { signal: 'soon' }).then(() => null, (e) => e);
  assert.equal(wrong?.kind, 'validation');
  assert.equal(wrong.fieldViolations[0].field, 'options.signal');
});

test('200 concurrent orders under random 5xx and resets buy exactly one package each', async () => {
  // A mixed queue of faults that the concurrent creates consume in turn.
  for (let i = 0; i < 40; i += 1) {
    const spec = [{ status: 503 }, { mode: 'reset' }, { status: 500 }, { mode: 'truncated' }, { status: 502 }][i % 5];
    sandbox.injectFault({ ...spec, times: 3, method: 'POST', pathPrefix: '/resellers/v2/packages' });
  }
  const c = client({ maxRetries: 6 });
  const orders = Array.from({ length: 200 }, (_, i) => `order-${i}`);
  const results = await Promise.allSettled(orders.map((externalId) => c.createPackageV2({ externalId, products: [plan()] })));
  const failed = results.filter((r) => r.status === 'rejected').map((r) => `${r.reason.code}: ${r.reason.message}`);
  assert.deepEqual(failed, [], 'every order is provisioned');
  const { packages } = await client().queryPackages({ paging: { limit: 1000 } });
  const perOrder = new Map();
  for (const pkg of packages) perOrder.set(pkg.externalId, (perOrder.get(pkg.externalId) ?? 0) + 1);
  assert.equal(packages.length, 200);
  assert.ok(orders.every((order) => perOrder.get(order) === 1), 'one package per order');
});

test('adjust (third argument) and updatePackageExternalId (second) take call options and a signal too', async () => {
  const c = client();
  const { package: pkg } = await c.createPackageV2({ products: [plan()] });
  const instanceId = pkg.productInstances[0].instanceId;
  const before = sent;
  const adjust = await c.adjustProductInstanceSpecifications(instanceId, { catalogProductId: seed.core }, { signal: AbortSignal.abort() }).then(() => null, (e) => e);
  assert.equal(adjust?.code, 'ABORTED');
  const rename = await c.updatePackageExternalId({ packageId: pkg.id, externalId: 'x' }, { signal: AbortSignal.abort() }).then(() => null, (e) => e);
  assert.equal(rename?.code, 'ABORTED');
  assert.equal(sent, before, 'nothing sent');
  const bad = await c.adjustProductInstanceSpecifications(instanceId, { catalogProductId: seed.core }, { maxRetries: -1 }).then(() => null, (e) => e);
  assert.equal(bad?.kind, 'validation');
  const adjusted = await c.adjustProductInstanceSpecifications(instanceId, { catalogProductId: seed.core }, { timeoutMs: 5000 });
  assert.equal(adjusted.package.productInstances[0].catalogProductId, seed.core);
});

// The global-fetch path (no custom fetch): the attempt is bounded by aborting
// fetch itself, not by a race, so these go through Node's own fetch.
function globalFetchClient(baseUrl, options = {}) {
  return new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl, ...options });
}

/** A server on 127.0.0.1 that sends 200 headers and half a body, then stalls.
 * (Node's fetch closes an aborted socket a few seconds later, on its own
 * schedule; `close` destroys what is left.) */
async function stallingServer() {
  const http = await import('node:http');
  const sockets = new Set();
  const stalling = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    response.write('{"package":{"id":');
  });
  stalling.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => stalling.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${stalling.address().port}`,
    sockets,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      stalling.close(resolve);
    }),
  };
}

test('global fetch: a server that never answers times out within timeoutMs plus a small margin', async () => {
  sandbox.injectFault({ method: 'GET', times: 1, delayMs: 10_000 });
  const started = performance.now();
  const error = await globalFetchClient(server.url, { timeoutMs: 300, maxRetries: 0 }).getPackage(seed.site).then(() => null, (e) => e);
  const elapsed = performance.now() - started;
  assert.equal(error?.code, 'TIMEOUT');
  assert.ok(elapsed >= 290 && elapsed < 800, `took ${elapsed.toFixed(0)} ms`);
});

test('global fetch: a body that stalls halfway times out, and is retried', async () => {
  const stalling = await stallingServer();
  try {
    const started = performance.now();
    const error = await globalFetchClient(stalling.url, { timeoutMs: 300, maxRetries: 1 }).getPackage(seed.site).then(() => null, (e) => e);
    const elapsed = performance.now() - started;
    assert.equal(error?.code, 'TIMEOUT');
    assert.equal(error.attempts, 2);
    assert.ok(elapsed >= 590 && elapsed < 2500, `took ${elapsed.toFixed(0)} ms`);
  } finally {
    await stalling.close();
  }
});

test("global fetch: a caller's AbortSignal cancels a stalled body at once", async () => {
  const stalling = await stallingServer();
  try {
    const started = performance.now();
    const error = await globalFetchClient(stalling.url, { timeoutMs: 10_000 })
      .getPackage(seed.site, { signal: AbortSignal.timeout(150) })
      .then(() => null, (e) => e);
    const elapsed = performance.now() - started;
    assert.equal(error?.code, 'ABORTED');
    assert.equal(error.attempts, 1);
    assert.ok(elapsed < 1500, `took ${elapsed.toFixed(0)} ms`);
  } finally {
    await stalling.close();
  }
});

// Fetches that misbehave: whatever they do, a call ends with a ResellersError.
test('a fetch whose response has no usable headers is a retried network error, and a pager keeps working', async () => {
  let calls = 0;
  const odd = async () => {
    calls += 1;
    return { status: 200, headers: {}, arrayBuffer: async () => new TextEncoder().encode('{"packages":[]}').buffer };
  };
  const oddClient = client({ fetch: odd, maxRetries: 1 });
  const error = await oddClient.getPackage(seed.site).then(() => null, (e) => e);
  assert.ok(error instanceof ResellersError, `got ${error}`);
  assert.equal(error.code, 'NETWORK_ERROR');
  assert.equal(error.attempts, 2);
  assert.equal(calls, 2);

  const pages = oddClient.iteratePackages({});
  for (let i = 0; i < 2; i++) {
    const failed = await pages.next().then(() => null, (e) => e);
    assert.ok(failed instanceof ResellersError, `next() ${i}: got ${failed}`);
    assert.equal(failed.code, 'NETWORK_ERROR', 'the page is asked for again, not "still loading"');
  }
});

test('a global fetch that ignores its signal still times out, and a caller can still cancel', async () => {
  const original = globalThis.fetch;
  globalThis.fetch = () => new Promise(() => {});
  try {
    const direct = (options) => new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl: server.url, ...options });
    const started = performance.now();
    const timedOut = await direct({ timeoutMs: 100, maxRetries: 0 }).getPackage(seed.site).then(() => null, (e) => e);
    assert.equal(timedOut?.code, 'TIMEOUT');
    assert.ok(performance.now() - started < 1000);
    const aborted = await direct({ timeoutMs: 10_000 })
      .getPackage(seed.site, { signal: AbortSignal.timeout(50) })
      .then(() => null, (e) => e);
    assert.equal(aborted?.code, 'ABORTED');
  } finally {
    globalThis.fetch = original;
  }
});

test("a custom fetch's own AbortError is a network failure (retried), not the caller's abort", async () => {
  let calls = 0;
  const selfAborting = async () => {
    calls += 1;
    throw new DOMException('The operation was aborted.', 'AbortError');
  };
  const error = await client({ fetch: selfAborting, maxRetries: 2 }).getPackage(seed.site).then(() => null, (e) => e);
  assert.equal(error?.code, 'NETWORK_ERROR');
  assert.equal(error.attempts, 3);
  assert.equal(calls, 3);
});

test('a signal-like object without removeEventListener is refused before anything is sent', async () => {
  const before = sent;
  const error = await client().getPackage(seed.site, { signal: { aborted: false, addEventListener() {} } }).then(() => null, (e) => e);
  assert.equal(error?.code, 'INVALID_REQUEST');
  assert.equal(error.fieldViolations[0]?.field, 'options.signal');
  assert.equal(sent, before);
});
