// The package as published: manifest, exports map, files, exact types.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dist, installPackage, root } from './helpers/package.mjs';

const manifest = () => JSON.parse(fs.readFileSync(path.join(dist, 'package.json'), 'utf8'));

test('package.json names the package and takes its version from Cargo.toml', () => {
  const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];
  const pkg = manifest();
  assert.equal(pkg.name, 'wix-resellers');
  assert.equal(pkg.version, cargo);
  assert.deepEqual(pkg.engines, { node: '>=20' });
  assert.equal(pkg.bin['wix-resellers-sandbox'], 'bin/wix-resellers-sandbox.cjs');
  assert.ok(Array.isArray(pkg.sideEffects) && pkg.sideEffects.includes('./workerd.mjs'), 'the entries that instantiate wasm are side effects');
});

test('exports map gives every runtime an entry for "." and "./sandbox"', () => {
  const { exports } = manifest();
  for (const key of ['.', './sandbox']) {
    const entry = exports[key];
    assert.deepEqual(Object.keys(entry), ['workerd', 'worker', 'browser', 'node', 'types', 'default'], key);
    assert.deepEqual(Object.keys(entry.node), ['import', 'require'], key);
    for (const target of [entry.workerd, entry.worker, entry.browser, entry.node.import, entry.node.require]) {
      assert.deepEqual(Object.keys(target), ['types', 'default'], `${key}: types come first`);
      for (const file of Object.values(target)) assert.ok(fs.existsSync(path.join(dist, file)), `${key}: ${file} exists`);
    }
    assert.ok(fs.existsSync(path.join(dist, entry.types)));
    assert.ok(fs.existsSync(path.join(dist, entry.default)));
  }
  assert.equal(exports['./package.json'], './package.json');
});

test('the packed tarball holds the entries, one .wasm per build and no build leftovers', () => {
  const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', dist], { encoding: 'utf8', timeout: 60_000 }));
  const names = files.map((file) => file.path).sort();
  for (const wanted of [
    'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'index.cjs', 'index.mjs', 'index.d.cts', 'index.d.mts', 'workerd.mjs', 'browser.mjs',
    'sandbox/index.cjs', 'sandbox/index.mjs', 'sandbox/index.d.cts', 'sandbox/index.d.mts', 'sandbox/workerd.mjs',
    'sandbox/browser.mjs', 'sandbox/server.cjs', 'bin/wix-resellers-sandbox.cjs',
    'wasm/lean/node.cjs', 'wasm/lean/web.mjs', 'wasm/lean/wix_resellers_bg.wasm',
    'wasm/sandbox/node.cjs', 'wasm/sandbox/web.mjs', 'wasm/sandbox/wix_resellers_bg.wasm',
  ]) {
    assert.ok(names.includes(wanted), `${wanted} is packed`);
  }
  assert.deepEqual(names.filter((name) => name.endsWith('.wasm')).length, 2);
  assert.deepEqual(names.filter((name) => /stamp|types\.d\.ts|_bg\.wasm\.d\.ts/.test(name)), []);
});

/** The declaration text of a .d.ts with its comments blanked (line numbers kept). */
function declarationsOnly(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/\/\/.*$/gm, '');
}

function typeFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((file) => /\.d\.[cm]?ts$/.test(file))
    .map((file) => path.join(dir, file));
}

test('no `any` type in the shipped .d.ts files (comments are prose and not checked)', async () => {
  const dir = await installPackage();
  for (const where of [dist, path.join(dir, 'node_modules/wix-resellers')]) {
    const files = typeFiles(where);
    assert.ok(files.length >= 4, `type files found in ${where}`);
    const hits = [];
    for (const file of files) {
      declarationsOnly(fs.readFileSync(file, 'utf8'))
        .split('\n')
        .forEach((line, index) => {
          if (/\bany\b/.test(line)) hits.push(`${file}:${index + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(hits, [], 'give each Rust export an exact type (`unchecked_return_type`, tsify::Ts<T>)');
  }
});

test('the installed bin is executable and prints its usage', async () => {
  const dir = await installPackage();
  const bin = path.join(dir, 'node_modules/.bin/wix-resellers-sandbox');
  const usage = execFileSync(bin, ['--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.match(usage, /--port <n>/);
  assert.match(usage, /--no-seed/);
});
