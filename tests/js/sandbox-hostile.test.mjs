// Hostile input against the sandbox's fronts (issue 11), on the packed and
// installed package: a fault that would put a bad header on the wire, inputs
// `fetch` cannot turn into a request, abort signals during injected delays,
// request bodies far over the limit, and HTTP that node:http cannot parse.
// Every front must answer (a Wix-shaped error where it can), keep serving,
// and leave no timer or uncaught exception behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';
import { REQUEST_ID, Sandbox, seed, startSandboxServer } from './helpers/api-fronts.mjs';
import { launchSandboxBin } from './helpers/cli.mjs';
import { statusOf } from './helpers/error-codes.mjs';

const API = '/resellers/v1/packages/query';
const AUTH = { authorization: seed.resellerKey, 'wix-account-id': seed.resellerAccountId, 'content-type': 'application/json' };
const MIB = 1024 * 1024;

/** Header values node:http refuses to write (ERR_INVALID_CHAR) or that would split the header. */
const BAD_RETRY_AFTER = ['5 €', '\u0100', '1\r\nx-injected: yes', '2\n', 'a\u0000b'];

/** Settles `promise` or fails after `ms` (the guard timer is always cleared). */
async function within(ms, promise, what) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn` while recording uncaught exceptions and unhandled rejections; returns what was seen. */
async function watchingUncaught(fn) {
  const seen = [];
  const record = (error) => seen.push(error);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  try {
    await fn();
    // Let anything thrown from a queued task or microtask surface before we look.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  }
  return seen;
}

const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/** Posts a fault over HTTP; resolves with status and parsed body. */
async function postFault(url, fault) {
  const response = await fetch(`${url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  return { status: response.status, requestId: response.headers.get('x-wix-request-id'), body: await response.json() };
}

function assertRetryAfterViolation(answer, value) {
  assert.equal(answer.status, 400, `${JSON.stringify(value)} was armed: ${JSON.stringify(answer.body)}`);
  assert.match(answer.requestId ?? '', REQUEST_ID);
  assert.equal(typeof answer.body.message, 'string');
  const violations = answer.body.details?.validationError?.fieldViolations;
  assert.ok(Array.isArray(violations), JSON.stringify(answer.body));
  assert.ok(violations.some((v) => v.field === 'retryAfter'), JSON.stringify(violations));
}

/** An API request that must be answered normally (200) by a server that is still serving. */
async function assertServes(url) {
  const response = await within(5000, fetch(`${url}${API}`, { method: 'POST', headers: AUTH, body: '{"query":{}}' }), 'an API request');
  assert.equal(response.status, 200);
  assert.ok(Array.isArray((await response.json()).packages));
}

