'use strict';
// The local HTTP front of the sandbox: a plain node:http server over the
// engine's one entry point, `sandbox.handleRaw(method, url, headers, body)`.
// All API behaviour lives in the engine; this file only moves bytes, honours
// the engine's `delayMs` with a real timer and its `reset` by destroying the
// socket without an answer (how the fault injection reaches a real client).
// Hostile input never takes it down: a body over the engine's limit is not
// read on (413, then the connection closes), HTTP node:http cannot parse gets
// a Wix-shaped 400/431, and an engine that throws or an answer node:http
// refuses to write (a bad header value) becomes a Wix-shaped 500.
// With `state: FILE` the world is kept in FILE (state-file.cjs): written
// after each request that may have changed it, before the answer goes out.
const http = require('node:http');
const { randomInt } = require('node:crypto');
const { openStateFile, MAX_STATE_BYTES } = require('./state-file.cjs');

/**
 * A request ID in Wix's form, `<Unix seconds>.<18 digits>`
 * (`1734427301.191556792796277844`), the form the engine gives its own
 * answers: for the answers the front makes itself (the engine never saw the
 * request, or failed). Wall-clock seconds and random digits: not drawn from
 * the engine's ID sequence, which only the engine may move.
 */
function requestId() {
  const nine = () => String(randomInt(1e9)).padStart(9, '0');
  return `${Math.floor(Date.now() / 1000)}.${nine()}${nine()}`;
}

/** `http://host:port`, with IPv6 literals bracketed. */
function originOf(host, port) {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Path and query of a request target, also for the absolute form (`GET http://h/p`). */
function pathOf(target) {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return url.pathname + url.search;
  } catch {
    return '/';
  }
}

function describe(error) {
  try {
    return error && error.message ? String(error.message) : String(error);
  } catch {
    return 'an unprintable error';
  }
}

/** A Wix application error body of the front's own (the engine never saw the request). */
function wixError(code, description) {
  return JSON.stringify({ message: description, details: { applicationError: { code, description, data: {} } } });
}

/** A Wix-shaped 500 for an engine that threw: the client sees a server error, not a hang. */
function engineFailure(error) {
  return {
    status: 500,
    headers: ['content-type', 'application/json', 'x-wix-request-id', requestId()],
    body: new TextEncoder().encode(wixError('SANDBOX_ENGINE_ERROR', `the sandbox engine failed: ${describe(error)}`)),
    delayMs: 0,
    reset: false,
  };
}

/**
 * The answer to a request whose change could not be written to the state
 * file: a 500, so that no write is acknowledged that a crash could lose.
 * The change stays in memory and the file is written again at the next request.
 */
function stateNotSaved(error) {
  return {
    status: 500,
    headers: ['content-type', 'application/json', 'x-wix-request-id', requestId()],
    body: new TextEncoder().encode(
      wixError('SANDBOX_STATE_NOT_SAVED', `the sandbox could not write its state file: ${describe(error)}; the change is kept in memory only`),
    ),
    delayMs: 0,
    reset: false,
  };
}

/**
 * The engine's 413 when it has one (the same body the engine gives), else the
 * front's own; always the front's own for a `limit` other than the engine's
 * (a state snapshot's), which the engine's body would misstate.
 */
function tooLarge(engine, limit, engineLimit = limit) {
  if (limit === engineLimit && typeof engine.payloadTooLarge === 'function') {
    try {
      return engine.payloadTooLarge();
    } catch {}
  }
  return {
    status: 413,
    headers: ['content-type', 'application/json', 'x-wix-request-id', requestId()],
    body: new TextEncoder().encode(
      JSON.stringify({
        message: `The request body is larger than ${limit} bytes.`,
        details: { applicationError: { code: 'PAYLOAD_TOO_LARGE', description: `The request body is larger than ${limit} bytes.`, data: { limit } } },
      }),
    ),
    delayMs: 0,
    reset: false,
  };
}

/**
 * The body limit: the engine's own (`Sandbox.maxBodyBytes`, one constant in
 * the Rust engine), from the engine given or the build's class; none for a
 * stand-in engine in a build without the class.
 */
