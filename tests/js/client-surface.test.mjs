// The client as an object a person looks at and holds: what `console.log`
// and `JSON.stringify` show of it (never the key), what `free()` does, the
// `cause` a network error keeps (a redacted copy), and the hint a parent
// account's client gets for a package its own query listed under a
// sub-account. On the installed package.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import util from 'node:util';
import { forEachFront, main, plan, rejection, ResellersClient, ResellersError, Sandbox, sandboxEntry, seed } from './helpers/api-fronts.mjs';
import { projectRequire } from './helpers/package.mjs';

const ID = '828b98fb-7114-4b3c-90fd-8d0db76aa72b';
const KEY = `IST.eyJ${'kid-0123456789_abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ.'.repeat(4)}`;
const WINDOW = 16;

/** The first 16-character piece of KEY in `text`, or null. */
function pieceOfKey(text) {
  for (let at = 0; at + WINDOW <= KEY.length; at++) if (text.includes(KEY.slice(at, at + WINDOW))) return KEY.slice(at, at + WINDOW);
  return null;
}

/** A client that must send nothing (its fetch fails the test). */
const offline = (Class = ResellersClient, options = {}) =>
  new Class({ apiKey: KEY, accountId: seed.resellerAccountId, fetch: async () => assert.fail('nothing may be sent'), ...options });

const VIEW = { accountId: seed.resellerAccountId, baseUrl: 'http://127.0.0.1:8787', timeoutMs: 5000, maxRetries: 1 };

