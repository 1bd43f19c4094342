// Garbage at every method: each rejects with a ResellersError of kind
// `validation`, sends nothing (counted through a wrapping fetch), and the
// client keeps working afterwards. Bad constructor options throw
// INVALID_CONFIG; http:// is refused except for loopback hosts. The API key
// never shows in an error or in the client, however they are printed.
import assert from 'node:assert/strict';
import util from 'node:util';
import { test } from 'node:test';
import {
  ResellersClient,
  ResellersError,
  Sandbox,
  forEachFront,
  main,
  only,
  plan,
  rejection,
  seed,
  startSandboxServer,
  validationError,
} from './helpers/api-fronts.mjs';

const HUGE = 'x'.repeat(1 << 20);
const cyclic = () => {
  const value = { products: [] };
  value.products.push({ parent: value });
  value.self = value;
  return value;
};

/** Every kind of junk a caller could pass, by name. */
const GARBAGE = {
  null: null,
  undefined,
  zero: 0,
  number: 42,
  NaN,
  negative: -1,
  true: true,
  false: false,
  'empty string': '',
  'huge string (1 MB)': HUGE,
  'empty array': [],
  array: [1, 'two', { three: 3 }],
  'empty object': {},
  'null-prototype object': Object.create(null),
  'nested junk': { products: [{ catalogProductId: { $ne: null }, countryCode: [['US']], billingInfo: 'RECURRING' }], a: { b: { c: [null, NaN, -0] } } },
  'huge nested': { products: [{ catalogProductId: HUGE, countryCode: HUGE }], externalId: HUGE, packageId: HUGE, instanceId: HUGE, siteId: HUGE },
  cyclic: cyclic(),
  BigInt: 10n,
  'object with a BigInt': { products: [{ catalogProductId: seed.light, countryCode: 'US', count: 1n }] },
  Symbol: Symbol('junk'),
  'object with a Symbol key': { [Symbol('k')]: 1 },
  function: () => 'nope',
  'a class': class Junk {},
  Date: new Date(0),
  RegExp: /x/g,
  Map: new Map([['products', []]]),
  'typed array': new Uint8Array([1, 2, 3]),
  Promise: Promise.resolve({ products: [] }),
  Error: new Error('junk'),
  'throwing getter': {
    get products() {
      throw new Error('getter exploded');
    },
    get packageId() {
      throw new Error('getter exploded');
    },
    toJSON() {
      throw new Error('toJSON exploded');
    },
  },
  'array for an object': [{ instanceId: seed.light, siteId: seed.site }],
  'path traversal id': '../../_sandbox/reset',
  'encoded traversal': '%2e%2e%2f_sandbox%2freset',
  'id with a query': `${seed.light}?x=1`,
  'id with CRLF': `${seed.light}\r\nx-evil: 1`,
};

/** Garbage that a position legitimately accepts (optional arguments). */
const OPTIONAL_OK = new Set(['null', 'undefined', 'empty object', 'null-prototype object']);

/**
 * Garbage that plain JSON.stringify would coerce into "nothing given"
 * (functions, Symbols and NaN become null; Map, RegExp, Error, Promise or
 * class values become `{}`), and unknown query keys that would match every
 * package: the client refuses them all. Kept as its own test because these
 * were once accepted.
 */
const COERCED = new Set(['NaN', 'Symbol', 'object with a Symbol key', 'function', 'a class', 'RegExp', 'Map', 'Promise', 'Error', 'typed array']);
const QUERY_JUNK = new Set(['nested junk', 'huge nested']);
const QUERY_POSITIONS = new Set(['queryPackages(x)', 'iteratePackages(x).next()']);
function onceCoerced(label, name, optional) {
  if (optional && COERCED.has(name)) return true;
  if (QUERY_POSITIONS.has(label) && QUERY_JUNK.has(name)) return true;
  return label === 'updatePackageExternalId({ externalId: x })' && name === 'Date';
}

