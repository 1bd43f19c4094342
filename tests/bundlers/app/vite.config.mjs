// Vite's SSR build of main.mjs, as a user writes it. BUNDLE_DEPS=1 bundles the
// dependencies too (ssr.noExternal), the case where the .wasm has to travel;
// by default Vite leaves node_modules to Node at run time.
export default {
  logLevel: 'warn',
  ssr: process.env.BUNDLE_DEPS === '1' ? { noExternal: true } : {},
  build: { ssr: 'main.mjs', outDir: process.env.OUT_DIR, emptyOutDir: true, minify: false },
};
