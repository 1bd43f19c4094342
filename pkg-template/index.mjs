// wix-resellers: the Node entry (ESM). It carries the nodejs glue of the lean
// build inline, like index.cjs: Node's ESM loader then loads one module and no
// CommonJS (importing a .cjs from ESM costs about a millisecond of cold start).
// Whichever entry a process loads first publishes its exports under a
// Symbol.for key naming this package directory, and the other reuses them, so
// `import` and `require` share one wasm instance (and one `ResellersError`).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url)).slice(0, -1);
const key = Symbol.for(`wix-resellers ${dir}`);
let entry = globalThis[key];
if (!entry) {
  const require = createRequire(import.meta.url);
  entry = share(key, publicExports(nodeGlue({}, { require }, require, `${dir}/wasm/lean`)));
}

/*@@MJS_EXPORTS@@*/

function share(key, value) {
  Object.defineProperty(globalThis, key, { value });
  return value;
}

/*@@PUBLIC_EXPORTS@@*/

/*@@NODE_GLUE lean@@*/
