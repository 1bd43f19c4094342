// wix-resellers: the Node entry (ESM). It carries the nodejs glue of the lean
// build inline, like index.cjs: Node's ESM loader then loads one module and no
// CommonJS (importing a .cjs from ESM costs about a millisecond of cold start).
// Whichever entry a process loads first publishes its exports under a
// Symbol.for key naming this package directory, and the other reuses them, so
// `import` and `require` share one wasm instance (and one `ResellersError`).
import { createRequire } from 'node:module';

// The glue requires only builtins (`fs`, and `crypto` for getrandom).
// process.getBuiltinModule (Node >= 20.16) returns one without building its
// ESM facade; older Node gets a require function.
const builtin = process.getBuiltinModule ? (id) => process.getBuiltinModule(id) : createRequire(import.meta.url);
const dir = import.meta.dirname ?? builtin('url').fileURLToPath(new URL('.', import.meta.url)).slice(0, -1);
const key = Symbol.for(`wix-resellers ${dir}`);
const entry = globalThis[key] || share(key, publicExports(nodeGlue({}, { require: builtin }, builtin, `${dir}/wasm/lean`)));

/*@@MJS_EXPORTS@@*/

function share(key, value) {
  Object.defineProperty(globalThis, key, { value });
  return value;
}

/*@@PUBLIC_EXPORTS@@*/

/*@@NODE_GLUE lean@@*/
