// The two fronts every `api-*` scenario runs against: the installed client
// over real `fetch` to `startSandboxServer()` (control through the HTTP
// `/_sandbox/` API), and the same client in-process through `sandbox.fetch`
// (control through the `Sandbox` methods). A scenario is written once as
// `async (env) => ...` and `forEachFront` runs it on both, each test with a
// fresh sandbox on 127.0.0.1 (port 0) that is closed at the end.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { projectImport } from './package.mjs';
import { statusOf } from './error-codes.mjs';

export const main = await projectImport('wix-resellers');
export const sandboxEntry = await projectImport('wix-resellers/sandbox');
export const { ResellersClient, ResellersError } = main;
export const { Sandbox, startSandboxServer } = sandboxEntry;

/** The default seed, as `src/sandbox/seed.rs` documents it. */
export const seed = Object.freeze({
  resellerAccountId: '5e11e500-0000-4000-8000-000000000001',
  resellerKey: 'sandbox-reseller-key',
  subAccountId: '5e11e500-0000-4000-8000-000000000002',
  otherResellerAccountId: '07e5e11e-0000-4000-8000-000000000003',
  otherResellerKey: 'sandbox-other-reseller-key',
  site: '517e0000-0000-4000-8000-000000000a01',
  secondSite: '517e0000-0000-4000-8000-000000000a02',
  subSite: '517e0000-0000-4000-8000-000000000b01',
  subSecondSite: '517e0000-0000-4000-8000-000000000b02',
  otherSite: '517e0000-0000-4000-8000-000000000c01',
  light: 'ca7a1090-0000-4000-8000-000000000101',
  core: 'ca7a1090-0000-4000-8000-000000000102',
  business: 'ca7a1090-0000-4000-8000-000000000103',
  businessElite: 'ca7a1090-0000-4000-8000-000000000104',
  domain: 'ca7a1090-0000-4000-8000-000000000201',
  domainTransfer: 'ca7a1090-0000-4000-8000-000000000202',
  email: 'ca7a1090-0000-4000-8000-000000000301',
  siteBooster: 'ca7a1090-0000-4000-8000-000000000401',
  adCredits: 'ca7a1090-0000-4000-8000-000000000402',
});

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An engine's `x-wix-request-id`, in Wix's form: Unix seconds, a dot, 18 digits (`1734427301.191556792796277844`). */
export const REQUEST_ID = /^\d+\.\d{18}$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const MONTHLY = Object.freeze({ type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } });
export const YEARLY = Object.freeze({ type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } });
export const ONE_TIME = Object.freeze({ type: 'ONE_TIME' });

/** A Create Package V2 product; `over` replaces or adds fields. */
export function plan(over = {}) {
  return { catalogProductId: seed.light, countryCode: 'US', billingInfo: MONTHLY, ...over };
}

/** Control calls over HTTP: the same names as the `Sandbox` methods; a non-200 throws its message. */
function httpControl(url) {
  const call = async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    if (response.status !== 200) throw new Error(`${method} ${path}: ${parsed?.message} (HTTP ${response.status})`);
    return parsed;
  };
  return {
    via: 'http',
    reset: () => call('POST', '/_sandbox/reset').then(() => undefined),
    catalog: () => call('GET', '/_sandbox/catalog'),
    upsertProduct: (product) => call('POST', '/_sandbox/catalog', product),
    accounts: () => call('GET', '/_sandbox/accounts'),
    addAccount: (account) => call('POST', '/_sandbox/accounts', account),
    addSite: (site) => call('POST', '/_sandbox/sites', site),
    setInstanceStatus: (id, status) => call('POST', `/_sandbox/instances/${id}/status`, status),
    injectFault: (fault) => call('POST', '/_sandbox/faults', fault),
    advanceClock: (ms) => call('POST', '/_sandbox/clock', { advanceMs: ms }),
  };
}

/** Control calls through the `Sandbox` methods (synchronous; wrapped so both read alike). */
function methodControl(sandbox) {
  const wrap = (fn) => async (...args) => fn(...args);
  return {
    via: 'methods',
    reset: wrap(() => sandbox.reset()),
    catalog: wrap(() => sandbox.catalog()),
    upsertProduct: wrap((product) => sandbox.upsertProduct(product)),
    accounts: wrap(() => sandbox.accounts()),
    addAccount: wrap((account) => sandbox.addAccount(account)),
    addSite: wrap((site) => sandbox.addSite(site)),
    setInstanceStatus: wrap((id, status) => sandbox.setInstanceStatus(id, status)),
    injectFault: wrap((fault) => sandbox.injectFault(fault)),
    advanceClock: wrap((ms) => sandbox.advanceClock(ms)),
  };
}

/**
 * An environment: `client` (the seeded reseller), `makeClient(options)`,
 * `countingClient(options)` (with `.sent()`), `raw(path, init)` (a request
 * with no client in between), `ctl` (control), `sandbox`, `close()`.
 */
