#!/usr/bin/env node
// The packed tarball of dist/npm through @arethetypeswrong/cli (every entry
// of the exports map, under node10, node16 from CJS and from ESM, and
// bundler resolution; the "strict" profile) and publint (--strict: warnings
// fail too). Both come from tests/types/package.json (`npm ci` there; `make pkg-lint`).
//
// Usage: node tests/types/lint-package.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bin = (name) => path.join(here, 'node_modules/.bin', name);

if (!fs.existsSync(path.join(root, 'dist/npm/package.json'))) throw new Error('dist/npm is missing: run `make build` first');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wix-resellers-pkg-lint-'));
try {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', path.join(root, 'dist/npm'), '--json', '--pack-destination', dir, '--loglevel=error'], { encoding: 'utf8' }),
  );
  const tarball = path.join(dir, path.basename(filename));
  let failed = 0;
  for (const [name, args] of [
    ['attw', [tarball, '--profile', 'strict', '--format', 'table-flipped', '--no-color', '--no-emoji']],
    ['publint', ['run', tarball, '--strict']],
  ]) {
    try {
      process.stdout.write(execFileSync(bin(name), args, { encoding: 'utf8', timeout: 300_000 }));
      console.log(`ok     ${name}`);
    } catch (error) {
      process.stdout.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
      console.log(`FAILED ${name}`);
      failed += 1;
    }
  }
  console.log(`${2 - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
