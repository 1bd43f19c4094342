# The two commands a fresh machine needs: `make demo` and `make test`.
# Each installs what is missing (scripts/setup-toolchain.sh: version-checked,
# offline-safe when everything is present) and is safe to run again.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export WASM_PACK_CACHE ?= $(HOME)/.cache/.wasm-pack
# A fresh machine's test run must not try to talk to Cloudflare.
export WRANGLER_SEND_METRICS := false

step = @printf '\n==> %s\n' "$(1)"

.PHONY: all setup build bench test demo lint doc-links fmt-check js-lint clippy cargo-test wasm-test js-test types-deps types-test pkg-lint bundlers-deps bundlers-test runtimes-deps runtimes-test recipes-deps recipes-test examples-test fuzz clean help

all: build

help:
	@echo 'make demo   build the npm package and run scripts/demo.mjs against it'
	@echo 'make test   setup, doc links, fmt, JS lint, clippy, cargo test, wasm tests, build, JS and Workers tests, type tests, package lints, bundler tests, examples'
	@echo 'make build  build dist/npm (sizes printed; fails over a size budget)'
	@echo 'make setup  install the toolchain (wasm32 target, wasm-pack, wasm-bindgen, npm dev deps)'
	@echo 'make bench  build dist/npm, measure every budget of docs/architecture.md, write benches/RESULTS.md'
	@echo 'make examples-test  npm ci + npm test in each examples/* (needs dist/npm)'
	@echo 'make bundlers-test  esbuild, webpack, Vite SSR and Next.js bundles of an app, run against the sandbox (needs dist/npm)'
	@echo 'make runtimes-test  the packed package in Deno and Bun (from npm, pinned in tests/runtimes) (needs dist/npm)'
	@echo 'make recipes-test   the README testing recipes: node:test, vitest, jest, MSW, Workers pool (needs dist/npm)'

setup:
	$(call step,setup: toolchain)
	@scripts/setup-toolchain.sh

build: setup
	$(call step,build: dist/npm)
	@scripts/build-pkg.sh

# Measures even when the build stops on a size budget (dist/npm is complete
# by then, and the size is one of the figures); any other build error stops it.
bench: setup
	$(call step,bench: build dist/npm, then measure the installed package)
	@mkdir -p target && scripts/build-pkg.sh 2>&1 | tee target/bench-build.log || grep -q 'exceeds its gzipped budget' target/bench-build.log
	$(call step,bench: node benches/run.mjs)
	@timeout 900 node benches/run.mjs

demo: build
	$(call step,demo)
	@node scripts/demo.mjs

# Every relative link and docs/ pointer in README.md, docs/, src/ and
# pkg-template/ resolves inside the repository (a clone has nothing else).
doc-links:
	$(call step,doc links resolve inside the repo)
	node scripts/check-doc-links.mjs

fmt-check:
	$(call step,cargo fmt --check)
	cargo fmt --all -- --check