/** Calls every position with every garbage value that `pick(label, name, optional)` selects. */
async function sweep(countingClient, pick) {
  const client = countingClient();
  // real targets, so that a wrongly accepted argument would act on something
  const { package: pkg } = await client.createPackageV2({ products: [plan()] });
  const instanceId = only(pkg).instanceId;
  let sentBefore = client.sent();
  const REQUIRED = false;
  const OPTIONAL = true;
  const positions = [
    ['createPackageV2(x)', (x) => client.createPackageV2(x), REQUIRED],
    ['createPackage(x)', (x) => client.createPackage(x), REQUIRED],
    ['getPackage(x)', (x) => client.getPackage(x), REQUIRED],
    ['queryPackages(x)', (x) => client.queryPackages(x), OPTIONAL],
    ['iteratePackages(x).next()', (x) => client.iteratePackages(x).next(), OPTIONAL],
    ['iteratePackages({}, x).next()', (x) => client.iteratePackages({}, x).next(), OPTIONAL],
    ['cancelPackage(x)', (x) => client.cancelPackage(x), REQUIRED],
    ['cancelPackage(id, x)', (x) => client.cancelPackage(pkg.id, x), OPTIONAL],
    ['cancelProductInstance(x)', (x) => client.cancelProductInstance(x), REQUIRED],
    ['cancelProductInstance(id, x)', (x) => client.cancelProductInstance(instanceId, x), OPTIONAL],
    ['adjustProductInstanceSpecifications(x, ok)', (x) => client.adjustProductInstanceSpecifications(x, { catalogProductId: seed.core }), REQUIRED],
    ['adjustProductInstanceSpecifications(id, x)', (x) => client.adjustProductInstanceSpecifications(instanceId, x), REQUIRED],
    ['assignProductInstanceToSite(x)', (x) => client.assignProductInstanceToSite(x), REQUIRED],
    ['assignProductInstanceToSite(ok, x)', (x) => client.assignProductInstanceToSite({ instanceId, siteId: seed.site }, x), OPTIONAL],
    ['unassignProductInstanceFromSite(x)', (x) => client.unassignProductInstanceFromSite(x), REQUIRED],
    ['unassignProductInstanceFromSite(id, x)', (x) => client.unassignProductInstanceFromSite(instanceId, x), OPTIONAL],
    ['updatePackageExternalId(x)', (x) => client.updatePackageExternalId(x), REQUIRED],
    ['updatePackageExternalId({ packageId: x })', (x) => client.updatePackageExternalId({ packageId: x, externalId: 'e' }), REQUIRED],
    ['updatePackageExternalId({ externalId: x })', (x) => client.updatePackageExternalId({ packageId: pkg.id, externalId: x }), REQUIRED],
    ['createPackageV2({ products: [x] })', (x) => client.createPackageV2({ products: [x] }), REQUIRED],
    ['createPackageV2({ products: x })', (x) => client.createPackageV2({ products: x }), REQUIRED],
  ];
  // any text up to 100 characters is a valid external ID
  const text = new Set(['path traversal id', 'encoded traversal', 'id with a query', 'id with CRLF']);
  let checked = 0;
  const wrong = [];
  for (const [label, call, optional] of positions) {
    for (const [name, value] of Object.entries(GARBAGE)) {
      if (optional && OPTIONAL_OK.has(name)) continue;
      if (label === 'updatePackageExternalId({ externalId: x })' && text.has(name)) continue;
      if (!pick(label, name, optional)) continue;
      checked += 1;
      let outcome;
      try {
        outcome = call(value);
      } catch (error) {
        wrong.push(`${label} with ${name} threw synchronously instead of rejecting: ${error}`);
        continue;
      }
      if (!(outcome instanceof Promise)) {
        wrong.push(`${label} with ${name} returned no promise`);
        continue;
      }
      const [resolved, error] = await outcome.then(
        (value) => [value, undefined],
        (error) => [undefined, error],
      );
      if (!error) wrong.push(`${label} with ${name} resolved: ${JSON.stringify(resolved)?.slice(0, 80)}`);
      else if (!(error instanceof ResellersError)) wrong.push(`${label} with ${name} rejected with ${error?.stack ?? error}`);
      else if (error.kind !== 'validation') wrong.push(`${label} with ${name}: kind ${error.kind} (${error.message.slice(0, 120)})`);
      else if (error.attempts !== 0 || !(error.message.length > 0 && error.message.length < 2000)) wrong.push(`${label} with ${name}: attempts ${error.attempts}, message of ${error.message.length} chars`);
      if (client.sent() !== sentBefore) {
        wrong.push(`${label} with ${name} sent a request`);
        sentBefore = client.sent();
      }
    }
  }
  assert.equal(wrong.length, 0, `${wrong.length} garbage calls were not refused offline:\n${wrong.join('\n')}`);

  // still working, and nothing was changed by the garbage
  const read = await client.getPackage(pkg.id);
  assert.equal(only(read).catalogProductId, seed.light);
  assert.equal(only(read).status, 'ENABLED');
  assert.ok(!('siteId' in only(read)));
  const again = await client.createPackageV2({ products: [plan()] });
  assert.notEqual(again.package.id, pkg.id);
  return checked;
}

