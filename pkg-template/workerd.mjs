// wix-resellers: the Cloudflare Workers entry (export conditions `workerd`
// and `worker`). Workers forbid compiling wasm from bytes, so the .wasm is
// imported statically (the bundler hands over a WebAssembly.Module) and
// instantiated synchronously before the first export is used.
import wasmModule from './wasm/lean/wix_resellers_bg.wasm';
import { initSync } from './wasm/lean/web.mjs';

initSync({ module: wasmModule });

/*@@WEB_EXPORTS ./wasm/lean/web.mjs@@*/
