// wix-resellers/sandbox: the Node entry (ESM). Re-exports the CommonJS entry
// so that `import` and `require` share one wasm instance; the names it shares
// with the main entry are the main entry's objects (see index.cjs). It is
// loaded with require() (createRequire) rather than `import './index.cjs'`,
// which would have Node's ESM loader parse it for named exports first.
import { createRequire } from 'node:module';

const entry = createRequire(import.meta.url)('./index.cjs');

/*@@MJS_EXPORTS@@*/
export const startSandboxServer = entry.startSandboxServer;
export const SandboxDurableObject = entry.SandboxDurableObject;
