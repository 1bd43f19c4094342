// startSandboxServer, the node:http front of the sandbox, over a small
// stand-in engine: a unit test of the front's own behaviour (bytes in and
// out, delay, reset, keep-alive, close, errors), independent of the engine.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';
import { projectImport } from './helpers/package.mjs';

/** A stand-in engine implementing only `handleRaw`, recording what it saw. */
function standIn() {
  const seen = [];
  return {
    seen,
    handleRaw(method, url, headers, body) {
      seen.push({ method, url, headers, body });
      const path = new URL(url).pathname;
      if (path === '/throw') throw new Error('engine bug');
      if (path === '/reset') return { status: 200, headers: [], body: new Uint8Array(0), delayMs: 0, reset: true };
      const delayMs = path === '/slow' ? 300 : 0;
      const echo = JSON.stringify({ method, url, headers, body: new TextDecoder().decode(body) });
      return {
        status: path === '/missing' ? 404 : 200,
        headers: ['content-type', 'application/json', 'x-wix-request-id', `req-${seen.length}`],
        body: new TextEncoder().encode(echo),
        delayMs,
        reset: false,
      };
    },
  };
}

async function startWith(engine, options = {}) {
  const { startSandboxServer } = await projectImport('wix-resellers/sandbox');
  return startSandboxServer({ sandbox: engine, ...options });
}

/** One request over a given agent; resolves with status, headers, body text and whether the socket was reused. */
function request(url, { method = 'GET', body, agent, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('listens on 127.0.0.1 and a free port by default, url names both', async () => {
  const server = await startWith(standIn());
  try {
    assert.equal(server.host, '127.0.0.1');
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
  } finally {
    await server.close();
  }
});

test('hands the engine the method, absolute URL, flat raw headers and body bytes, and writes its answer', async () => {
  const engine = standIn();
  const server = await startWith(engine);
  try {
    const response = await fetch(`${server.url}/resellers/v2/packages?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'key-1', 'wix-account-id': 'acc-1' },
      body: '{"products":[]}',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-wix-request-id'), 'req-1');
    const echo = await response.json();
    assert.equal(echo.method, 'POST');
    assert.equal(echo.url, `${server.url}/resellers/v2/packages?x=1`);
    assert.equal(echo.body, '{"products":[]}');
    const [seen] = engine.seen;
    assert.ok(Array.isArray(seen.headers) && seen.headers.length % 2 === 0, 'headers are a flat list');
    const pairs = Object.fromEntries(Array.from({ length: seen.headers.length / 2 }, (_, i) => [seen.headers[2 * i].toLowerCase(), seen.headers[2 * i + 1]]));
    assert.equal(pairs.authorization, 'key-1');
    assert.equal(pairs['wix-account-id'], 'acc-1');
    assert.ok(seen.body instanceof Uint8Array);
  } finally {
    await server.close();
  }
});

test('passes the engine status through, error statuses included', async () => {
  const server = await startWith(standIn());
  try {
    const response = await fetch(`${server.url}/missing`);
    assert.equal(response.status, 404);
    await response.arrayBuffer();
  } finally {
    await server.close();
  }
});

test('a large body arrives whole', async () => {
  const engine = standIn();
  const server = await startWith(engine);
  try {
    const body = 'x'.repeat(3 * 1024 * 1024);
    const response = await fetch(`${server.url}/big`, { method: 'PUT', body });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    assert.equal(engine.seen[0].body.byteLength, body.length);
  } finally {
    await server.close();
  }
});

test('delayMs is waited out with a real timer', async () => {
  const server = await startWith(standIn());
  try {
    const started = performance.now();
    const response = await fetch(`${server.url}/slow`);
    await response.arrayBuffer();
    assert.ok(performance.now() - started >= 280, 'answered after the delay');
  } finally {
    await server.close();
  }
});

test('reset drops the connection with no answer', async () => {
  const server = await startWith(standIn());
  try {
    await assert.rejects(request(`${server.url}/reset`), (error) => ['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE'].includes(error.code) || /socket hang up/.test(error.message));
    const after = await fetch(`${server.url}/ok`);
    assert.equal(after.status, 200, 'the server goes on serving');
    await after.arrayBuffer();
  } finally {
    await server.close();
  }
});

test('an engine that throws gives a Wix-shaped 500, not a hang', async () => {
  const server = await startWith(standIn());
  try {
    const response = await fetch(`${server.url}/throw`);
    assert.equal(response.status, 500);
    const body = await response.json();
    assert.equal(body.details.applicationError.code, 'SANDBOX_ENGINE_ERROR');
    assert.match(body.details.applicationError.description, /engine bug/);
  } finally {
    await server.close();
  }
});

test('HTTP/1.1 keep-alive: consecutive requests reuse one socket', async () => {
  const server = await startWith(standIn());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await request(`${server.url}/a`, { agent });
    const second = await request(`${server.url}/b`, { agent });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(first.headers.connection, 'keep-alive');
    assert.equal(second.reused, true, 'the second request went over the first socket');
  } finally {
    agent.destroy();
    await server.close();
  }
});

test('close() resolves while a client still holds an idle keep-alive socket', async () => {
  const server = await startWith(standIn());
  const agent = new http.Agent({ keepAlive: true });
  try {
    await request(`${server.url}/a`, { agent });
    const started = performance.now();
    await server.close();
    assert.ok(performance.now() - started < 1000, 'idle sockets closed at once, not after the keep-alive timeout');
  } finally {
    agent.destroy();
  }
});

test('close() abandons a delayed answer instead of waiting for it', async () => {
  const engine = standIn();
  engine.handleRaw = () => ({ status: 200, headers: [], body: new Uint8Array(0), delayMs: 60_000, reset: false });
  const server = await startWith(engine);
  const pending = request(`${server.url}/slow`).catch((error) => error);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await server.close();
  assert.ok((await pending) instanceof Error, 'the waiting client sees the connection close');
});

test('log is called once per request with method, path, status and ms', async () => {
  const entries = [];
  const server = await startWith(standIn(), { log: (entry) => entries.push(entry) });
  try {
    await (await fetch(`${server.url}/resellers/v2/packages/abc?fields=x`)).arrayBuffer();
    await request(`${server.url}/reset`).catch(() => {});
  } finally {
    await server.close();
  }
  assert.equal(entries.length, 2);
  assert.deepEqual({ ...entries[0], ms: 0 }, { method: 'GET', path: '/resellers/v2/packages/abc?fields=x', status: 200, ms: 0 });
  assert.equal(typeof entries[0].ms, 'number');
  assert.equal(entries[1].status, 'reset');
});

test('a port in use rejects with EADDRINUSE and a message that says what to do', async () => {
  const blocker = net.createServer();
  await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    await assert.rejects(startWith(standIn(), { port: blocker.address().port }), (error) => error.code === 'EADDRINUSE' && /already in use/.test(error.message));
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('an object without handleRaw is rejected', async () => {
  await assert.rejects(startWith({}), TypeError);
});
