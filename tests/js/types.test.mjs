// Strict `tsc --noEmit` over TypeScript files that use the installed
// package's types, under node16 (ESM and CommonJS) and bundler resolution.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { installPackage, root } from './helpers/package.mjs';

const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

async function typecheck(config) {
  const dir = await installPackage();
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', path.join(dir, config)], { cwd: dir, timeout: 120_000 });
  } catch (error) {
    assert.fail(`tsc -p ${config} failed:\n${error.stdout}${error.stderr}`);
  }
}

test('types check strictly from ESM and CommonJS (node16), wrong shapes rejected', () => typecheck('tsconfig.node16.json'));

test('types check with bundler resolution (the top-level types condition)', () => typecheck('tsconfig.bundler.json'));
