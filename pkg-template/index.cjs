'use strict';
// wix-resellers: the Node entry (CommonJS). The nodejs glue compiles and
// instantiates the .wasm synchronously at require time, so every export is
// ready to call. index.mjs re-exports this module, so CommonJS and ESM users
// share one instance (and one `ResellersError` class for `instanceof`).
const glue = require('./wasm/lean/node.cjs');

/*@@CJS_EXPORTS@@*/
