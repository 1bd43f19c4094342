// wix-resellers/sandbox: the Node entry (ESM). Re-exports the CommonJS entry
// so that `import` and `require` share one wasm instance.
import entry from './index.cjs';

/*@@MJS_EXPORTS@@*/
export const startSandboxServer = entry.startSandboxServer;
