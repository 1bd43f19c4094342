// No piece of the API key in any error, in any form: long keys like Wix's
// own (`IST.eyJ…`, 219+ characters) echoed by a server in the error body,
// the request id and a redirect's Location; passed by mistake as an ID; and
// in the message of a throwing getter or `toJSON` of an argument. "No piece"
// means no run of 16 characters of the key anywhere: message, stack,
// String(), JSON.stringify, util.inspect, cause, every own field. Also the
// keys refused at construction, and the wording of network errors.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import util from 'node:util';
import { MONTHLY, ResellersClient, ResellersError, Sandbox, rejection, seed } from './helpers/api-fronts.mjs';

const WINDOW = 16;
const GUID = '828b98fb-7114-4b3c-90fd-8d0db76aa72b';

/** A deterministic JWT-like key of `length` characters (base64url with dots). */
function fakeKey(salt, length) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let state = salt >>> 0;
  let key = 'IST.eyJ';
  while (key.length < length) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    key += key.length % 80 === 79 ? '.' : alphabet[(state >>> 16) % alphabet.length];
  }
  return key;
}

const LONG_KEY = fakeKey(7, 240);
// `"` and `\` come back escaped from a server that echoes the header as JSON.
const QUOTED_KEY = (() => {
  const chars = [...fakeKey(11, 230)];
  chars[40] = '"';
  chars[150] = '\\';
  return chars.join('');
})();
const KEYS = { long: LONG_KEY, 'with " and \\': QUOTED_KEY };

/** The first 16-character run of `key` found in `text`, or null. */
function pieceOf(key, text) {
  for (let at = 0; at + WINDOW <= key.length; at++) {
    const piece = key.slice(at, at + WINDOW);
    if (text.includes(piece)) return piece;
  }
  return null;
}

/** Every string inside `value` (object keys too), at any depth. */
function strings(value, out = [], seen = new Set()) {
  if (typeof value === 'string') out.push(value);
  else if (value !== null && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const name of Reflect.ownKeys(value)) {
      out.push(String(name));
      let item;
      try {
        item = value[name];
      } catch {
        continue;
      }
      strings(item, out, seen);
    }
  }
  return out;
}

/** No 16-character run of `key` anywhere in `error` (or its cause). */
function assertNoPiece(error, key, where) {
  assert.ok(error instanceof ResellersError, `${where}: expected a ResellersError, got ${error}`);
  const texts = [
    ['message', error.message],
    ['stack', error.stack],
    ['String()', String(error)],
    ['toString()', error.toString()],
    ['JSON.stringify', JSON.stringify(error)],
    ['util.inspect', util.inspect(error, { depth: 10 })],
    ['util.inspect (hidden)', util.inspect(error, { depth: 10, showHidden: true, getters: true })],
    ...strings(JSON.parse(JSON.stringify(error))).map((text) => ['toJSON() field', text]),
    ...strings(error).map((text) => ['own field', text]),
  ];
  if ('cause' in error) texts.push(...strings(error.cause).map((text) => ['cause', text]), ['cause', util.inspect(error.cause, { depth: 10 })]);
  for (const [how, text] of texts) {
    const piece = pieceOf(key, String(text ?? ''));
    assert.equal(piece, null, `${where}: ${how} holds ${JSON.stringify(piece)} of the key: ${text}`);
  }
}