forEachFront('garbage', {
  async 'every method rejects garbage with a validation ResellersError, sends nothing, and keeps working'({ countingClient }) {
    const checked = await sweep(countingClient, (label, name, optional) => !onceCoerced(label, name, optional));
    assert.ok(checked > 600, `checked ${checked}`);
  },

  'optional arguments refuse functions, Symbols, NaN and non-plain objects; queries refuse unknown keys': {
    run: async ({ countingClient }) => {
      await sweep(countingClient, onceCoerced);
    },
  },

  async 'the validators never throw on garbage, and the module keeps working'() {
    for (const [name, value] of Object.entries(GARBAGE)) {
      for (const validate of [main.validateCreatePackage, main.validateAdjustProductInstance]) {
        const result = validate(value);
        assert.equal(typeof result.valid, 'boolean', name);
        assert.ok(Array.isArray(result.fieldViolations), name);
        if (!OPTIONAL_OK.has(name)) assert.equal(result.valid, false, `${validate.name} accepted ${name}`);
      }
    }
    assert.equal(main.validateCreatePackage({ products: [plan()] }).valid, true);
  },

  async 'withAccount(garbage) throws INVALID_CONFIG synchronously; the client is unharmed'({ client }) {
    for (const [name, value] of Object.entries(GARBAGE)) {
      assert.throws(() => client.withAccount(value), (error) => error instanceof ResellersError && error.code === 'INVALID_CONFIG' && error.kind === 'validation', name);
    }
    assert.deepEqual((await client.queryPackages({})).packages ?? [], []);
  },

  async 'http:// to 127.0.0.1:port and localhost:port is accepted and works'({ front, sandbox }) {
    if (front !== 'http') {
      // the in-process front has no port: a loopback baseUrl with sandbox.fetch is still accepted
      const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl: 'http://127.0.0.1:9', fetch: sandbox.fetch });
      assert.deepEqual((await client.queryPackages({})).packages ?? [], []);
      return;
    }
    const own = await startSandboxServer({ sandbox });
    try {
      for (const baseUrl of [own.url, `${own.url}/`, `http://localhost:${own.port}`]) {
        const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl });
        assert.deepEqual((await client.queryPackages({})).packages ?? [], [], baseUrl);
      }
    } finally {
      await own.close();
    }
  },
});

const KEY = 'IST.eyJ-super-secret-reseller-key-7f3a9c';

function assertNoKey(value, where) {
  const texts = [
    ['message', value?.message],
    ['String()', String(value)],
    ['stack', value?.stack],
    ['JSON.stringify', JSON.stringify(value)],
    ['util.inspect', util.inspect(value, { showHidden: true, depth: Infinity, getters: true })],
    ['util.format', util.format('%o %O %j', value, value, value)],
  ];
  for (const [how, text] of texts) {
    assert.ok(!String(text ?? '').includes('super-secret'), `${where}: the key shows in ${how}: ${text}`);
  }
}

test('new ResellersClient(garbage) throws a ResellersError with code INVALID_CONFIG', () => {
  const ok = { apiKey: KEY, accountId: seed.resellerAccountId };
  const cases = {
    ...Object.fromEntries(Object.entries(GARBAGE).map(([name, value]) => [`options = ${name}`, value])),
    'no apiKey': { accountId: seed.resellerAccountId },
    'apiKey a number': { ...ok, apiKey: 12345 },
    'apiKey blank': { ...ok, apiKey: '   ' },
    'apiKey with a newline': { ...ok, apiKey: `${KEY}\r\nx-evil: 1` },
    'apiKey an object': { ...ok, apiKey: { key: KEY } },
    'no accountId': { apiKey: KEY },
    'accountId not a GUID': { ...ok, accountId: 'account-1' },
    'accountId huge': { ...ok, accountId: HUGE },
    'unknown option': { ...ok, apikey: KEY },
    'baseUrl a number': { ...ok, baseUrl: 8080 },
    'baseUrl ftp': { ...ok, baseUrl: 'ftp://www.wixapis.com' },
    'baseUrl with credentials': { ...ok, baseUrl: 'https://user:pw@www.wixapis.com' },
    'baseUrl with a query': { ...ok, baseUrl: 'https://www.wixapis.com/?x=1' },
    'baseUrl not a URL': { ...ok, baseUrl: 'www.wixapis.com' },
    'timeoutMs negative': { ...ok, timeoutMs: -1 },
    'timeoutMs a string': { ...ok, timeoutMs: '1000' },
    'timeoutMs a fraction': { ...ok, timeoutMs: 1.5 },
    'maxRetries too many': { ...ok, maxRetries: 11 },
    'fetch a string': { ...ok, fetch: 'fetch' },
    'fetch an object': { ...ok, fetch: { fetch() {} } },
    'cyclic options': Object.assign(cyclic(), ok),
    'BigInt timeoutMs': { ...ok, timeoutMs: 10n },
  };
  for (const [name, options] of Object.entries(cases)) {
    let thrown;
    try {
      new ResellersClient(options);
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof ResellersError, `${name}: ${thrown?.stack ?? 'did not throw'}`);
    assert.equal(thrown.code, 'INVALID_CONFIG', `${name}: ${thrown.message}`);
    assert.equal(thrown.kind, 'validation', name);
    assertNoKey(thrown, name);
  }
  // and then a valid one is built
  assert.ok(new ResellersClient({ ...ok, baseUrl: 'https://www.wixapis.com' }));
});

