'use strict';
// wix-resellers/sandbox: the Node entry (CommonJS) of the build that carries
// the API emulator. Its own exports are the `Sandbox` engine and
// `startSandboxServer`, the node:http front over `sandbox.handleRaw`. Every
// name the main entry also exports (the client, `ResellersError`, the
// validators) is the main entry's very object, so one class stands behind
// each name across both entries: an error thrown by a client made from
// either is `instanceof` the `ResellersError` of both.
// eslint-disable-next-line no-unused-vars -- read by the export lines the build writes in place of CJS_EXPORTS
const main = require('../index.cjs');
const glue = require('../wasm/sandbox/node.cjs');
const { createStartSandboxServer } = require('./server.cjs');

/*@@CJS_EXPORTS@@*/
exports.startSandboxServer = createStartSandboxServer(glue.Sandbox);
// Every entry exports the same names; a Durable Object runs only in workerd,
// where this name is the real class (workerd.mjs).
exports.SandboxDurableObject = class SandboxDurableObject {
  constructor() {
    throw new Error(
      'SandboxDurableObject is a Cloudflare Durable Object: it runs in workerd (the "workerd" export condition, as wrangler bundles it), not in Node',
    );
  }
};
