// Memory and time under hostile answers and inputs, on the packed package.
// An answer is read as a stream and counted after decoding: a small gzip or
// brotli bomb, or a plain body past the client's limit, ends the call with a
// `response` error (RESPONSE_TOO_LARGE, not retried) while memory stays far
// from the bomb's size; normal answers, streamed or not, still work. An
// over-long `products` list is refused from its length alone, with the
// rules' own MAX_SIZE violation, in every entry that takes a create.
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import {
  ResellersClient,
  main,
  plan,
  rejection,
  seed,
  startSandboxServer,
  validationError,
} from './helpers/api-fronts.mjs';

const { validateCreatePackage } = main;
const LIMIT = 32 * 1024 * 1024; // MAX_RESPONSE_BYTES, as the error message states it
const MB = 1024 * 1024;
const PACKAGE_ID = '828b98fb-7114-4b3c-90fd-8d0db76aa72b';

// Bombs built cheaply: gzip members may be concatenated (fetch decodes them
// all), so 32 copies of one 8 MiB member are 256 MiB of zeros in ~1 MB; a
// brotli stream of 128 MiB of zeros at quality 1 is ~25 KB and quick to make.
const GZIP_BOMB = (() => {
  const member = zlib.gzipSync(Buffer.alloc(8 * MB), { level: 1 });
  return Buffer.concat(new Array(32).fill(member));
})();
const BROTLI_BOMB = zlib.brotliCompressSync(Buffer.alloc(128 * MB), {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
});

// A tiny server that answers every request with the body and encoding the
// current test set; it counts requests, so a retry would show.
let server;
let baseUrl;
let answer = { body: Buffer.alloc(0), encoding: undefined };
let requests = 0;
before(async () => {
  server = http.createServer((request, response) => {
    requests += 1;
    response.on('error', () => {});
    request.socket.on('error', () => {});
    const headers = { 'content-type': 'application/json', 'x-wix-request-id': 'bomb-1' };
    if (answer.encoding) headers['content-encoding'] = answer.encoding;
    response.writeHead(200, headers);
    response.end(answer.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (options = {}) =>
  new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl, ...options });

/** Runs `work`, sampling RSS meanwhile: its result and the growth over the baseline, in bytes. */
async function measured(work) {
  const base = process.memoryUsage();
  let peak = base.rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const result = await work();
    const end = process.memoryUsage();
    peak = Math.max(peak, end.rss);
    return { result, rss: peak - base.rss, arrayBuffers: end.arrayBuffers - base.arrayBuffers };
  } finally {
    clearInterval(sampler);
  }
}

/** The over-limit error: kind `response`, not retried, the limit in its message. */
function assertTooLarge(error, status = 200) {
  assert.equal(error.kind, 'response', error.message);
  assert.equal(error.code, 'RESPONSE_TOO_LARGE', error.message);
  assert.equal(error.status, status);
  assert.equal(error.retryable, false);
  assert.equal(error.attempts, 1, 'an over-limit answer is not retried');
  assert.match(error.message, new RegExp(`exceeded ${LIMIT} bytes`));
}

for (const [name, body, encoding] of [
  ['a gzip bomb (1 MB that decodes to 256 MiB)', GZIP_BOMB, 'gzip'],
  ['a brotli bomb (25 KB that decodes to 128 MiB)', BROTLI_BOMB, 'br'],
]) {
  test(`${name} is refused with a response error, and memory stays bounded`, async () => {
    answer = { body, encoding };
    requests = 0;
    // Warm up the instance first, so the baseline holds it.
    await rejection(client({ maxRetries: 0 }).getPackage(PACKAGE_ID));
    requests = 0;
    const { result: error, rss, arrayBuffers } = await measured(() => rejection(client().getPackage(PACKAGE_ID)));
    assertTooLarge(error);
    assert.equal(error.requestId, 'bomb-1');
    assert.equal(requests, 1, 'sent once');
    assert.ok(rss < 200 * MB, `RSS grew by ${(rss / MB).toFixed(0)} MB`);
    assert.ok(arrayBuffers < 200 * MB, `arrayBuffers grew by ${(arrayBuffers / MB).toFixed(0)} MB`);
  });
}

/** A 200 whose body is a stream of 1 MiB chunks, `total` bytes in all, counting what was pulled. */
function streamedResponse(total) {
  const stream = { pulled: 0, cancelled: false };
  stream.response = new Response(
    new ReadableStream({
      pull(controller) {
        if (stream.pulled >= total) return controller.close();
        stream.pulled += MB;
        controller.enqueue(new Uint8Array(MB));
      },
      cancel() {
        stream.cancelled = true;
      },
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );
  return stream;
}

test('a plain over-limit body served as a stream stops being read past the limit', async () => {
  let stream;
  let sent = 0;
  const streaming = client({
    fetch: async () => {
      sent += 1;
      stream = streamedResponse(256 * MB);
      return stream.response;
    },
  });
  const { result: error, rss } = await measured(() => rejection(streaming.getPackage(PACKAGE_ID)));
  assertTooLarge(error);
  assert.equal(sent, 1);
  assert.ok(stream.cancelled, 'the body stream is cancelled');
  assert.ok(stream.pulled <= LIMIT + 4 * MB, `${stream.pulled} bytes were pulled`);
  assert.ok(rss < 200 * MB, `RSS grew by ${(rss / MB).toFixed(0)} MB`);
});

test('an over-limit error answer is refused the same way, not retried', async () => {
  let sent = 0;
  const failing = client({
    fetch: async () => {
      sent += 1;
      return new Response(new Uint8Array(LIMIT + 1), { status: 503 });
    },
  });
  assertTooLarge(await rejection(failing.getPackage(PACKAGE_ID)), 503);
  assert.equal(sent, 1);
});

/** A response-like object without a body stream (some custom fetches): read with arrayBuffer(). */
const bodyless = (bytes, status = 200) => ({
  status,
  headers: new Headers({ 'content-type': 'application/json' }),
  arrayBuffer: async () => bytes.buffer,
});

test('a custom fetch without a body stream: an over-limit body is refused without reaching the client', async () => {
  const fake = client({ fetch: async () => bodyless(new Uint8Array(LIMIT + 1)) });
  assertTooLarge(await rejection(fake.getPackage(PACKAGE_ID)));
});

test('normal answers still work, streamed (real fetch) and without a body stream', async () => {
  const sandboxServer = await startSandboxServer();
  try {
    const real = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl: sandboxServer.url });
    const { package: created } = await real.createPackageV2({ products: [plan()] });
    const got = await real.getPackage(created.id);
    assert.equal(got.id, created.id);

    const text = JSON.stringify({ package: got });
    const fake = client({ fetch: async () => bodyless(new TextEncoder().encode(text)) });
    assert.equal((await fake.getPackage(created.id)).id, created.id);
    // Many small chunks are joined in order.
    const chunked = client({
      fetch: async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (const piece of text.match(/[^]{1,7}/g)) controller.enqueue(new TextEncoder().encode(piece));
              controller.close();
            },
          }),
          { status: 200 },
        ),
    });
    assert.deepEqual(await chunked.getPackage(created.id), got);
  } finally {
    await sandboxServer.close();
  }
});