test('console.log shows the account, base URL, timeout and retries, and no piece of the key', () => {
  const client = new ResellersClient({ apiKey: KEY, ...VIEW });
  const shown = [
    util.inspect(client),
    util.inspect(client, { showHidden: true, getters: true, depth: 5 }),
    util.format('%o %O %s', client, client, client),
    util.inspect({ clients: [client] }, { depth: 5 }),
  ];
  assert.equal(shown[0], `ResellersClient ${util.inspect(VIEW)}`);
  for (const text of shown) {
    assert.doesNotMatch(text, /__wbg_ptr/, text);
    assert.equal(pieceOfKey(text), null, text);
  }
  assert.match(shown[3], /ResellersClient \{\n? *accountId: '5e11e500-/, shown[3]);
});

test('JSON.stringify and toJSON give the options less the key; a client for another account shows that account', () => {
  const client = new ResellersClient({ apiKey: KEY, ...VIEW, baseUrl: 'http://127.0.0.1:8787/' });
  assert.deepEqual(client.toJSON(), VIEW);
  assert.equal(JSON.stringify(client), JSON.stringify(VIEW));
  assert.deepEqual(JSON.parse(JSON.stringify({ client })), { client: VIEW });
  // The view is options: with the key, it makes the same client again.
  assert.deepEqual(new ResellersClient({ apiKey: KEY, ...client.toJSON() }).toJSON(), VIEW);
  const sub = client.withAccount(seed.subAccountId);
  assert.deepEqual(sub.toJSON(), { ...VIEW, accountId: seed.subAccountId });
  assert.match(util.inspect(sub), new RegExp(`accountId: '${seed.subAccountId}'`));
  assert.deepEqual(client.toJSON(), VIEW, 'the original is unchanged');
  assert.deepEqual(offline().toJSON(), { accountId: seed.resellerAccountId, baseUrl: 'https://www.wixapis.com', timeoutMs: 30000, maxRetries: 2 });
});

test('every entry shows its client so: require, import, and the sandbox entry', async () => {
  const require = await projectRequire();
  for (const [name, Class] of [
    ['require', require('wix-resellers').ResellersClient],
    ['import', main.ResellersClient],
    ['sandbox', sandboxEntry.ResellersClient],
    ['sandbox require', require('wix-resellers/sandbox').ResellersClient],
  ]) {
    const client = new Class({ apiKey: KEY, ...VIEW });
    assert.equal(util.inspect(client), `ResellersClient ${util.inspect(VIEW)}`, name);
    assert.equal(JSON.stringify(client), JSON.stringify(VIEW), name);
  }
});

/** Every method of a freed client fails with CLIENT_FREED: promises reject, withAccount throws, an iterator rejects first. */
async function assertFreed(client, where) {
  const isFreed = (error) => error instanceof Error && error.name === 'ResellersError' && error.code === 'CLIENT_FREED' && error.kind === 'validation';
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(client)).filter((name) => !['constructor', 'free', 'toJSON'].includes(name) && typeof client[name] === 'function');
  assert.ok(methods.length >= 12, `${where}: ${methods}`);
  for (const name of methods) {
    if (name === 'withAccount') {
      assert.throws(() => client.withAccount(seed.subAccountId), isFreed, `${where}: withAccount`);
    } else if (name === 'iteratePackages') {
      const pages = client.iteratePackages({});
      await assert.rejects(pages.next(), isFreed, `${where}: iteratePackages`);
      assert.deepEqual(await pages.next(), { value: undefined, done: true });
    } else {
      const result = client[name](ID, {});
      assert.ok(result instanceof Promise, `${where}: ${name} returns a promise`);
      await assert.rejects(result, isFreed, `${where}: ${name}`);
    }
  }
  assert.equal(client.toJSON().freed, true, where);
  assert.match(util.inspect(client), /freed: true/, where);
}

test('after free() every method fails with a ResellersError CLIENT_FREED that says so; a second free() does nothing', async () => {
  const client = offline();
  client.free();
  client.free();
  await assertFreed(client, 'free()');
  const error = await rejection(client.getPackage(ID));
  assert.match(error.message, /freed/);
  assert.match(error.message, /free\(\) is never needed/);
  assert.equal(error.attempts, 0);
  assert.deepEqual(client.toJSON(), { accountId: seed.resellerAccountId, baseUrl: 'https://www.wixapis.com', timeoutMs: 30000, maxRetries: 2, freed: true });
  assert.equal(pieceOfKey(util.inspect(error, { depth: 5 })), null);
  // `using` (Symbol.dispose) frees the same way; the sandbox entry's client too.
  for (const [where, disposed] of [['Symbol.dispose', offline()], ['sandbox entry', offline(sandboxEntry.ResellersClient)]]) {
    if (where === 'Symbol.dispose') disposed[Symbol.dispose]();
    else disposed.free();
    await assertFreed(disposed, where);
  }
});

test('free() leaves calls in flight, withAccount clients and started iterators working', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch: sandbox.fetch });
    const sub = client.withAccount(seed.subAccountId);
    const { package: made } = await client.createPackageV2({ products: [plan()] });
    await client.createPackageV2({ products: [plan()] });
    const pages = client.iteratePackages({ cursorPaging: { limit: 1 } });
    assert.ok((await pages.next()).value.id);
    const inFlight = client.getPackage(made.id);
    client.free();
    assert.equal((await inFlight).id, made.id, 'a call in flight finishes');
    assert.ok((await pages.next()).value.id, 'the iterator reads its next page');
    assert.deepEqual(await pages.return(), { value: undefined, done: true });
    assert.deepEqual(await pages.next(), { value: undefined, done: true }, 'an ended iterator stays ended');
    const { package: theirs } = await sub.createPackageV2({ products: [plan({ siteId: seed.subSite })] });
    assert.equal(theirs.accountId, seed.subAccountId, 'a withAccount client keeps working');
    await assert.rejects(client.getPackage(made.id), (error) => error.code === 'CLIENT_FREED');
  } finally {
    sandbox.free();
  }
});

test('an iterator that ended (done, or break) answers done again and never fails inside the glue', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch: sandbox.fetch });
    for (let i = 0; i < 3; i += 1) await client.createPackageV2({ products: [plan()] });
    const all = client.iteratePackages({});
    let count = 0;
    for await (const pkg of all) count += pkg ? 1 : 0;
    assert.equal(count, 3);
    assert.deepEqual(await all.next(), { value: undefined, done: true });
    const broken = client.iteratePackages({});
    for await (const pkg of broken) {
      assert.ok(pkg.id);
      break;
    }
    assert.deepEqual(await broken.next(), { value: undefined, done: true });
    assert.deepEqual(await broken.return('x'), { value: 'x', done: true });
  } finally {
    sandbox.free();
  }
});

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("a refused connection keeps fetch's error as the cause: TypeError 'fetch failed', caused by ECONNREFUSED", async () => {
  const client = new ResellersClient({ apiKey: KEY, accountId: seed.resellerAccountId, baseUrl: `http://127.0.0.1:${await closedPort()}`, maxRetries: 0 });
  for (const [call, run] of [
    ['getPackage', () => client.getPackage(ID)],
    ['iteratePackages', () => client.iteratePackages({}).next()],
  ]) {
    const error = await rejection(run());
    assert.equal(error.code, 'NETWORK_ERROR', call);
    assert.ok(error.cause instanceof TypeError, `${call}: ${util.inspect(error.cause)}`);
    assert.equal(error.cause.message, 'fetch failed');
    assert.ok(error.cause.cause instanceof Error, call);
    assert.equal(error.cause.cause.code, 'ECONNREFUSED', call);
    assert.match(error.cause.cause.message, /ECONNREFUSED/);
    // As `new Error(message, { cause })` has it: own, not enumerable, not in toJSON.
    assert.deepEqual(Object.getOwnPropertyDescriptor(error, 'cause'), { value: error.cause, writable: true, enumerable: false, configurable: true });
    assert.equal('cause' in JSON.parse(JSON.stringify(error)), false);
    assert.match(util.inspect(error), /\[cause\]: \[TypeError: fetch failed\]/);
  }
});

