// wix-resellers: the browser entry (export conditions `browser` and
// `default`). It fetches and instantiates the .wasm with top-level await, so
// every export is ready to call once the import resolves; bundlers that
// understand `new URL('...', import.meta.url)` copy the .wasm along.
import init from './wasm/lean/web.mjs';

await init({ module_or_path: new URL('./wasm/lean/wix_resellers_bg.wasm', import.meta.url) });

/*@@WEB_EXPORTS ./wasm/lean/web.mjs@@*/