async function open(front) {
  const sandbox = new Sandbox({ seed: true });
  let server;
  let transport;
  let raw;
  let ctl;
  let baseUrl;
  if (front === 'http') {
    server = await startSandboxServer({ sandbox, port: 0, host: '127.0.0.1' });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    baseUrl = server.url;
    transport = undefined; // the global fetch, as a user would have it
    raw = (path, init) => fetch(`${server.url}${path}`, init);
    ctl = httpControl(server.url);
  } else {
    baseUrl = undefined;
    transport = sandbox.fetch;
    raw = (path, init) => sandbox.fetch(`http://sandbox.test${path}`, init);
    ctl = methodControl(sandbox);
  }
  const makeClient = (options = {}) =>
    new ResellersClient({
      apiKey: seed.resellerKey,
      accountId: seed.resellerAccountId,
      ...(baseUrl ? { baseUrl } : {}),
      ...(transport ? { fetch: transport } : {}),
      ...options,
    });
  const countingClient = (options = {}) => {
    let sent = 0;
    const inner = transport ?? ((request) => fetch(request));
    const client = makeClient({
      ...options,
      fetch: (request, init) => {
        sent += 1;
        return inner(request, init);
      },
    });
    client.sent = () => sent;
    return client;
  };
  return {
    front,
    sandbox,
    baseUrl,
    client: makeClient(),
    makeClient,
    countingClient,
    raw,
    ctl,
    close: async () => {
      await server?.close();
      sandbox.free();
    },
  };
}

export const FRONTS = ['http', 'in-process'];

/** Runs every `scenarios[name](env)` on both fronts, a fresh sandbox each. */
export function forEachFront(title, scenarios) {
  for (const front of FRONTS) {
    describe(`${title} [${front}]`, () => {
      for (const [name, entry] of Object.entries(scenarios)) {
        const [fn, options] = typeof entry === 'function' ? [entry, {}] : [entry.run, entry.options];
        test(name, options, async () => {
          const env = await open(front);
          try {
            await fn(env);
          } finally {
            await env.close();
          }
        });
      }
    });
  }
}

/** Awaits a rejection and checks it is a `ResellersError`; returns it. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ResellersError, `expected a ResellersError, got ${error?.stack ?? error}`);
    assert.ok(error instanceof Error, 'a ResellersError is an Error');
    return error;
  }
  assert.fail('expected the call to reject');
}

/** A 4xx Wix application error as the client reports it. */
export async function apiError(promise, code) {
  const error = await rejection(promise);
  assert.equal(error.code, code, error.message);
  assert.equal(error.kind, 'api');
  assert.equal(error.status, statusOf(code));
  assert.match(error.requestId ?? '', REQUEST_ID, 'requestId is the x-wix-request-id');
  assert.ok(error.message.includes(error.requestId), 'the message names the request id');
  assert.equal(error.attempts, 1, '4xx is never retried');
  assert.equal(error.retryable, false);
  assert.equal(error.name, 'ResellersError');
  assert.equal(error.details?.applicationError?.code, code);
  return error;
}

/** A client-side refusal: kind `validation`, nothing sent. */
export async function validationError(promise, code = 'INVALID_REQUEST') {
  const error = await rejection(promise);
  assert.equal(error.kind, 'validation', error.message);
  assert.equal(error.code, code);
  assert.equal(error.attempts, 0);
  assert.equal(error.status, null);
  assert.equal(error.retryable, false);
  return error;
}

/** Sends a raw JSON request as the seeded reseller (or `headers` overrides). */
export async function rawJson(env, method, path, body, headers = {}) {
  const response = await env.raw(path, {
    method,
    headers: {
      authorization: seed.resellerKey,
      'wix-account-id': seed.resellerAccountId,
      'content-type': 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    assert.fail(`not JSON (${response.status}): ${text.slice(0, 200)}`);
  }
  return { status: response.status, requestId: response.headers.get('x-wix-request-id'), body: json, headers: response.headers };
}

/** Asserts the exact Wix application error shape of a raw answer. */
export function assertWixAppError(answer, code) {
  assert.equal(answer.status, statusOf(code), JSON.stringify(answer.body));
  assert.match(answer.requestId ?? '', REQUEST_ID, 'x-wix-request-id');
  assert.deepEqual(Object.keys(answer.body).sort(), ['details', 'message']);
  assert.equal(typeof answer.body.message, 'string');
  assert.ok(answer.body.message.length > 0);
  assert.deepEqual(Object.keys(answer.body.details), ['applicationError']);
  const app = answer.body.details.applicationError;
  assert.deepEqual(Object.keys(app).sort(), ['code', 'data', 'description']);
  assert.equal(app.code, code);
  assert.equal(typeof app.description, 'string');
  assert.equal(typeof app.data, 'object');
  assert.ok(app.data !== null && !Array.isArray(app.data));
  return app;
}

/** Asserts a Wix validation error answer; returns its field violations. */
export function assertWixValidationError(answer) {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.match(answer.requestId ?? '', REQUEST_ID);
  assert.equal(typeof answer.body.message, 'string');
  const violations = answer.body.details?.validationError?.fieldViolations;
  assert.ok(Array.isArray(violations) && violations.length > 0, JSON.stringify(answer.body));
  for (const violation of violations) {
    assert.equal(typeof violation.field, 'string');
    assert.equal(typeof violation.description, 'string');
    assert.equal(typeof violation.violatedRule, 'string');
  }
  return violations;
}

/** The only instance of a one-product package. */
export const only = (pkg) => {
  assert.equal(pkg.productInstances?.length, 1);
  return pkg.productInstances[0];
};
