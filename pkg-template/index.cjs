'use strict';
// wix-resellers: the Node entry (CommonJS). It carries the nodejs glue of the
// lean build inline (one file for Node's loader instead of two) and compiles
// and instantiates the .wasm synchronously at require time, so every export is
// ready to call. index.mjs carries the same glue: whichever entry a process
// loads first publishes its exports under a Symbol.for key naming this
// package directory, and the other reuses them, so CommonJS and ESM users
// share one instance (and one `ResellersError` class for `instanceof`).
const key = Symbol.for(`wix-resellers ${__dirname}`);
// The glue requires only builtins (`fs`, and `crypto` for getrandom):
// process.getBuiltinModule (Node >= 20.16) skips the public require path,
// which builds each builtin's ESM facade (about 0.3 ms for `fs`). Older Node
// gets them by literal require()s: a `require` passed around as a value is
// what bundlers cannot follow (webpack warns "Critical dependency").
const builtin = process.getBuiltinModule ? (id) => process.getBuiltinModule(id) : (id) => (id === 'fs' ? require('fs') : require('crypto'));
// The .wasm beside this file; a bundler that resolves this entry cannot carry
// that file (CommonJS has no asset pattern), but bundles the embedded copy
// named here, which only such a bundle ever requires (README.md, "Bundling").
const wasmFile = `${__dirname}/wasm/lean/wix_resellers_bg.wasm`;
const entry = globalThis[key] || share(key, publicExports(nodeGlue({}, { require: builtin }, builtin, wasmFile, () => require('./wasm/lean/embedded.cjs'))));

/*@@ENTRY_CJS_EXPORTS@@*/

function share(key, value) {
  Object.defineProperty(globalThis, key, { value });
  return value;
}

/*@@PUBLIC_EXPORTS@@*/

/*@@NODE_GLUE lean@@*/
