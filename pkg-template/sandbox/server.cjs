'use strict';
// The local HTTP front of the sandbox: a plain node:http server over the
// engine's one entry point, `sandbox.handleRaw(method, url, headers, body)`.
// All API behaviour lives in the engine; this file only moves bytes, honours
// the engine's `delayMs` with a real timer and its `reset` by destroying the
// socket without an answer (how the fault injection reaches a real client).
const http = require('node:http');

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

/** A Wix-shaped 500 for an engine that threw: the client sees a server error, not a hang. */
function engineFailure(error) {
  const body = {
    message: '',
    details: {
      applicationError: {
        code: 'SANDBOX_ENGINE_ERROR',
        description: `the sandbox engine failed: ${error && error.message ? error.message : String(error)}`,
        data: {},
      },
    },
  };
  return {
    status: 500,
    headers: ['content-type', 'application/json'],
    body: new TextEncoder().encode(JSON.stringify(body)),
    delayMs: 0,
    reset: false,
  };
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
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('error', () => busy.delete(socket));
      req.on('end', () => {
        const buffer = Buffer.concat(chunks);
        const body = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
        let answer;
        try {
          answer = engine.handleRaw(req.method, origin + pathOf(req.url), req.rawHeaders, body);
        } catch (error) {
          answer = engineFailure(error);
        }
        const respond = () => {
          if (answer.reset) {
            socket.destroy();
            done('reset');
            return;
          }
          const headers = Array.from(answer.headers || [], String);
          const payload = answer.body ? Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength) : Buffer.alloc(0);
          if (!hasHeader(headers, 'content-length') && !hasHeader(headers, 'transfer-encoding')) {
            headers.push('content-length', String(payload.byteLength));
          }
          if (closing) res.shouldKeepAlive = false;
          writing.add(socket);
          res.writeHead(answer.status, headers);
          res.end(payload, () => done(answer.status));
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
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        busy.delete(socket);
      });
    });

    return new Promise((resolve, reject) => {
      const onError = (error) => {
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
          close() {
            if (closed) return closed;
            closing = true;
            closed = new Promise((resolveClose) => server.close(() => resolveClose()));
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