# The repository's JavaScript: ESLint 9 (eslint.config.mjs, @eslint/js
# recommended) over the wasm's JS snippets, the package template, the scripts,
# the JS tests and the benches; then tsc --strict over the snippets' JSDoc types
# (tsconfig.checkjs.json) and over the hand-written declarations,
# src/js/types.d.ts (tsconfig.types.json). Both come from the root package.json
# (make setup).
js-lint:
	$(call step,JS lint: eslint; tsc --strict over src/js/*.mjs (checkJs) and src/js/types.d.ts)
	eslint --max-warnings 0 'src/js/*.mjs' 'pkg-template/**/*.{mjs,cjs}' 'scripts/*.mjs' \
	  'tests/js/**/*.mjs' 'tests/workerd/**/*.mjs' 'tests/types/*.mjs' 'tests/runtimes/*.mjs' 'tests/bundlers/*.mjs' \
	  'tests/recipes/**/*.{mjs,cjs}' 'tests/bundlers/app/**/*.{mjs,cjs,js}' 'benches/**/*.mjs'
	tsc -p tsconfig.checkjs.json
	tsc -p tsconfig.types.json

# src/js/ compiles only for wasm32, so clippy runs for that target too.
clippy:
	$(call step,cargo clippy (host and wasm32, with and without the sandbox feature))
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --features sandbox -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features sandbox -- -D warnings

lint: fmt-check clippy

cargo-test:
	$(call step,cargo test (default features, then --features sandbox))
	cargo test
	cargo test --features sandbox

# #[wasm_bindgen_test] tests (src/js/tests.rs: the bindings in a real JS engine), run in Node by
# `wasm-pack test --node`; only the library's (`--lib`): the integration tests are native (proptest,
# the engine natively) and, since wasm-pack's own build step is `cargo build --tests`, each of them is
# `#![cfg(not(target_arch = "wasm32"))]` so it builds empty there. `--mode no-install` keeps it offline: wasm-pack takes the `wasm-bindgen` on PATH when its
# `--version` equals the wasm-bindgen of Cargo.lock (setup installs exactly that one) and runs the
# `wasm-bindgen-test-runner` beside it; on a mismatch it fails instead of downloading one into
# $(WASM_PACK_CACHE).
wasm-test:
	$(call step,wasm-bindgen tests in Node (wasm-pack test --node))
	timeout 1200 wasm-pack test --node --mode no-install -- --features sandbox --lib

js-test:
	$(call step,JS tests: the packed package from CommonJS and ESM and TypeScript and workerd)
	timeout 900 node --test --test-reporter=spec tests/js/*.test.mjs tests/workerd/*.test.mjs

# The type-level tests and the package lints (tests/types/): their tools are
# pinned in tests/types/package-lock.json, installed once with `npm ci` (again
# only when the lockfile changes). types-test: tsc over tests/types/cases/ on
# the packed package, nodenext, bundler, dom-only, workers-types (and node10
# with 5.x), TypeScript 5.x and the newest. pkg-lint: @arethetypeswrong/cli
# and publint on the packed tarball, then `npm publish --dry-run --offline`
# of dist/npm (no warning, LICENSE, CHANGELOG.md and README.md shipped,
# repository/homepage/bugs set; it never publishes). Both need dist/npm (make build).
types-deps:
	@[ tests/types/node_modules/.ci-stamp -nt tests/types/package-lock.json ] || { \
	  ( cd tests/types && npm ci --prefer-offline --no-audit --no-fund --loglevel=error ) \
	  && touch tests/types/node_modules/.ci-stamp; }

types-test: types-deps
	$(call step,types: tsc over tests/types/cases on the packed package, every setting, two TypeScript majors)
	timeout 600 node tests/types/run.mjs

pkg-lint: types-deps
	$(call step,package lints: @arethetypeswrong/cli and publint on the packed tarball; npm publish --dry-run)
	timeout 300 node tests/types/lint-package.mjs

# The bundler tests (tests/bundlers/): esbuild (ESM and CJS), webpack 5,
# Vite's SSR build and a Next.js route handler each bundle a small app over
# the packed package, with no option about the .wasm, and the bundle runs a
# create and a typed error against the sandbox. The bundlers are pinned in
# tests/bundlers/package-lock.json, installed once with `npm ci` (again only
# when the lockfile changes). Needs dist/npm (make build).
bundlers-deps:
	@[ tests/bundlers/node_modules/.ci-stamp -nt tests/bundlers/package-lock.json ] || { \
	  ( cd tests/bundlers && npm ci --prefer-offline --no-audit --no-fund --loglevel=error ) \
	  && touch tests/bundlers/node_modules/.ci-stamp; }

bundlers-test: bundlers-deps
	$(call step,bundlers: an app bundled by esbuild and webpack and Vite SSR and Next.js runs against the sandbox)
	timeout 600 node --test --test-reporter=spec tests/bundlers/run.mjs

# Deno and Bun run the packed package (tests/runtimes/runtimes.test.mjs): the
# ESM example flow in-process and through startSandboxServer, and the
# wix-resellers-sandbox bin. Both runtimes are npm packages (their binaries
# inside), pinned in tests/runtimes/package-lock.json and installed once with
# `npm ci`, like types-deps; the run itself touches no network (127.0.0.1
# only, Deno --cached-only on the installed node_modules). Needs dist/npm.
runtimes-deps:
	@[ tests/runtimes/node_modules/.ci-stamp -nt tests/runtimes/package-lock.json ] || { \
	  ( cd tests/runtimes && npm ci --prefer-offline --no-audit --no-fund --loglevel=error ) \
	  && touch tests/runtimes/node_modules/.ci-stamp; }

runtimes-test: runtimes-deps
	$(call step,runtimes: Deno and Bun (and Node) run the example flow and the sandbox bin on the packed package)
	timeout 300 node --test --test-reporter=spec tests/runtimes/*.test.mjs

# The README's testing recipes (tests/recipes/<runner>/), each a test a user
# can copy: node:test, vitest (globalSetup + provide/inject, and tsc proving
# the ProvidedContext augmentation is what makes inject('wixBaseUrl') type),
# jest (--detectOpenHandles, no warning allowed), MSW serving
# https://www.wixapis.com from sandbox.fetch, and @cloudflare/vitest-pool-workers
# (the client inside workerd). The runners are pinned in
# tests/recipes/package-lock.json (versions that run on Node 20) and installed
# once with `npm ci`; run.mjs unpacks dist/npm next to them and runs the
# recipes two at a time. Needs dist/npm.
recipes-deps:
	@[ tests/recipes/node_modules/.ci-stamp -nt tests/recipes/package-lock.json ] || { \
	  ( cd tests/recipes && npm ci --prefer-offline --no-audit --no-fund --loglevel=error ) \
	  && touch tests/recipes/node_modules/.ci-stamp; }

recipes-test: recipes-deps
	$(call step,recipes: node:test + vitest + jest + MSW + the Workers vitest pool on the packed package)
	timeout 300 node tests/recipes/run.mjs

# Each example installs the built package from dist/npm as a user would
# (`npm ci`: its lockfile, everything else from the npm registry or the cache)
# and runs its own `npm test`, against the sandbox only.
EXAMPLES := node-checkout typescript-app cloudflare-worker shared-sandbox observability queue-checkout
examples-test:
	$(call step,examples: npm ci && npm test in examples/ ($(EXAMPLES)))
	@for example in $(EXAMPLES); do \
	  printf -- '\n--- examples/%s\n' "$$example"; \
	  ( cd "examples/$$example" \
	    && npm ci --prefer-offline --no-audit --no-fund --loglevel=error \
	    && timeout 300 npm test --silent ) || exit 1; \
	done

test: setup
	@start=$$SECONDS; \
	$(MAKE) --no-print-directory doc-links fmt-check js-lint clippy cargo-test wasm-test build js-test types-test pkg-lint bundlers-test runtimes-test recipes-test examples-test; \
	printf '\nmake test: everything passed in %ss\n' "$$((SECONDS - start))"

# The property tests as a long fuzzing run (FUZZ_CASES inputs per property):
# the validators, the sandbox's handle, the client's answer and error decoders.
FUZZ_CASES ?= 1000000
fuzz:
	$(call step,property tests with $(FUZZ_CASES) cases each (release build))
	PROPTEST_CASES=$(FUZZ_CASES) timeout 7200 cargo test --release --features sandbox -- \
	  --test-threads 2 fuzz handle_always_answers walker_agrees

clean:
	rm -rf dist target/pkg tests/js/.scratch tests/types/.scratch tests/runtimes/.scratch tests/recipes/.scratch tests/bundlers/.scratch