/** A server on 127.0.0.1 that answers with the Authorization header it got, as its first path segment says. */
async function echoServer() {
  const server = http.createServer((request, response) => {
    const auth = request.headers.authorization ?? '';
    const json = (status, body, headers = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    switch (request.url.split('/')[1]) {
      case 'json':
        return json(401, {
          message: `API key ${auth} is not valid`,
          details: { applicationError: { code: 'UNAUTHENTICATED', description: `the key ${auth} is unknown`, data: { authorization: auth, [auth]: auth } } },
        }, { 'x-wix-request-id': 'req-json' });
      case 'text':
        // Not JSON: the client keeps an excerpt, here holding the JSON-escaped key.
        response.writeHead(401, { 'content-type': 'text/plain' });
        return response.end(`denied; got {"authorization":${JSON.stringify(auth)}} and raw ${auth}`);
      case 'html':
        response.writeHead(502, { 'content-type': 'text/html' });
        return response.end(`<html><body><h1>502</h1><pre>Authorization: ${auth}</pre></body></html>`);
      case 'request-id':
        return json(404, { message: 'not found', details: { applicationError: { code: 'PACKAGE_NOT_FOUND', description: 'no such package' } } }, { 'x-wix-request-id': auth });
      case 'redirect':
        response.writeHead(302, { location: `https://login.example.com/?k=${auth}` });
        return response.end();
      default:
        response.writeHead(500);
        return response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

test('a server echoing the key (body, excerpt, HTML, request id, Location) gets no 16 characters of it into any error', async () => {
  const server = await echoServer();
  try {
    for (const [name, key] of Object.entries(KEYS)) {
      for (const mode of ['json', 'text', 'html', 'request-id', 'redirect']) {
        const client = new ResellersClient({ apiKey: key, accountId: seed.resellerAccountId, baseUrl: `${server.url}/${mode}`, maxRetries: 0 });
        for (const [call, run] of [
          ['getPackage', () => client.getPackage(GUID)],
          ['cancelPackage', () => client.cancelPackage(GUID)],
          ['queryPackages', () => client.queryPackages({})],
        ]) {
          const error = await rejection(run());
          assert.ok(error.status !== null, `${mode} ${call}: an answer arrived (${error.message})`);
          assertNoPiece(error, key, `${name} key, ${mode}, ${call}`);
        }
      }
    }
  } finally {
    await server.close();
  }
});

test('the key passed by mistake as an ID, an external ID or an idempotency key is not quoted back', async () => {
  for (const [name, key] of Object.entries(KEYS)) {
    const client = new ResellersClient({
      apiKey: key,
      accountId: seed.resellerAccountId,
      fetch: async () => {
        throw new Error('nothing may be sent');
      },
    });
    const calls = {
      getPackage: () => client.getPackage(key),
      cancelPackage: () => client.cancelPackage(key),
      cancelProductInstance: () => client.cancelProductInstance(key),
      unassignProductInstanceFromSite: () => client.unassignProductInstanceFromSite(key),
      adjustProductInstanceSpecifications: () => client.adjustProductInstanceSpecifications(key, { catalogProductId: key }),
      assignProductInstanceToSite: () => client.assignProductInstanceToSite({ instanceId: key, siteId: key }),
      updatePackageExternalId: () => client.updatePackageExternalId({ packageId: key, externalId: key }),
      createPackageV2: () =>
        client.createPackageV2({ products: [{ catalogProductId: key, countryCode: key, siteId: key, billingInfo: MONTHLY, discountCode: key }], externalId: key }),
      'idempotencyKey option': () => client.cancelPackage(GUID, { idempotencyKey: key }),
    };
    for (const [call, run] of Object.entries(calls)) {
      const error = await rejection(run());
      assert.equal(error.kind, 'validation', `${call}: ${error.message}`);
      assertNoPiece(error, key, `${name} key, ${call}`);
    }
    const thrown = (() => {
      try {
        client.withAccount(key);
      } catch (error) {
        return error;
      }
      return assert.fail('withAccount(key) was accepted');
    })();
    assertNoPiece(thrown, key, `${name} key, withAccount`);
  }
});

test('an argument whose getter or toJSON throws an error quoting the key is refused without the key', async () => {
  for (const [name, key] of Object.entries(KEYS)) {
    const client = new ResellersClient({ apiKey: key, accountId: seed.resellerAccountId, fetch: async () => assert.fail('nothing may be sent') });
    const getter = () => ({
      get products() {
        throw new Error(`cannot read products: ${key}`);
      },
    });
    const toJSON = () => ({
      products: [],
      toJSON() {
        throw new TypeError(`cannot serialise with ${key}`);
      },
    });
    const calls = {
      'createPackageV2(getter)': () => client.createPackageV2(getter()),
      'createPackageV2(toJSON)': () => client.createPackageV2(toJSON()),
      'queryPackages(toJSON)': () => client.queryPackages(toJSON()),
      'assignProductInstanceToSite(getter)': () => client.assignProductInstanceToSite(getter()),
      'cancelPackage options getter': () =>
        client.cancelPackage(GUID, {
          get idempotencyKey() {
            throw new Error(key);
          },
        }),
      'adjust body toJSON': () => client.adjustProductInstanceSpecifications(GUID, toJSON()),
      'iteratePackages(toJSON)': () => client.iteratePackages(toJSON()).next(),
      'iteratePackages options getter': () =>
        client
          .iteratePackages({}, {
            get maxItems() {
              throw new Error(key);
            },
          })
          .next(),
    };
    for (const [call, run] of Object.entries(calls)) {
      const error = await rejection(run());
      assert.equal(error.kind, 'validation', `${call}: ${error.message}`);
      assertNoPiece(error, key, `${name} key, ${call}`);
    }
    // The client options themselves: a throwing getter beside the key.
    const thrown = (() => {
      try {
        new ResellersClient({
          apiKey: key,
          accountId: seed.resellerAccountId,
          get timeoutMs() {
            throw new Error(`no timeout for ${key}`);
          },
        });
      } catch (error) {
        return error;
      }
      return assert.fail('accepted');
    })();
    assert.equal(thrown.code, 'INVALID_CONFIG');
    assertNoPiece(thrown, key, `${name} key, options getter`);
  }
});

test('keys with outer whitespace, characters a header cannot carry, or fewer than 16 characters are refused at construction', () => {
  const cases = {
    'leading space': ' key',
    'trailing newline': 'key\n',
    'long, leading space': ` ${LONG_KEY}`,
    'long, trailing space': `${LONG_KEY} `,
    'long, trailing tab': `${LONG_KEY}\t`,
    'long, trailing newline': `${LONG_KEY}\n`,
    'with é': `${LONG_KEY.slice(0, 100)}é${LONG_KEY.slice(100)}`,
    'with €': `${LONG_KEY.slice(0, 100)}€${LONG_KEY.slice(100)}`,
    'with an emoji': `${LONG_KEY}😀`,
    'one character': 'a',
    '15 characters': 'IST.abcdefghijk',
  };
  for (const [name, apiKey] of Object.entries(cases)) {
    const error = (() => {
      try {
        new ResellersClient({ apiKey, accountId: seed.resellerAccountId });
      } catch (error) {
        return error;
      }
      return assert.fail(`${name}: accepted`);
    })();
    assert.ok(error instanceof ResellersError, name);
    assert.equal(error.code, 'INVALID_CONFIG', `${name}: ${error.message}`);
    assert.ok(!error.message.includes(JSON.stringify(apiKey)), `${name}: ${error.message}`);
    if (apiKey.trim().length >= 8) assert.ok(!error.message.includes(apiKey.trim()), `${name}: ${error.message}`);
    if (apiKey.length >= WINDOW) assertNoPiece(error, apiKey, name);
  }
  for (const [name, apiKey] of Object.entries({ 'outer whitespace': ' key', 'non-ASCII': 'IST.é-0123456789abcdef', short: 'a' })) {
    try {
      new ResellersClient({ apiKey, accountId: seed.resellerAccountId });
    } catch (error) {
      assert.match(error.message, { 'outer whitespace': /whitespace/, 'non-ASCII': /header/, short: /16/ }[name], name);
    }
  }
  assert.ok(new ResellersClient({ apiKey: 'x'.repeat(16), accountId: seed.resellerAccountId }), '16 characters are enough');
});

test('the seed keys keep working', async () => {
  const sandbox = new Sandbox({ seed: true });
  try {
    for (const [apiKey, accountId] of [
      [seed.resellerKey, seed.resellerAccountId],
      [seed.otherResellerKey, seed.otherResellerAccountId],
    ]) {
      const client = new ResellersClient({ apiKey, accountId, fetch: sandbox.fetch });
      assert.ok(Array.isArray((await client.queryPackages({})).packages ?? []), apiKey);
    }
  } finally {
    sandbox.free();
  }
});

/** The message split into sentences; each must end with a period. */
function sentences(message) {
  const parts = message.split(/(?<=\.) (?=[A-Z])/);
  for (const part of parts) assert.match(part, /\.$/, `a sentence that does not end with a period: ${JSON.stringify(part)} in ${message}`);
  return parts;
}

test('a refused connection is a network error that says nothing was sent, in two proper sentences', async () => {
  const closed = http.createServer();
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address();
  await new Promise((resolve) => closed.close(resolve));
  const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
  for (const [call, run] of [
    ['cancelPackage', () => client.cancelPackage(GUID)],
    ['getPackage', () => client.getPackage(GUID)],
    ['cancelPackage, retried', () => client.cancelPackage(GUID, { maxRetries: 1 })],
  ]) {
    const error = await rejection(run());
    assert.equal(error.code, 'NETWORK_ERROR', `${call}: ${error.message}`);
    assert.match(error.message, /ECONNREFUSED/, call);
    assert.match(error.message, /nothing was sent/i, `${call}: ${error.message}`);
    assert.doesNotMatch(error.message, /outcome is unknown/i, `${call}: ${error.message}`);
    assert.equal(sentences(error.message).length, 2, `${call}: ${error.message}`);
  }
});

test('a connection reset after sending says the outcome is unknown, in separate sentences', async () => {
  const server = http.createServer((request) => request.socket.destroy());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl: `http://127.0.0.1:${server.address().port}`, maxRetries: 0 });
    const error = await rejection(client.cancelPackage(GUID));
    assert.equal(error.code, 'NETWORK_ERROR', error.message);
    assert.doesNotMatch(error.message, /nothing was sent/i);
    assert.match(error.message, /\. The outcome is unknown: retry with idempotencyKey/, error.message);
    assert.equal(sentences(error.message).length, 3, error.message);
  } finally {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("a network error's cause, a copy of what fetch threw, holds no piece of the key, wherever it quoted it", async () => {
  for (const [name, key] of Object.entries(KEYS)) {
    const client = new ResellersClient({
      apiKey: key,
      accountId: seed.resellerAccountId,
      maxRetries: 0,
      fetch: async () => {
        const inner = Object.assign(new Error(`connect to ${key.slice(0, 100)}`), { code: key.slice(50, 120) });
        const middle = new TypeError(`${key.slice(120)} was refused`, { cause: inner });
        middle.name = `Proxy${key.slice(30, 90)}`;
        throw new Error(`fetch failed with ${key}`, { cause: middle });
      },
    });
    for (const [call, run] of [
      ['getPackage', () => client.getPackage(GUID)],
      ['cancelPackage', () => client.cancelPackage(GUID)],
      ['iteratePackages', () => client.iteratePackages({}).next()],
    ]) {
      const error = await rejection(run());
      assert.equal(error.code, 'NETWORK_ERROR', `${name} key, ${call}: ${error.message}`);
      assert.ok(error.cause?.cause?.cause instanceof Error, `${name} key, ${call}: the chain is kept`);
      assertNoPiece(error, key, `${name} key, ${call}`);
    }
  }
});
