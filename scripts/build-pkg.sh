#!/usr/bin/env bash
# Builds the two wasm flavours and assembles the npm package in dist/npm/.
#
#   lean     default features: the client and the validators   -> main entry "."
#   sandbox  --features sandbox: the same plus the API emulator -> entry "./sandbox"
#
# Per flavour: cargo (wasm32, release) -> wasm-bindgen --target nodejs and --target web
# (one .wasm serves both glues: wasm-bindgen emits the same module for either) ->
# wasm-opt -Oz -> target/pkg/<flavour>/. Each step is skipped when its inputs have
# not changed (a stamp of the input hashes and tool versions), so a warm build takes
# about a second. Then scripts/assemble-pkg.mjs writes dist/npm/ from pkg-template/
# and prints the size table, failing when a budget from docs/architecture.md is exceeded.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

STAGE=target/pkg
# Every feature the rustc 1.95 wasm32 target emits; wasm-opt refuses a module using a
# feature it was not told about.
# --low-memory-unused: rustc links wasm32 stack-first (the stack spans 0..1 MiB,
# growing down; data starts at 1 MiB), so the low 1 KiB is reached only by an
# overflowing stack; the pass folds pointer offsets on that promise (-0.25 KiB gz).
# --strip-producers drops the toolchain-name section nobody reads (-0.1 KiB gz).
# --converge repeats -Oz until the module stops shrinking (-52 B gz lean, a few
# seconds more per flavour).
WASM_OPT_FLAGS=(--low-memory-unused -Oz --converge --strip-producers --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals
  --enable-call-indirect-overlong)

say() { printf '[build] %s\n' "$*"; }

for tool in cargo wasm-bindgen wasm-opt node; do
  command -v "$tool" >/dev/null || { echo "[build] error: $tool not on PATH; run make setup" >&2; exit 1; }
done

tools_id="$(wasm-bindgen --version) | wasm-opt $(wasm-opt --version) | ${WASM_OPT_FLAGS[*]} | $(cat "$0" scripts/snippets.mjs | sha256sum | cut -c1-16)"

build_flavour() {
  local flavour=$1 target_dir=$2; shift 2
  local out="$STAGE/$flavour" start=$SECONDS artifact
  say "cargo build --release --target wasm32-unknown-unknown $* ($flavour)"
  # A cdylib's file name carries no feature hash, so two feature sets in one target
  # dir overwrite each other and rebuild on every switch: each flavour has its own.
  # The JSON messages name the exact artifact.
  artifact=$(cargo build --lib --release --target wasm32-unknown-unknown --target-dir "$target_dir" "$@" \
      --message-format=json-render-diagnostics \
    | node -e '
        let last = "";
        for (const line of require("fs").readFileSync(0, "utf8").split("\n")) {
          if (!line.startsWith("{")) continue;
          const m = JSON.parse(line);
          if (m.reason === "compiler-artifact" && m.target.name === "wix_resellers")
            for (const f of m.filenames) if (f.endsWith(".wasm")) last = f;
        }
        if (!last) { console.error("no .wasm artifact in cargo output"); process.exit(1); }
        console.log(last);')
  local stamp
  stamp="$(sha256sum "$artifact" | cut -c1-64) | $tools_id"
  if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ]; then
    say "$flavour: wasm unchanged, glue and wasm-opt output reused"
    return
  fi
  rm -rf "$out" "$out.tmp"
  mkdir -p "$out.tmp/nodejs" "$out.tmp/web"
  wasm-bindgen --target nodejs --out-dir "$out.tmp/nodejs" "$artifact"
  wasm-bindgen --target web --out-dir "$out.tmp/web" "$artifact"
  cmp -s "$out.tmp/nodejs/wix_resellers_bg.wasm" "$out.tmp/web/wix_resellers_bg.wasm" || {
    echo "[build] error: wasm-bindgen emitted different modules for nodejs and web; the package ships one" >&2
    exit 1
  }
  say "wasm-opt -Oz ($flavour)"
  wasm-opt "${WASM_OPT_FLAGS[@]}" "$out.tmp/nodejs/wix_resellers_bg.wasm" -o "$out.tmp/wix_resellers_bg.wasm"
  mv "$out.tmp/nodejs/wix_resellers.js" "$out.tmp/node.cjs"
  mv "$out.tmp/nodejs/wix_resellers.d.ts" "$out.tmp/types.d.ts"
  mv "$out.tmp/web/wix_resellers.js" "$out.tmp/web.mjs"
  # The crate's JS snippets (inline_js ones and `module = "/src/js/*.mjs"` files)
  # are ES modules: the web glue imports them as `.mjs` from snippets/, the nodejs
  # glue gets them rewritten to CommonJS and inlined, so no Node version needs
  # require(esm) and the one snippets folder serves the web glue only.
  node scripts/snippets.mjs "$out.tmp/nodejs" "$out.tmp/web" "$out.tmp"
  rm -rf "$out.tmp/nodejs" "$out.tmp/web"
  echo "$stamp" > "$out.tmp/.stamp"
  mv "$out.tmp" "$out"
  say "$flavour: built in $((SECONDS - start))s"
}

build_flavour lean target
build_flavour sandbox target/wasm-sandbox --features sandbox

node scripts/assemble-pkg.mjs "$STAGE" dist/npm