test('the cause is a copy: name, message and code of each error of the chain, at most 4 deep, with the key redacted', async () => {
  const thrown = (make) => new ResellersClient({ apiKey: KEY, accountId: seed.resellerAccountId, maxRetries: 0, fetch: async () => { throw make(); } });
  // A proxy's error quoting the key, in every field, three deep.
  const error = await rejection(
    thrown(() => {
      const inner = Object.assign(new RangeError(`header ${KEY} refused`), { code: `E_${KEY}` });
      const middle = new Error(`proxy said ${KEY.slice(3, 60)}`, { cause: inner });
      middle.name = `ProxyError ${KEY}`;
      return new TypeError(`fetch failed for ${KEY}`, { cause: middle });
    }).getPackage(ID),
  );
  assert.equal(error.code, 'NETWORK_ERROR');
  const chain = [];
  for (let cause = error.cause; cause; cause = cause.cause) chain.push(cause);
  assert.deepEqual(chain.map((cause) => cause.constructor), [TypeError, Error, RangeError]);
  assert.deepEqual(chain.map((cause) => cause.message), ['fetch failed for [redacted]', 'proxy said [redacted]', 'header [redacted] refused']);
  assert.equal(chain[1].name, 'ProxyError [redacted]');
  assert.equal(chain[2].code, 'E_[redacted]');
  for (const cause of chain) {
    assert.equal(cause.stack, `${cause.name}: ${cause.message}`, 'no frames of the original');
    assert.equal(pieceOfKey(util.inspect(cause, { depth: 10, showHidden: true })), null);
  }
  // A cycle, a throwing getter, a plain object, a thrown string.
  const cyclic = new Error('loop');
  cyclic.cause = cyclic;
  const depth = (cause) => (cause ? 1 + depth(cause.cause) : 0);
  assert.equal(depth((await rejection(thrown(() => cyclic).getPackage(ID))).cause), 4);
  const inner = new Error('inner');
  Object.defineProperty(inner, 'cause', { get: () => { throw new Error(KEY); } });
  const ended = (await rejection(thrown(() => new Error('outer', { cause: inner })).getPackage(ID))).cause;
  assert.deepEqual([ended.message, ended.cause.message, ended.cause.cause], ['outer', 'inner', undefined]);
  const hostile = new Error('hostile');
  Object.defineProperty(hostile, 'cause', { get: () => { throw new Error(KEY); } });
  const kept = await rejection(thrown(() => hostile).getPackage(ID));
  assert.match(kept.message, /could not reach the API: hostile\./, kept.message);
  assert.deepEqual([kept.cause.message, kept.cause.cause], ['hostile', undefined]);
  const plain = (await rejection(thrown(() => ({ message: 'not an Error' })).getPackage(ID))).cause;
  assert.equal(plain.name, 'Error');
  assert.equal(plain.message, 'not an Error');
  const text = await rejection(thrown(() => 'just text').getPackage(ID));
  assert.equal(text.cause, undefined, 'a thrown string is in the message');
  assert.match(text.message, /just text/);
});