const MANY = 1_000_000;
const manyProducts = () => new Array(MANY).fill(plan());
/** The rules' own violation for `count` products (computed, for 1001, by the same rules). */
const maxSize = (count) => ({
  field: 'products',
  violatedRule: 'MAX_SIZE',
  description: `${count} products were given; a package holds at most 1000`,
});

test('the max-products violation is the rules\' own (1001 products)', () => {
  const result = validateCreatePackage({ products: new Array(1001).fill(plan()) });
  assert.deepEqual(result, { valid: false, fieldViolations: [maxSize(1001)] });
});

test('validateCreatePackage refuses 1,000,000 products without walking them', { timeout: 60_000 }, () => {
  const started = performance.now();
  const result = validateCreatePackage({ products: manyProducts(), externalId: 'order-1' });
  const elapsed = performance.now() - started;
  assert.deepEqual(result, { valid: false, fieldViolations: [maxSize(MANY)] });
  assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
  // Top-level rules still apply beside it.
  const both = validateCreatePackage({ products: manyProducts(), externalId: '' });
  assert.deepEqual(
    both.fieldViolations.map((violation) => [violation.field, violation.violatedRule]),
    [['externalId', 'MIN_LENGTH'], ['products', 'MAX_SIZE']],
  );
});

test('a request whose toJSON gives 1,000,000 products is refused from the length too', { timeout: 60_000 }, () => {
  // A model object (an ORM row, a class with toJSON): judged by what it sends.
  let calls = 0;
  const products = manyProducts();
  const order = { toJSON: () => ((calls += 1), { products, externalId: 'order-1' }) };
  const started = performance.now();
  const result = validateCreatePackage(order);
  const elapsed = performance.now() - started;
  assert.deepEqual(result, { valid: false, fieldViolations: [maxSize(MANY)] });
  assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
  assert.ok(calls >= 1 && calls <= 2, `toJSON ran ${calls} times`);
});

for (const method of ['createPackageV2', 'createPackage']) {
  test(`${method} refuses 1,000,000 products at once and sends nothing`, { timeout: 60_000 }, async () => {
    let sent = 0;
    const counting = client({
      fetch: async () => {
        sent += 1;
        throw new Error('nothing may be sent');
      },
    });
    const started = performance.now();
    const error = await validationError(counting[method]({ products: manyProducts() }));
    const elapsed = performance.now() - started;
    assert.deepEqual(
      error.fieldViolations.map(({ field, violatedRule, description }) => ({ field, violatedRule, description })),
      [maxSize(MANY)],
    );
    assert.equal(sent, 0);
    assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
  });
}
