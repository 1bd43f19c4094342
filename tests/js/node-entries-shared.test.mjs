// The Node entries each carry the lean glue inline (index.cjs and index.mjs)
// and share one wasm instance through a Symbol.for key naming the package
// directory: whichever loads first in a process wins, in either order, and on
// Node without process.getBuiltinModule (before 20.16) too. Each case runs in
// a fresh process, since the first load decides.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { installPackage } from './helpers/package.mjs';

const script = (first, { oldNode = false } = {}) => `
${oldNode ? 'delete process.getBuiltinModule;' : ''}
import { createRequire } from 'node:module';
const require = createRequire(\`\${process.cwd()}/index.js\`);
let esm, cjs;
if (${JSON.stringify(first)} === 'import') { esm = await import('wix-resellers'); cjs = require('wix-resellers'); }
else { cjs = require('wix-resellers'); esm = await import('wix-resellers'); }
let caught;
try { new cjs.ResellersClient({}); } catch (error) { caught = error; }
const keys = Object.getOwnPropertySymbols(globalThis).map(String).filter((k) => k.includes('wix-resellers'));
console.log(JSON.stringify({
  sameValidator: esm.validateCreatePackage === cjs.validateCreatePackage,
  sameClient: esm.ResellersClient === cjs.ResellersClient,
  sameError: esm.ResellersError === cjs.ResellersError,
  instanceofAcross: caught instanceof esm.ResellersError && caught instanceof cjs.ResellersError,
  code: caught && caught.code,
  valid: esm.validateCreatePackage({ externalId: 'x', products: [{ catalogProductId: '2d1fe6e4-8ff1-4a51-8a0e-2b53bd1d1a3b', countryCode: 'GB' }] }).valid,
  keys: keys.length,
  esmKeys: Object.keys(esm).sort(),
  cjsKeys: Object.keys(cjs).sort(),
}));
`;

for (const first of ['import', 'require']) {
  for (const oldNode of [false, true]) {
    test(`${first} first${oldNode ? ', without process.getBuiltinModule' : ''}: one instance for import and require`, async () => {
      const dir = await installPackage();
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script(first, { oldNode })], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      const r = JSON.parse(out.trim().split('\n').pop());
      assert.ok(r.sameValidator && r.sameClient && r.sameError, `shared exports: ${out}`);
      assert.ok(r.instanceofAcross, 'an error from the CommonJS entry is an instance of the ESM class and vice versa');
      assert.equal(r.code, 'INVALID_CONFIG');
      assert.equal(typeof r.valid, 'boolean');
      assert.equal(r.keys, 1, 'one process-wide key, for the one package directory');
      assert.deepEqual(r.esmKeys, r.cjsKeys);
    });
  }
}