function bodyLimit(engine, SandboxClass) {
  for (const source of [engine, engine && engine.constructor, SandboxClass]) {
    const limit = source ? source.maxBodyBytes : undefined;
    if (Number.isSafeInteger(limit) && limit >= 0) return limit;
  }
  return Infinity;
}

/** What the front answers to HTTP node:http could not parse (`clientError`). */
const CLIENT_ERRORS = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'REQUEST_HEADER_FIELDS_TOO_LARGE', 'The request headers are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'The request took too long to arrive.'],
};
const BAD_REQUEST = [400, 'Bad Request', 'BAD_REQUEST', 'The request is not valid HTTP/1.1'];

function clientErrorResponse(error) {
  const [status, reason, code, description] = CLIENT_ERRORS[error && error.code] || BAD_REQUEST;
  const detail = error && error.code && !CLIENT_ERRORS[error.code] ? `${description} (${error.code}).` : description;
  const body = Buffer.from(wixError(code, detail));
  return Buffer.concat([
    Buffer.from(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\nx-wix-request-id: ${requestId()}\r\n` +
        `content-length: ${body.byteLength}\r\nconnection: close\r\n\r\n`,
    ),
    body,
  ]);
}

/**
 * True for `PUT /_sandbox/state` (methods match case-insensitively and the
 * path exactly, as the engine routes them): its body is a whole snapshot,
 * which the engine takes up to `MAX_STATE_BYTES` (64 MiB), so the front reads
 * that much for it. What `GET /_sandbox/state` gave can then always be put
 * back over HTTP. Every other request keeps the engine's `maxBodyBytes`.
 */
function isStatePut(method, target) {
  return String(method).toUpperCase() === 'PUT' && pathOf(target).split('?')[0] === '/_sandbox/state';
}

function hasHeader(flat, name) {
  for (let i = 0; i < flat.length; i += 2) if (String(flat[i]).toLowerCase() === name) return true;
  return false;
}

/**
 * Returns `startSandboxServer` bound to the build's `Sandbox` class (undefined
 * in a build without the engine: then a `sandbox` option must be given).
 */
function createStartSandboxServer(SandboxClass) {
  return function startSandboxServer(options = {}) {
    const { port = 0, host = '127.0.0.1', log } = options;
    let engine = options.sandbox;
    if (engine === undefined) {
      if (typeof SandboxClass !== 'function') {
        return Promise.reject(new Error('this build of wix-resellers/sandbox has no Sandbox engine; pass { sandbox }'));
      }
      engine = new SandboxClass({});
    }
    if (!engine || typeof engine.handleRaw !== 'function') {
      return Promise.reject(new TypeError('startSandboxServer: options.sandbox must have a handleRaw method'));
    }
    let stateFile;
    if (options.state !== undefined) {
      if (typeof options.state !== 'string' || options.state === '') {
        return Promise.reject(new TypeError('startSandboxServer: options.state must be a file path'));
      }
      try {
        stateFile = openStateFile(engine, options.state);
      } catch (error) {
        return Promise.reject(error);
      }
    }

    const limit = bodyLimit(engine, SandboxClass);
    let origin = '';
    let closing = false;
    const sockets = new Set();
    const busy = new Set(); // sockets with a request in progress (reading the body or waiting out a delay)
    const timers = new Set();
    const writing = new Set(); // sockets flushing an answer: close() lets them finish

    const server = http.createServer((req, res) => {
      const started = process.hrtime.bigint();
      const socket = req.socket;
      busy.add(socket);
      const done = (status) => {
        busy.delete(socket);
        writing.delete(socket);
        if (closing) socket.destroy();
        if (log) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          log({ method: req.method, path: pathOf(req.url), status, ms });
        }
      };
      let refused;
      /** Writes an answer; one node:http refuses (a header value, a status) becomes a 500. */
      const write = (answer, { close = false } = {}) => {
        for (const attempt of [answer, null]) {
          const current = attempt || engineFailure(new Error(`node:http could not write the engine's answer: ${describe(refused)}`));
          const headers = Array.from(current.headers || [], String);
          const payload = current.body ? Buffer.from(current.body.buffer, current.body.byteOffset, current.body.byteLength) : Buffer.alloc(0);
          if (!hasHeader(headers, 'content-length') && !hasHeader(headers, 'transfer-encoding')) {
            headers.push('content-length', String(payload.byteLength));
          }
          if (close) headers.push('connection', 'close');
          if (closing || close) res.shouldKeepAlive = false;
          try {
            res.writeHead(current.status, headers);
          } catch (error) {
            refused = error;
            // writeHead checks everything before it keeps anything, so the 500 can follow.
            continue;
          }
          writing.add(socket);
          res.end(payload, () => done(current.status));
          return;
        }
        socket.destroy();
        done('error');
      };
      const cap = isStatePut(req.method, req.url) ? Math.max(limit, MAX_STATE_BYTES) : limit;
      const contentLength = Number(req.headers['content-length']);
      if (contentLength > cap) {
        // Known to be too large before a byte is read: answer, read nothing, close.
        req.pause();
        write(tooLarge(engine, cap, limit), { close: true });
        return;
      }
      const chunks = [];
      let received = 0;
      let refusedBody = false;
      req.on('data', (chunk) => {
        if (refusedBody) return;
        received += chunk.length;
        if (received > cap) {
          // Stop here: drop what was kept, read no more, answer, and close once it is written.
          refusedBody = true;
          chunks.length = 0;
          req.pause();
          write(tooLarge(engine, cap, limit), { close: true });
          return;
        }
        chunks.push(chunk);
      });
      req.on('error', () => busy.delete(socket));
      req.on('end', () => {
        if (refusedBody) return;
        const buffer = Buffer.concat(chunks);
        chunks.length = 0;
        const body = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
        let answer;
        try {
          answer = engine.handleRaw(req.method, origin + pathOf(req.url), req.rawHeaders, body);
        } catch (error) {
          answer = engineFailure(error);
        }
        // Before anything is sent, so an answer is never ahead of the file.
        const unsaved = stateFile && stateFile.afterRequest(String(req.method).toUpperCase());
        if (unsaved) answer = stateNotSaved(unsaved);
        const respond = () => {
          if (answer.reset) {
            socket.destroy();
            done('reset');
            return;
          }
          write(answer);
        };
        const delay = Number(answer.delayMs) || 0;
        if (delay > 0) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            respond();
          }, delay);
          timers.add(timer);
        } else {
          respond();
        }
      });
    });
    server.keepAliveTimeout = 5000;
    // Node's own answer to unparseable HTTP is a bare 400/431; ours has the Wix
    // shape. Only where an answer cannot corrupt the stream: the socket is
    // writable and no answer of this socket's has begun.
    server.on('clientError', (error, socket) => {
      if (error && error.code === 'ECONNRESET') {
        socket.destroy();
        return;
      }
      const inFlight = socket._httpMessage;
      if (!socket.writable || (inFlight && inFlight.headersSent)) {
        socket.destroy(error);
        return;
      }
      socket.end(clientErrorResponse(error), () => socket.destroy());
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        busy.delete(socket);
      });
    });

    return new Promise((resolve, reject) => {
      const onError = (error) => {
        if (stateFile) stateFile.release();
        if (error && error.code === 'EADDRINUSE') {
          const wrapped = new Error(`port ${port} on ${host} is already in use; choose another with --port (0 picks a free one)`);
          wrapped.code = 'EADDRINUSE';
          reject(wrapped);
        } else {
          reject(error);
        }
      };
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        const address = server.address();
        origin = originOf(host, address.port);
        let closed;
        resolve({
          url: origin,
          port: address.port,
          host,
          state: stateFile
            ? { file: stateFile.file, lockFile: stateFile.lock, loaded: stateFile.loaded, staleLockPid: stateFile.staleLockPid }
            : undefined,
          close() {
            if (closed) return closed;
            closing = true;
            closed = new Promise((resolveClose) =>
              server.close(() => {
                // Every answer sent was written first; only the lock is left.
                if (stateFile) stateFile.release();
                resolveClose();
              }),
            );
            // Delayed answers are abandoned; idle keep-alive sockets would hold the process open.
            for (const timer of timers) clearTimeout(timer);
            timers.clear();
            for (const socket of sockets) if (!writing.has(socket)) socket.destroy();
            return closed;
          },
        });
      });
    });
  };
}

module.exports = { createStartSandboxServer };
