// Recipe: the Workers vitest pool. Test files run inside workerd (the real
// Workers runtime, through Miniflare) with the Worker's own wrangler config,
// so `wix-resellers` resolves to its workerd entry there, as in production.
// Paths are from the directory vitest runs in (tests/recipes): keep vitest's
// root where node_modules is, since this pool (0.15.1) fails to load a .wasm
// that vite serves from outside the root (an /@fs/ path).
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './workers/wrangler.jsonc' } })],
  test: { include: ['workers/*.test.mjs'] },
});
