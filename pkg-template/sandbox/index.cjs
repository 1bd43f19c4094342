'use strict';
// wix-resellers/sandbox: the Node entry (CommonJS) of the build that carries
// the API emulator. Exports everything the main entry does (from its own wasm
// instance), the `Sandbox` engine, and `startSandboxServer`, the node:http
// front over `sandbox.handleRaw`.
const glue = require('../wasm/sandbox/node.cjs');
const { createStartSandboxServer } = require('./server.cjs');

/*@@CJS_EXPORTS@@*/
exports.startSandboxServer = createStartSandboxServer(glue.Sandbox);