test('only network errors have a cause: not a timeout, an abort or an answer', async () => {
  const hanging = new ResellersClient({ apiKey: KEY, accountId: seed.resellerAccountId, maxRetries: 0, timeoutMs: 20, fetch: () => new Promise(() => {}) });
  const timeout = await rejection(hanging.getPackage(ID));
  assert.equal(timeout.code, 'TIMEOUT');
  assert.equal(timeout.cause, undefined);
  const aborted = await rejection(hanging.getPackage(ID, { signal: AbortSignal.abort(new Error(KEY)) }));
  assert.equal(aborted.code, 'ABORTED');
  assert.equal(aborted.cause, undefined);
});

forEachFront('the withAccount hint', {
  async "a package a query listed under a sub-account: the parent's not-found errors name the account to use"({ client }) {
    const sub = client.withAccount(seed.subAccountId);
    const { package: theirs } = await sub.createPackageV2({ products: [plan({ siteId: seed.subSite })] });
    const instanceId = theirs.productInstances[0].instanceId;
    const hint = `withAccount('${seed.subAccountId}')`;
    // Before any query the client cannot know.
    const blind = await rejection(client.getPackage(theirs.id));
    assert.equal(blind.code, 'PACKAGE_NOT_FOUND');
    assert.ok(!blind.message.includes(hint), blind.message);
    const { packages } = await client.queryPackages({});
    assert.ok(packages.some((pkg) => pkg.id === theirs.id && pkg.accountId === seed.subAccountId), 'the query lists it');
    for (const [call, run, code] of [
      ['getPackage', () => client.getPackage(theirs.id), 'PACKAGE_NOT_FOUND'],
      ['cancelPackage', () => client.cancelPackage(theirs.id), 'PACKAGE_NOT_FOUND'],
      ['cancelProductInstance', () => client.cancelProductInstance(instanceId), 'PRODUCT_INSTANCE_NOT_FOUND'],
      ['adjustProductInstanceSpecifications', () => client.adjustProductInstanceSpecifications(instanceId, { catalogProductId: seed.core }), 'PRODUCT_INSTANCE_NOT_FOUND'],
    ]) {
      const error = await rejection(run());
      assert.equal(error.code, code, `${call}: ${error.message}`);
      assert.ok(error.message.includes(hint), `${call}: ${error.message}`);
      assert.ok(error.message.includes(code === 'PACKAGE_NOT_FOUND' ? `Package ${theirs.id}` : `Product instance ${instanceId}`), error.message);
      assert.match(error.message, /\[request [^\]]+\]$/, 'the request id still ends it');
    }
    // The hint works: the sub-account's client reads it.
    assert.equal((await client.withAccount(seed.subAccountId).getPackage(theirs.id)).id, theirs.id);
  },

  async 'iteratePackages teaches the client as queryPackages does; a fresh client knows nothing'({ client, makeClient }) {
    const sub = client.withAccount(seed.subAccountId);
    const { package: theirs } = await sub.createPackageV2({ products: [plan({ siteId: seed.subSite })] });
    for await (const pkg of client.iteratePackages({})) assert.ok(pkg.id);
    assert.match((await rejection(client.getPackage(theirs.id))).message, new RegExp(`withAccount\\('${seed.subAccountId}'\\)`));
    assert.doesNotMatch((await rejection(makeClient().getPackage(theirs.id))).message, /withAccount/);
  },
});

test('the hint never quotes the key, even when the memory holds it', async () => {
  // A server whose query lists a package of another account with the key as its id: not a GUID, never kept.
  const answers = {
    query: { packages: [{ id: ID, accountId: seed.subAccountId, externalId: KEY, productInstances: [], createdDate: 'd', updatedDate: 'd' }], metadata: {} },
    get: { message: KEY, details: { applicationError: { code: 'PACKAGE_NOT_FOUND', description: `no package for ${KEY}` } } },
  };
  const client = new ResellersClient({
    apiKey: KEY,
    accountId: seed.resellerAccountId,
    maxRetries: 0,
    fetch: async (request) => {
      const query = request.url.endsWith('/query');
      return new Response(JSON.stringify(query ? answers.query : answers.get), { status: query ? 200 : 404, headers: { 'content-type': 'application/json' } });
    },
  });
  await client.queryPackages({});
  const error = await rejection(client.getPackage(ID));
  assert.ok(error.message.includes(`withAccount('${seed.subAccountId}')`), error.message);
  assert.equal(pieceOfKey(util.inspect(error, { depth: 10 })), null, error.message);
  assert.ok(error instanceof ResellersError);
});