/** Reads a raw HTTP/1.1 answer: status, lower-cased headers, body text. */
function parseHttp(text) {
  const end = text.indexOf('\r\n\r\n');
  assert.ok(end > 0, `no complete HTTP head in ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: text.slice(end + 4) };
}

/** Sends `bytes` on a fresh socket and collects the whole answer until the server closes (bounded). */
function rawExchange(port, bytes, ms = 5000) {
  return within(
    ms,
    new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk) => (text += chunk));
      socket.on('error', () => {}); // a reset after the answer: the answer is what counts
      socket.on('close', () => resolve(text));
      socket.write(bytes);
    }),
    'a raw exchange',
  );
}

/** Every answer's `x-wix-request-id` has Wix's form: the engine's, and those the HTTP front (server.cjs) makes itself. */
function assertWixAnswer(answer, code, requestId = REQUEST_ID) {
  assert.equal(answer.status, statusOf(code), JSON.stringify(answer));
  assert.match(answer.headers['x-wix-request-id'] ?? '', requestId);
  assert.match(answer.headers['content-type'] ?? '', /application\/json/);
  const body = JSON.parse(answer.body);
  assert.deepEqual(Object.keys(body).sort(), ['details', 'message']);
  assert.equal(body.details.applicationError.code, code);
  return body;
}

// --- 1. retryAfter that no header can carry: refused when armed -------------

test('injectFault refuses a retryAfter no HTTP header can carry, and the fault is not armed', async () => {
  const sandbox = new Sandbox({});
  try {
    for (const value of BAD_RETRY_AFTER) {
      assert.throws(() => sandbox.injectFault({ times: 1, status: 503, retryAfter: value }), /HTTP 400/, JSON.stringify(value));
      const response = await sandbox.fetch('http://sandbox.test/_sandbox/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ times: 1, status: 503, retryAfter: value }),
      });
      assertRetryAfterViolation({ status: response.status, requestId: response.headers.get('x-wix-request-id'), body: await response.json() }, value);
    }
    const response = await sandbox.fetch(`http://sandbox.test${API}`, { method: 'POST', headers: AUTH, body: '{"query":{}}' });
    assert.equal(response.status, 200, 'no fault was armed');
    // A well-formed one is still accepted.
    assert.equal(sandbox.injectFault({ times: 1, status: 503, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' }).retryAfter, 'Wed, 21 Oct 2015 07:28:00 GMT');
  } finally {
    sandbox.free();
  }
});

test('POST /_sandbox/faults with a bad retryAfter is a 400 and the server keeps serving', async () => {
  const server = await startSandboxServer({ port: 0, host: '127.0.0.1' });
  try {
    for (const value of BAD_RETRY_AFTER) assertRetryAfterViolation(await postFault(server.url, { times: 1, status: 503, retryAfter: value }), value);
    await assertServes(server.url);
  } finally {
    await server.close();
  }
});

test('the CLI server refuses a bad retryAfter and keeps serving (no ERR_INVALID_CHAR crash)', async () => {
  const { child, url, exited, errors } = await launchSandboxBin(['--port', '0', '--quiet']);
  let exitedEarly = false;
  exited.then(() => (exitedEarly = true));
  try {
    assertRetryAfterViolation(await postFault(url, { times: 1, status: 503, retryAfter: '5 €' }), '5 €');
    await assertServes(url);
    await assertServes(url);
    assert.equal(exitedEarly, false, `the server died: ${errors()}`);
  } finally {
    child.kill('SIGTERM');
    await within(10_000, exited, 'the CLI stopping');
  }
});

// --- 1b. a status no front can deliver: refused when armed -----------------

/** 1xx are interim answers: over HTTP a 100 drops the socket and 101-103 hang fetch; `new Response` refuses them. */
const BAD_STATUS = [0, 99, 100, 101, 102, 103, 199, 600, 999];

function assertStatusViolation(answer, status) {
  assert.equal(answer.status, 400, `status ${status} was armed: ${JSON.stringify(answer.body)}`);
  assert.match(answer.requestId ?? '', REQUEST_ID);
  assert.equal(typeof answer.body.message, 'string');
  const violations = answer.body.details?.validationError?.fieldViolations;
  assert.ok(Array.isArray(violations), JSON.stringify(answer.body));
  assert.ok(violations.some((v) => v.field === 'status'), JSON.stringify(violations));
}

test('a fault status below 200 or above 599 is refused at arming, in-process and over HTTP', async () => {
  const sandbox = new Sandbox({});
  try {
    for (const status of BAD_STATUS) {
      assert.throws(() => sandbox.injectFault({ times: 1, status }), /HTTP 400/, String(status));
      const response = await sandbox.fetch('http://sandbox.test/_sandbox/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ times: 1, status }),
      });
      assertStatusViolation({ status: response.status, requestId: response.headers.get('x-wix-request-id'), body: await response.json() }, status);
    }
    const faults = await (await sandbox.fetch('http://sandbox.test/_sandbox/faults')).json();
    assert.deepEqual(faults.faults, [], 'nothing was armed');
    const response = await within(1000, sandbox.fetch(`http://sandbox.test${API}`, { method: 'POST', headers: AUTH, body: '{"query":{}}' }), 'an API call');
    assert.equal(response.status, 200);
    assert.equal(sandbox.injectFault({ times: 1, status: 200 }).status, 200);
  } finally {
    sandbox.free();
  }
  const server = await startSandboxServer({ port: 0, host: '127.0.0.1' });
  try {
    for (const status of BAD_STATUS) assertStatusViolation(await postFault(server.url, { times: 1, status }), status);
    await assertServes(server.url);
  } finally {
    await server.close();
  }
});

test('sandbox.fetch rejects with a TypeError, not a RangeError, when an answer cannot become a Response', async () => {
  // The bare JS of sandbox.fetch (src/js/sandbox_fetch.mjs, no imports) over
  // an engine that answers what the real one refuses to arm.
  const { sandboxFetch } = await import('../../src/js/sandbox_fetch.mjs');
  for (const [status, headers] of [
    [101, []],
    [199, []],
    [42, []],
    [600, []],
    [200, ['bad name', 'x']],
  ]) {
    const fetch = sandboxFetch(() => ({ status, headers, body: new Uint8Array(), delayMs: 0, reset: false }));
    const error = await within(1000, fetch('http://sandbox.test/x').then(() => assert.fail('resolved'), (e) => e), `status ${status}`);
    assert.ok(error instanceof TypeError, `${status} ${headers}: ${error}`);
    assert.match(error.message, /^fetch failed/);
  }
});

test('the HTTP front turns an unwritable header from the engine into a Wix-shaped 500 and keeps serving', async () => {
  let calls = 0;
  const engine = {
    handleRaw() {
      calls += 1;
      const headers = ['content-type', 'application/json', 'x-wix-request-id', '00000000-0000-4000-8000-000000000001'];
      if (calls === 1) headers.push('retry-after', '5 €');
      return { status: 503, headers, body: new TextEncoder().encode('{"message":"","details":{}}'), delayMs: 0, reset: false };
    },
  };
  const seen = await watchingUncaught(async () => {
    const server = await startSandboxServer({ sandbox: engine, port: 0, host: '127.0.0.1' });
    try {
      const first = await within(5000, fetch(`${server.url}/x`), 'the first request');
      assert.equal(first.status, 500);
      const body = await first.json();
      assert.equal(body.details.applicationError.code, 'SANDBOX_ENGINE_ERROR');
      assert.match(first.headers.get('x-wix-request-id') ?? '', REQUEST_ID, "the front's own 500 has a Wix request id");
      const second = await within(5000, fetch(`${server.url}/x`), 'the second request');
      assert.equal(second.status, 503, 'still serving');
      await second.arrayBuffer();
    } finally {
      await server.close();
    }
  });
  assert.deepEqual(seen, []);
});

// --- 3. inputs fetch cannot turn into a request ------------------------------

test('sandbox.fetch(null), fetch() and a throwing toString reject with a TypeError, never throw or escape', async () => {
  const sandbox = new Sandbox({});
  try {
    const inputs = [
      ['null', [null]],
      ['no arguments', []],
      ['a throwing toString', [{ toString() { throw new Error('toString exploded'); } }]],
      ['a throwing init getter', ['http://sandbox.test/_sandbox/catalog', { get method() { throw new Error('getter exploded'); } }]],
    ];
    const seen = await watchingUncaught(async () => {
      for (const [name, args] of inputs) {
        let promise;
        assert.doesNotThrow(() => (promise = sandbox.fetch(...args)), `${name}: no synchronous throw`);
        assert.ok(promise instanceof Promise, name);
        const error = await within(2000, promise.then(() => assert.fail(`${name}: resolved`), (e) => e), name);
        assert.ok(error instanceof TypeError, `${name}: ${error?.stack ?? error}`);
      }
    });
    assert.deepEqual(seen, [], 'no uncaught exception or unhandled rejection');
    const after = await sandbox.fetch('http://sandbox.test/_sandbox/catalog');
    assert.equal(after.status, 200, 'the sandbox still answers');
  } finally {
    sandbox.free();
  }
});

// --- 4. abort signals --------------------------------------------------------

test('an already-aborted signal rejects at once with an AbortError and sends nothing', async () => {
  const sandbox = new Sandbox({});
  try {
    sandbox.injectFault({ times: 1, status: 503 });
    const controller = new AbortController();
    controller.abort();
    for (const call of [
      () => sandbox.fetch(`http://sandbox.test${API}`, { method: 'POST', headers: AUTH, body: '{}', signal: controller.signal }),
      () => sandbox.fetch(new Request(`http://sandbox.test${API}`, { method: 'POST', headers: AUTH, body: '{}', signal: controller.signal })),
    ]) {
      const error = await within(1000, call().then(() => assert.fail('resolved'), (e) => e), 'an aborted call');
      assert.ok(error instanceof DOMException, String(error));
      assert.equal(error.name, 'AbortError');
    }
    const response = await sandbox.fetch(`http://sandbox.test${API}`, { method: 'POST', headers: AUTH, body: '{"query":{}}' });
    assert.equal(response.status, 503, 'the armed fault was not consumed: the aborted calls never reached the engine');
  } finally {
    sandbox.free();
  }
});

for (const where of ['init.signal', 'the Request input']) {
  test(`an abort during a delayMs fault rejects at once and leaves no timer (${where})`, async () => {
    const sandbox = new Sandbox({});
    try {
      sandbox.injectFault({ times: 1, delayMs: 60_000 });
      const before = timeouts();
      const controller = new AbortController();
      const url = `http://sandbox.test${API}`;
      const init = { method: 'POST', headers: AUTH, body: '{"query":{}}', signal: controller.signal };
      const call = where === 'init.signal' ? sandbox.fetch(url, init) : sandbox.fetch(new Request(url, init));
      const outcome = call.then(() => assert.fail('resolved'), (e) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = performance.now();
      controller.abort();
      const error = await within(1000, outcome, 'the aborted delayed call');
      assert.ok(performance.now() - started < 1000);
      assert.ok(error instanceof DOMException, String(error));
      assert.equal(error.name, 'AbortError');
      assert.equal(timeouts(), before, `a timer outlived the call: ${process.getActiveResourcesInfo()}`);
    } finally {
      sandbox.free();
    }
  });
}

test('a signal whose addEventListener throws, met during a delayMs fault: the call settles, no timer is left', async () => {
  const sandbox = new Sandbox({});
  try {
    sandbox.injectFault({ times: 1, delayMs: 60_000 });
    const before = timeouts();
    let listenCalls = 0;
    const fake = {
      aborted: false,
      reason: undefined,
      addEventListener() {
        listenCalls += 1;
        throw new Error('no listeners here');
      },
      removeEventListener() {},
    };
    // Given as init.signal, Node's Request constructor would call the fake's
    // addEventListener itself and throw before the engine runs. A Request
    // whose signal getter answers the fake reaches the engine, so the fault
    // fires and the sandbox's abortable delay is what meets the throw.
    class FakeSignalRequest extends Request {
      get signal() {
        return /** @type {AbortSignal} */ (/** @type {unknown} */ (fake));
      }
    }
    const request = new FakeSignalRequest(`http://sandbox.test${API}`, { method: 'POST', headers: AUTH, body: '{"query":{}}' });
    assert.equal(request.signal, fake);
    let error;
    const seen = await watchingUncaught(async () => {
      const outcome = sandbox.fetch(request).then(() => assert.fail('resolved'), (e) => e);
      error = await within(1000, outcome, 'the delayed call');
    });
    assert.deepEqual(seen, []);
    assert.ok(error instanceof TypeError, String(error));
    assert.equal(listenCalls, 1, 'the delay asked the signal for a listener once');
    assert.equal(timeouts(), before, `a timer outlived the call: ${process.getActiveResourcesInfo()}`);
    // The engine ran: the fault was consumed, and the next request is answered at once.
    const faults = await (await sandbox.fetch('http://sandbox.test/_sandbox/faults')).json();
    assert.deepEqual(faults.faults, [], 'the delayMs fault was consumed');
    const next = await within(1000, sandbox.fetch(`http://sandbox.test${API}`, { method: 'POST', headers: AUTH, body: '{"query":{}}' }), 'the next call');
    assert.equal(next.status, 200);
  } finally {
    sandbox.free();
  }
});

// --- 5. bodies over the limit ------------------------------------------------

test('a 6 MiB body is a Wix-shaped 413 with connection: close', async () => {
  const server = await startSandboxServer({ port: 0, host: '127.0.0.1' });
  try {
    const response = await within(10_000, fetch(`${server.url}/resellers/v2/packages`, { method: 'POST', headers: AUTH, body: 'x'.repeat(6 * MIB) }), 'the 6 MiB request');
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('connection'), 'close');
    assert.match(response.headers.get('x-wix-request-id') ?? '', REQUEST_ID);
    const body = await response.json();
    assert.equal(body.details.applicationError.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(typeof Sandbox.maxBodyBytes, 'number');
    assert.equal(body.details.applicationError.data.limit, Sandbox.maxBodyBytes);
    await assertServes(server.url);
  } finally {
    await server.close();
  }
});

// A state snapshot is a control body the engine takes up to 64 MiB
// (MAX_STATE_BYTES), so the front reads that much for PUT /_sandbox/state:
// what GET /_sandbox/state gives can always be put back over HTTP.
test('PUT /_sandbox/state takes a snapshot over the 5 MiB body limit, up to the 64 MiB snapshot limit', async () => {
  const server = await startSandboxServer({ port: 0, host: '127.0.0.1' });
  try {
    const snapshot = await (await fetch(`${server.url}/_sandbox/state`)).text();
    const padded = snapshot + ' '.repeat(6 * MIB);
    assert.ok(padded.length > Sandbox.maxBodyBytes);
    const put = await within(10_000, fetch(`${server.url}/_sandbox/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: padded }), 'the 6 MiB PUT');
    const restored = await put.json();
    assert.equal(put.status, 200, JSON.stringify(restored));
    assert.equal(restored.bytes, Buffer.byteLength(padded));
    // Over 64 MiB: refused before a byte is read, with the snapshot limit, and the connection closed.
    const answer = parseHttp(await rawExchange(server.port, `PUT /_sandbox/state HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${64 * MIB + 1}\r\n\r\n`));
    const body = assertWixAnswer(answer, 'PAYLOAD_TOO_LARGE');
    assert.equal(body.details.applicationError.data.limit, 64 * MIB);
    assert.equal(answer.headers.connection, 'close');
    // Other control bodies keep the engine's limit.
    const catalog = await within(10_000, fetch(`${server.url}/_sandbox/catalog`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(6 * MIB) }), 'the 6 MiB catalog POST');
    assert.equal(catalog.status, 413);
    assert.equal((await catalog.json()).details.applicationError.data.limit, Sandbox.maxBodyBytes);
    await assertServes(server.url);
  } finally {
    await server.close();
  }
});

/**
 * Streams up to `totalMiB` MiB of chunked body (one reused 1 MiB buffer,
 * honouring backpressure) and stops when the server answers or closes.
 * Resolves with the answer text and how many body bytes were written.
 */
function streamHugeBody(port, totalMiB) {
  return within(
    20_000,
    new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunk = Buffer.alloc(MIB, 0x61);
      let text = '';
      let sent = 0;
      let over = false;
      const finish = () => {
        if (over) return;
        over = true;
        socket.destroy();
        resolve({ text, sent });
      };
      socket.setEncoding('latin1');
      socket.on('data', (data) => {
        text += data;
        // The whole answer is in once its JSON body is (content-length bytes after the head).
        const head = text.indexOf('\r\n\r\n');
        const length = /content-length:\s*(\d+)/i.exec(text);
        if (head > 0 && length && text.length >= head + 4 + Number(length[1])) finish();
      });
      socket.on('error', finish);
      socket.on('close', finish);
      socket.on('connect', async () => {
        socket.write(`POST /resellers/v2/packages HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${seed.resellerKey}\r\nwix-account-id: ${seed.resellerAccountId}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`);
        for (let i = 0; i < totalMiB && !over; i += 1) {
          const ok = socket.write(`${chunk.length.toString(16)}\r\n`) & socket.write(chunk) & socket.write('\r\n');
          sent += chunk.length;
          if (!ok) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
        }
        if (!over) socket.write('0\r\n\r\n');
      });
    }),
    'the huge upload',
  );
}

test('a 64 MiB chunked body is refused with a 413 long before it is all sent, and the connection is closed', async () => {
  const server = await startSandboxServer({ port: 0, host: '127.0.0.1' });
  try {
    const { text, sent } = await streamHugeBody(server.port, 64);
    const answer = parseHttp(text);
    assertWixAnswer(answer, 'PAYLOAD_TOO_LARGE');
    assert.equal(answer.headers.connection, 'close');
    assert.ok(sent < 32 * MIB, `the server read on: ${sent / MIB} MiB sent before its answer`);
    await assertServes(server.url);
  } finally {
    await server.close();
  }
});

/** Peak resident memory of a process in bytes (Linux), or null. */
function peakRss(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

// The peak RSS is read from Linux's /proc/<pid>/status (VmHWM); a machine
// without procfs (macOS, Windows) skips this one test, saying so. Where procfs
// exists, an unreadable status of the running server is a failure.
const procfs = fs.existsSync('/proc/self/status');

test('the CLI server stays within bounded memory under a 64 MiB upload', { skip: !procfs && 'no /proc/<pid>/status on this machine (peak RSS is read from procfs)' }, async () => {
  const { child, url, exited } = await launchSandboxBin(['--port', '0', '--quiet']);
  try {
    const before = peakRss(child.pid);
    assert.notEqual(before, null, `no VmHWM in /proc/${child.pid}/status: the server is not running`);
    const { text, sent } = await streamHugeBody(Number(new URL(url).port), 64);
    assertWixAnswer(parseHttp(text), 'PAYLOAD_TOO_LARGE');
    assert.ok(sent < 32 * MIB, `${sent / MIB} MiB sent before the answer`);
    const growth = peakRss(child.pid) - before;
    assert.ok(growth < 48 * MIB, `peak RSS grew by ${(growth / MIB).toFixed(1)} MiB`);
    await assertServes(url);
  } finally {
    child.kill('SIGTERM');
    await within(10_000, exited, 'the CLI stopping');
  }
});

// --- 6. HTTP node:http cannot parse -----------------------------------------

test('a malformed request line gets a Wix-shaped 400 with a JSON body', async () => {
  const server = await startSandboxServer({ port: 0, host: '127.0.0.1' });
  try {
    const answer = parseHttp(await rawExchange(server.port, 'THIS IS NOT HTTP\r\n\r\n'));
    assertWixAnswer(answer, 'BAD_REQUEST');
    assert.equal(answer.headers.connection, 'close');
    await assertServes(server.url);
  } finally {
    await server.close();
  }
});

test('a 100 KB header gets a Wix-shaped 431 with a JSON body', async () => {
  const server = await startSandboxServer({ port: 0, host: '127.0.0.1' });
  try {
    const request = `GET /_sandbox/catalog HTTP/1.1\r\nhost: 127.0.0.1\r\nx-huge: ${'h'.repeat(100 * 1024)}\r\n\r\n`;
    const answer = parseHttp(await rawExchange(server.port, request));
    assertWixAnswer(answer, 'REQUEST_HEADER_FIELDS_TOO_LARGE');
    assert.equal(answer.headers.connection, 'close');
    await assertServes(server.url);
  } finally {
    await server.close();
  }
});
