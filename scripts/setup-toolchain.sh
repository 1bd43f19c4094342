#!/usr/bin/env bash
# Installs everything the build and the tests need, from the package registries only
# (crates.io, npm, `rustup target add`). Idempotent and offline-safe: every step checks
# the version already present and does nothing when it matches, so a warm machine pays
# nothing and needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

WASM_PACK_VERSION=0.15.1
# The CLI must equal the wasm-bindgen crate version in Cargo.lock, or wasm-pack downloads one.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}
NODE_MAJOR_MIN=20   # miniflare/wrangler pinned in package.json need Node 20; the package itself needs 18

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }
timed() { # timed "what" cmd...: runs a slow step, printing its duration
  local what=$1 start=$SECONDS; shift
  say "$what ..."
  "$@"
  say "$what: done in $((SECONDS - start))s"
}

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)"
command -v rustup >/dev/null || die "rustup not found: the wasm32 target is added with rustup"
command -v node >/dev/null || die "node not found: install Node.js >= $NODE_MAJOR_MIN"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge "$NODE_MAJOR_MIN" ] || die "Node $(node --version) is too old: need >= $NODE_MAJOR_MIN"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  timed "adding the wasm32-unknown-unknown target" rustup target add wasm32-unknown-unknown
fi

for component in clippy rustfmt; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    timed "adding rustup component $component" rustup component add "$component"
  fi
done

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  timed "installing wasm-pack $WASM_PACK_VERSION from crates.io (about 2 minutes)" \
    cargo install wasm-pack --version "=$WASM_PACK_VERSION" --locked
fi

install_wasm_bindgen() {
  # --locked fails today for this version (a locked dependency left the registry); retry unlocked.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
}
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  timed "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 2 minutes)" install_wasm_bindgen
fi
[ "$(wasm-bindgen --version | awk '{print $2}')" = "$WASM_BINDGEN_VERSION" ] \
  || die "wasm-bindgen $(wasm-bindgen --version) on PATH is not $WASM_BINDGEN_VERSION (see which wasm-bindgen)"

# npm dev dependencies: binaryen (wasm-opt), typescript, eslint, miniflare, wrangler (workerd ships inside).
# Reinstall only when the lock changed; no install scripts are needed by any of them.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  timed "installing npm dev dependencies (binaryen, typescript, eslint, miniflare, wrangler)" \
    timeout 600 npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi

mkdir -p "${WASM_PACK_CACHE:-$HOME/.cache/.wasm-pack}"
say "toolchain ready: $(rustc --version | awk '{print "rustc", $2}'), $(wasm-pack --version 2>/dev/null), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), node $(node --version)"
