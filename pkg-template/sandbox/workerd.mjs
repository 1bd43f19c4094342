// wix-resellers/sandbox: the Cloudflare Workers entry. The static .wasm import
// and synchronous instantiation are explained in ../workerd.mjs. The names it
// shares with the main entry (the client, `ResellersError`, the validators)
// are re-exported from it, so each is one object across both entries.
// A Worker serves the sandbox with `export default { fetch: (req) => sandbox.fetch(req) }`;
// startSandboxServer needs node:http and rejects here. One sandbox shared by
// every isolate, kept across evictions: SandboxDurableObject (durable-object.mjs).
import wasmModule from '../wasm/sandbox/wix_resellers_bg.wasm';
import { initSync, Sandbox } from '../wasm/sandbox/web.mjs';
import { createSandboxDurableObject } from './durable-object.mjs';

initSync({ module: wasmModule });

/*@@WEB_EXPORTS ../wasm/sandbox/web.mjs ../workerd.mjs@@*/

export async function startSandboxServer() {
  throw new Error(
    'startSandboxServer needs Node (node:http). In a Worker, serve the sandbox from the fetch handler: ' +
      'export default { fetch: (request) => sandbox.fetch(request) }',
  );
}

export const SandboxDurableObject = createSandboxDurableObject(Sandbox);
