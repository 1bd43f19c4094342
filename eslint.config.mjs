// ESLint 9 flat config for the repository's JavaScript (`make js-lint`):
// the wasm's JS snippets (src/js/*.mjs), the package template, the build
// scripts, the JS tests and the benches. `@eslint/js` recommended rules find
// real mistakes (undefined names, unused code, unreachable branches); style
// is left to the code. Only the files below are linted.
import js from '@eslint/js';
import globals from 'globals';

/** Globals the snippets and the package's browser/workerd entries may use: browser and worker both. */
const webGlobals = { ...globals.browser, ...globals.worker };

export default [
  {
    files: [
      'src/js/*.mjs',
      'pkg-template/**/*.{mjs,cjs}',
      'scripts/*.mjs',
      'tests/js/**/*.mjs',
      'tests/workerd/**/*.mjs',
      'tests/types/*.mjs',
      'tests/runtimes/*.mjs',
      'tests/recipes/**/*.{mjs,cjs}',
      'benches/**/*.mjs',
    ],
  },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `catch (_) {}` and `.catch(() => {})` are deliberate: a failure there
      // changes nothing (a free() after a trap, a cancel of a dropped body).
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // Loaded by wasm-bindgen's glues in Node, workerd and browsers alike.
    files: ['src/js/*.mjs'],
    languageOptions: { globals: webGlobals },
  },
  {
    // Templates: scripts/assemble-pkg.mjs fills their /*@@...@@*/ placeholders
    // with `publicExports` and `nodeGlue` and the exports read from `entry`.
    files: ['pkg-template/index.cjs', 'pkg-template/index.mjs'],
    languageOptions: { globals: { publicExports: 'readonly', nodeGlue: 'readonly' } },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', varsIgnorePattern: '^(_|entry$)' }],
    },
  },
  {
    files: ['pkg-template/browser.mjs', 'pkg-template/workerd.mjs', 'pkg-template/sandbox/browser.mjs',
      'pkg-template/sandbox/workerd.mjs', 'benches/worker/**/*.mjs', 'tests/workerd/*worker.mjs', 'tests/recipes/workers/*.mjs'],
    languageOptions: { globals: webGlobals },
  },
];
