// One class per name across the entries: every name that both `wix-resellers`
// and `wix-resellers/sandbox` export is the same object in each, from ESM and
// from CommonJS, whichever entry a process loads first. So an error thrown by
// a client made from either entry is `instanceof` the `ResellersError` of
// both, and a client made from either works over `sandbox.fetch`. Each case
// runs in a fresh process, since the first load decides.
// (tests/workerd/workerd.test.mjs checks the same in workerd.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { installPackage } from './helpers/package.mjs';
import { seed } from './helpers/api-fronts.mjs';

const LOADERS = {
  import: (specifier) => `await import(${JSON.stringify(specifier)})`,
  require: (specifier) => `require(${JSON.stringify(specifier)})`,
};

/** A script loading the two entries in the given order and ways, then reporting what it sees. */
const script = (loads) => `
import { createRequire } from 'node:module';
const require = createRequire(\`\${process.cwd()}/index.js\`);
const loaded = {};
${loads.map(({ entry, how }) => `loaded[${JSON.stringify(entry)}] = ${LOADERS[how](entry)};`).join('\n')}
const main = loaded['wix-resellers'];
const sandboxEntry = loaded['wix-resellers/sandbox'];
const seed = ${JSON.stringify(seed)};
const shared = Object.keys(main).filter((name) => name in sandboxEntry);
const sandbox = new sandboxEntry.Sandbox();
const results = {};
for (const [from, entry] of [['main', main], ['sandbox', sandboxEntry]]) {
  let config;
  try { new entry.ResellersClient({}); } catch (error) { config = error; }
  const client = new entry.ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch: sandbox.fetch });
  let api;
  try { await client.getPackage('00000000-0000-4000-8000-000000000000'); } catch (error) { api = error; }
  const page = await client.queryPackages({});
  results[from] = {
    configCode: config?.code,
    configInstanceOfBoth: config instanceof main.ResellersError && config instanceof sandboxEntry.ResellersError,
    apiCode: api?.code,
    apiInstanceOfBoth: api instanceof main.ResellersError && api instanceof sandboxEntry.ResellersError,
    queried: Array.isArray(page.packages),
  };
}
console.log(JSON.stringify({
  shared,
  different: shared.filter((name) => main[name] !== sandboxEntry[name]),
  results,
}));
`;

const ORDERS = [
  ['import', 'import', 'main first'],
  ['import', 'import', 'sandbox first'],
  ['require', 'require', 'main first'],
  ['require', 'require', 'sandbox first'],
  ['import', 'require', 'main first'],
  ['require', 'import', 'sandbox first'],
];

for (const [mainHow, sandboxHow, order] of ORDERS) {
  test(`main entry by ${mainHow}, sandbox entry by ${sandboxHow}, ${order}: one object per shared name`, async () => {
    const dir = await installPackage();
    const main = { entry: 'wix-resellers', how: mainHow };
    const sandbox = { entry: 'wix-resellers/sandbox', how: sandboxHow };
    const loads = order === 'main first' ? [main, sandbox] : [sandbox, main];
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script(loads)], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const r = JSON.parse(out.trim().split('\n').pop());
    assert.deepEqual(r.shared.sort(), ['ResellersClient', 'ResellersError', 'validateAdjustProductInstance', 'validateCreatePackage']);
    assert.deepEqual(r.different, [], 'every name both entries export is one object');
    for (const from of ['main', 'sandbox']) {
      const got = r.results[from];
      assert.equal(got.configCode, 'INVALID_CONFIG');
      assert.ok(got.configInstanceOfBoth, `a ${from}-entry client's validation error is instanceof both entries' ResellersError`);
      assert.equal(got.apiCode, 'PACKAGE_NOT_FOUND', `a ${from}-entry client works over sandbox.fetch`);
      assert.ok(got.apiInstanceOfBoth, `a ${from}-entry client's API error is instanceof both entries' ResellersError`);
      assert.ok(got.queried);
    }
  });
}
