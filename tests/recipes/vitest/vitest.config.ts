// Recipe: vitest. globalSetup starts one sandbox server for the whole run and
// `provide`s its URL; tests read it with inject('wixBaseUrl'). Paths are from
// the directory vitest runs in (tests/recipes, where node_modules is).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['vitest/*.test.ts'],
    globalSetup: ['./vitest/global-setup.ts'],
  },
});
