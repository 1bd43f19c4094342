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
NODE_MAJOR_MIN=20   # miniflare/wrangler pinned in package.json need Node 20, and so does the package (engines >=20)

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

# wasm-bindgen-cli, built from its crates.io source with every dependency locked.
# `cargo install wasm-bindgen-cli --version =0.2.130 --locked` cannot work: the Cargo.lock published
# inside the crate locks webpki-roots 1.0.11 (through ureq 3.5.0), and the registry does not serve
# that version (its index lists webpki-roots up to 1.0.10 only, neither yanked nor present: cargo
# says "failed to select a version for the requirement `webpki-roots = \"^1.0.10\"` (locked to 1.0.11)").
# scripts/wasm-bindgen-cli.lock is that published Cargo.lock with that one package set to 1.0.10,
# the nearest version ureq's `^1.0.10` accepts (`cargo update -p webpki-roots --precise 1.0.10`;
# its only use is the CA roots of the test runner's WebDriver client, which we never start); every
# other line is the crate's own. To use it: a throwaway package depending on the crate lets
# `cargo metadata` download the crate's source (crates.io only, checksum-verified) and name its
# directory; a copy of that directory with the lock as its Cargo.lock is installed with
# `cargo install --path --locked`, so the build uses exactly the locked versions or fails.
# When Cargo.lock moves wasm-bindgen to another version, first try the plain
# `cargo install wasm-bindgen-cli --version =<new> --locked`; if it works, use it; if not, make the
# lock again the same way from the new crate's Cargo.lock.
WASM_BINDGEN_CLI_LOCK=scripts/wasm-bindgen-cli.lock
install_wasm_bindgen() {
  local locked tmp src
  locked=$(awk '/^name = "wasm-bindgen-cli"$/{getline; gsub(/version = |"/,""); print; exit}' "$WASM_BINDGEN_CLI_LOCK")
  [ "$locked" = "$WASM_BINDGEN_VERSION" ] \
    || die "$WASM_BINDGEN_CLI_LOCK locks wasm-bindgen-cli $locked, Cargo.lock wants $WASM_BINDGEN_VERSION: make the lock again (see the comment above install_wasm_bindgen)"
  tmp=$(mktemp -d)
  mkdir -p "$tmp/fetch/src"
  : >"$tmp/fetch/src/lib.rs"
  printf '[package]\nname = "fetch-wasm-bindgen-cli"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\nwasm-bindgen-cli = "=%s"\n' \
    "$WASM_BINDGEN_VERSION" >"$tmp/fetch/Cargo.toml"
  src=$(cargo metadata --quiet --format-version 1 --manifest-path "$tmp/fetch/Cargo.toml" \
    | node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const p = m.packages.find((p) => p.name === "wasm-bindgen-cli" && p.version === process.argv[1]);
      if (!p) process.exit(1);
      console.log(require("path").dirname(p.manifest_path));' "$WASM_BINDGEN_VERSION") \
    || die "could not fetch the source of wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io"
  cp -R "$src" "$tmp/wasm-bindgen-cli"
  cp "$WASM_BINDGEN_CLI_LOCK" "$tmp/wasm-bindgen-cli/Cargo.lock"
  cargo install --path "$tmp/wasm-bindgen-cli" --locked --force
  rm -rf "$tmp"
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
