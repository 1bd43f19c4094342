// wix-resellers: the Node entry (ESM). It carries the nodejs glue of the lean
// build inline, like index.cjs: Node's ESM loader then loads one module and no
// CommonJS (importing a .cjs from ESM costs about a millisecond of cold start).
// Whichever entry a process loads first publishes its exports under a
// Symbol.for key naming this package directory, and the other reuses them, so
// `import` and `require` share one wasm instance (and one `ResellersError`).
import { createRequire } from 'node:module';

// The glue requires only builtins (`fs`, and `crypto` for getrandom).
// process.getBuiltinModule (Node >= 20.16) returns one without building its
// ESM facade; older Node gets a require function (createRequire needs a base
// only to resolve files, and import.meta.url is empty in a CommonJS bundle).
const builtin = process.getBuiltinModule ? (id) => process.getBuiltinModule(id) : createRequire(import.meta.url || 'file:///');
// The same directory string index.cjs has as __dirname (so the key matches);
// in a bundle it is the bundle's, or empty where import.meta is.
const dir = import.meta.dirname ?? (import.meta.url ? builtin('url').fileURLToPath(import.meta.url).replace(/[\\/][^\\/]*$/, '') : '');
const key = Symbol.for(`wix-resellers ${dir}`);
// Where the .wasm comes from (README.md, "Bundling"). Plain Node reads the
// file beside this module. `new URL('<literal>', import.meta.url)` is the
// pattern webpack, Rollup/Vite and Turbopack carry as an asset, rewriting the
// URL to the emitted file. esbuild carries no asset and leaves the URL (or,
// in a CommonJS bundle, no import.meta.url) pointing where nothing is; it
// does bundle the `require()` below, though, so its bundle gets the embedded
// copy. In plain Node's ESM `require` is undefined, so nothing more is loaded.
const wasmFile = import.meta.url ? new URL('./wasm/lean/wix_resellers_bg.wasm', import.meta.url) : undefined;
const embeddedWasm = () => (typeof require === 'function' ? require('./wasm/lean/embedded.cjs') : undefined);
const entry = globalThis[key] || share(key, publicExports(nodeGlue({}, { require: builtin }, builtin, wasmFile, embeddedWasm)));

/*@@MJS_EXPORTS@@*/

function share(key, value) {
  Object.defineProperty(globalThis, key, { value });
  return value;
}

/*@@PUBLIC_EXPORTS@@*/

/*@@NODE_GLUE lean@@*/
