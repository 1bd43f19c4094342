// Strict `tsc --noEmit` (node16 resolution, exactOptionalPropertyTypes) over
// fixtures/api-types.ts, which calls every method of the installed package's
// client and sandbox, uses every exported type, checks results are exact and
// that wrong shapes are rejected (`@ts-expect-error`). The fixtures are copied
// into the scratch project here, since the shared install copies them only
// when the tarball changes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fixtures, installPackage, root } from './helpers/package.mjs';

const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

async function typecheck(config) {
  const dir = await installPackage();
  for (const file of fs.readdirSync(fixtures)) {
    if (/^(api-.*\.ts|tsconfig\.api.*\.json)$/.test(file)) fs.copyFileSync(path.join(fixtures, file), path.join(dir, file));
  }
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', path.join(dir, config)], { cwd: dir, timeout: 120_000 });
  } catch (error) {
    assert.fail(`tsc -p ${config} failed:\n${error.stdout}${error.stderr}`);
  }
}

test('every method and exported type checks strictly; results are exact; wrong shapes are rejected', () => typecheck('tsconfig.api.json'));

test('new Sandbox() without options, and always-present packages/metadata/productInstances, type-check', () => typecheck('tsconfig.api-exact.json'));
