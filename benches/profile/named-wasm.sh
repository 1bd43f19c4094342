#!/usr/bin/env bash
# Profiling aid: the shipped package with each .wasm swapped for the same
# build keeping its function names (wasm-bindgen, then wasm-opt -Oz -g, the
# flags of scripts/build-pkg.sh plus -g), so twiggy and `node --cpu-prof` name
# Rust functions. Needs `scripts/build-pkg.sh` and `make bench` (or
# benches/js/common.mjs installPackage) to have run first.
#   out: benches/.scratch/prof/node_modules/wix-resellers   (package, named .wasm)
#        benches/.scratch/prof/{lean,sandbox}.wasm          (named, for twiggy)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
out=benches/.scratch/prof
installed=benches/.scratch/project/node_modules/wix-resellers
[ -d "$installed" ] || { echo "no installed package in $installed: run make bench first" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out/node_modules" "$out/tmp"
cp -r "$installed" "$out/node_modules/wix-resellers"
echo '{"name":"bench-prof","private":true,"type":"module"}' > "$out/package.json"
for flavour in lean sandbox; do
  case $flavour in
    lean) artifact=target/wasm32-unknown-unknown/release/wix_resellers.wasm ;;
    sandbox) artifact=target/wasm-sandbox/wasm32-unknown-unknown/release/wix_resellers.wasm ;;
  esac
  wasm-bindgen --target nodejs --out-dir "$out/tmp/$flavour" "$artifact"
  wasm-opt --low-memory-unused -Oz -g --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals \
    --enable-call-indirect-overlong "$out/tmp/$flavour/wix_resellers_bg.wasm" -o "$out/$flavour.wasm"
  cp "$out/$flavour.wasm" "$out/node_modules/wix-resellers/wasm/$flavour/wix_resellers_bg.wasm"
  echo "$flavour: $(stat -c %s "$out/$flavour.wasm") bytes with names (shipped: $(stat -c %s "$installed/wasm/$flavour/wix_resellers_bg.wasm"))"
done
rm -rf "$out/tmp"