test('non-finite timeoutMs and maxRetries are refused, not replaced by the defaults', () => {
  for (const options of [{ maxRetries: NaN }, { timeoutMs: NaN }, { timeoutMs: Infinity }, { maxRetries: -Infinity }]) {
    assert.throws(
      () => new ResellersClient({ apiKey: KEY, accountId: seed.resellerAccountId, ...options }),
      (error) => error instanceof ResellersError && error.code === 'INVALID_CONFIG',
      JSON.stringify(Object.keys(options)),
    );
  }
});

test('the key is not echoed when it lands in accountId (swapped options, or withAccount(key))', () => {
  const leaks = [];
  const attempts = [
    () => new ResellersClient({ apiKey: KEY, accountId: KEY }),
    () => new ResellersClient({ apiKey: seed.resellerAccountId, accountId: KEY }),
    () => new ResellersClient({ apiKey: KEY, accountId: seed.resellerAccountId }).withAccount(KEY),
  ];
  for (const attempt of attempts) {
    try {
      attempt();
      leaks.push('accepted');
    } catch (error) {
      assert.ok(error instanceof ResellersError);
      assert.equal(error.code, 'INVALID_CONFIG');
      for (const text of [error.message, String(error), error.stack, JSON.stringify(error), util.inspect(error)]) {
        if (text.includes('super-secret')) leaks.push(text.split('\n')[0]);
      }
    }
  }
  assert.deepEqual(leaks, []);
});

test("baseUrl 'http://example.com' is refused with a message saying why", () => {
  for (const baseUrl of ['http://example.com', 'http://www.wixapis.com', 'http://10.0.0.1:8787', 'http://127.example.com']) {
    const error = (() => {
      try {
        new ResellersClient({ apiKey: KEY, accountId: seed.resellerAccountId, baseUrl });
      } catch (error) {
        return error;
      }
      return assert.fail(`${baseUrl} was accepted`);
    })();
    assert.ok(error instanceof ResellersError);
    assert.equal(error.code, 'INVALID_CONFIG');
    assert.match(error.message, /clear text/, baseUrl);
    assert.match(error.message, /loopback/, baseUrl);
  }
});

test('the API key never appears in errors (config, validation, 401, 403, network) nor in the client', async () => {
  const sandbox = new Sandbox({ seed: true });
  sandbox.addAccount({ id: '4e5e11e4-0000-4000-8000-0000000000f1', apiKey: KEY });
  const server = await startSandboxServer({ sandbox });
  try {
    const client = new ResellersClient({ apiKey: KEY, accountId: '4e5e11e4-0000-4000-8000-0000000000f1', baseUrl: server.url, maxRetries: 0 });
    assert.deepEqual((await client.queryPackages({})).packages ?? [], [], 'the key works');
    assertNoKey(client, 'client');
    assertNoKey(client.withAccount(seed.subAccountId), 'withAccount client');
    assert.ok(!Object.values(client).some((v) => String(v).includes('super-secret')));

    const errors = [];
    errors.push(await validationError(client.createPackageV2({ products: [{ catalogProductId: KEY, countryCode: KEY }], externalId: KEY })));
    errors.push(await rejection(client.getPackage(KEY)));
    errors.push(await rejection(client.updatePackageExternalId({ packageId: seed.light, externalId: KEY })));
    errors.push(await rejection(new ResellersClient({ apiKey: `${KEY}-wrong`, accountId: seed.resellerAccountId, baseUrl: server.url }).queryPackages({})));
    errors.push(await rejection(client.withAccount(seed.resellerAccountId).queryPackages({})));
    sandbox.injectFault({ times: 1, mode: 'reset' });
    errors.push(await rejection(client.queryPackages({})));
    sandbox.injectFault({ times: 1, mode: 'html' });
    errors.push(await rejection(client.queryPackages({})));
    try {
      client.withAccount('not-an-account');
    } catch (error) {
      errors.push(error);
    }
    const codes = errors.map((e) => e.code);
    assert.deepEqual(codes, ['INVALID_REQUEST', 'INVALID_REQUEST', 'PACKAGE_NOT_FOUND', 'UNAUTHENTICATED', 'PERMISSION_DENIED', 'NETWORK_ERROR', 'BAD_GATEWAY', 'INVALID_CONFIG']);
    for (const error of errors) assertNoKey(error, error.code);
  } finally {
    await server.close();
    sandbox.free();
  }
});
