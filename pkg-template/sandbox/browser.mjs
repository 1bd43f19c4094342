// wix-resellers/sandbox: the browser entry (top-level await, see ../browser.mjs).
// In a browser the sandbox runs in-process: pass `sandbox.fetch` to the client.
// The names it shares with the main entry are re-exported from it (one object
// per name across both entries).
import init from '../wasm/sandbox/web.mjs';

await init({ module_or_path: new URL('../wasm/sandbox/wix_resellers_bg.wasm', import.meta.url) });

/*@@WEB_EXPORTS ../wasm/sandbox/web.mjs ../browser.mjs@@*/

export async function startSandboxServer() {
  throw new Error('startSandboxServer needs Node (node:http); in a browser use the in-process sandbox.fetch');
}

/** Exported by every entry so that they export the same names; a Durable Object runs only in workerd. */
export class SandboxDurableObject {
  constructor() {
    throw new Error('SandboxDurableObject is a Cloudflare Durable Object: it runs in workerd (the "workerd" export condition), not in a browser');
  }
}
