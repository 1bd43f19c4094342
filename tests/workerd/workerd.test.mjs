// The package in the real Workers runtime: a Worker importing the installed
// package is bundled by wrangler (`deploy --dry-run`, which resolves the
// `workerd` export condition and keeps the static .wasm import as a module),
// then run in workerd through Miniflare and driven with dispatchFetch.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { dist, installPackage, projectImport, root } from '../js/helpers/package.mjs';
import { seed } from '../js/helpers/api-fronts.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const COMPATIBILITY_DATE = '2026-04-26'; // workerd 2026-04-26 ships with miniflare 4.20260426.0

/** Bundles tests/workerd/<source> with wrangler from inside the scratch project; returns the output dir. */
async function bundle(source) {
  const dir = path.join(await installPackage(), 'workers', path.basename(source, '.mjs'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(here, source), path.join(dir, 'worker.mjs'));
  const wrangler = path.join(root, 'node_modules/wrangler/bin/wrangler.js');
  const args = ['deploy', '--dry-run', '--outdir', 'out', '--name', 'wix-resellers-test', '--compatibility-date', COMPATIBILITY_DATE, 'worker.mjs'];
  try {
    await promisify(execFile)(process.execPath, [wrangler, ...args], {
      cwd: dir,
      timeout: 120_000,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    });
  } catch (error) {
    assert.fail(`wrangler ${args.join(' ')} failed:\n${error.stdout}${error.stderr}`);
  }
  return path.join(dir, 'out');
}

function start(out) {
  return new Miniflare({
    modules: true,
    scriptPath: path.join(out, 'worker.js'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: COMPATIBILITY_DATE,
  });
}

describe('main entry in workerd', () => {
  let out;
  let mf;
  before(async () => {
    out = await bundle('worker.mjs');
    mf = start(out);
    await mf.ready;
  });
  after(() => mf?.dispose());

  test('the bundle carries the lean .wasm, not the sandbox build', () => {
    const wasm = fs.readdirSync(out).filter((file) => file.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `one .wasm module: ${wasm}`);
    const lean = fs.readFileSync(path.join(dist, 'wasm/lean/wix_resellers_bg.wasm'));
    assert.ok(fs.readFileSync(path.join(out, wasm[0])).equals(lean), 'the module is the lean build');
    assert.doesNotMatch(fs.readFileSync(path.join(out, 'worker.js'), 'utf8'), /node:http/);
  });

  test('exports the same names as the Node entry', async () => {
    const node = await projectImport('wix-resellers');
    const response = await mf.dispatchFetch('http://worker.test/exports');
    assert.deepEqual(await response.json(), Object.keys(node).sort());
  });

  test('validateCreatePackage runs in workerd', async () => {
    const response = await mf.dispatchFetch('http://worker.test/validate', {
      method: 'POST',
      body: JSON.stringify({ products: [{ catalogProductId: '2d1fe6e4-8ff1-4a51-8a0e-2b53bd1d1a3b', countryCode: 'GB' }] }),
    });
    assert.equal(response.status, 200);
    const result = await response.json();
    assert.equal(typeof result.valid, 'boolean');
    assert.ok(Array.isArray(result.fieldViolations));
  });

  test("a client shows its view and fails CLIENT_FREED after free(), in workerd's own globals", async () => {
    const response = await mf.dispatchFetch('http://worker.test/client');
    assert.equal(response.status, 200);
    const view = { accountId: '5e11e500-0000-4000-8000-000000000001', baseUrl: 'https://www.wixapis.com', timeoutMs: 30000, maxRetries: 2 };
    assert.deepEqual(await response.json(), { inspect: view, json: JSON.stringify({ ...view, freed: true }), freed: [true, 'CLIENT_FREED'] });
  });

  test('garbage input gives a result, not a trap', async () => {
    for (const body of ['null', '42', '"x"', '{"products":{"0":1}}', JSON.stringify({ products: [[[[[]]]]] })]) {
      const response = await mf.dispatchFetch('http://worker.test/validate', { method: 'POST', body });
      assert.equal(response.status, 200, body);
      assert.equal(typeof (await response.json()).valid, 'boolean', body);
    }
  });

  test('a Worker reaches a sandbox server started by the test on 127.0.0.1', async () => {
    const { startSandboxServer } = await projectImport('wix-resellers/sandbox');
    const engine = {
      handleRaw: (method, url, headers, body) => ({
        status: 201,
        headers: ['content-type', 'text/plain'],
        body: new TextEncoder().encode(`${method} ${new URL(url).pathname} ${new TextDecoder().decode(body)}`),
        delayMs: 0,
        reset: false,
      }),
    };
    const server = await startSandboxServer({ sandbox: engine });
    try {
      const response = await mf.dispatchFetch(`http://worker.test/relay?to=${encodeURIComponent(`${server.url}/resellers/v2/packages`)}`);
      assert.equal(response.status, 201);
      assert.equal(await response.text(), 'POST /resellers/v2/packages from workerd');
    } finally {
      await server.close();
    }
  });
});

describe('sandbox entry in workerd', () => {
  let mf;
  let sandboxExports;
  before(async () => {
    mf = start(await bundle('sandbox-worker.mjs'));
    sandboxExports = await (await mf.dispatchFetch('http://worker.test/exports')).json();
  });
  after(() => mf?.dispose());

  test('exports what the Node sandbox entry does', async () => {
    const node = await projectImport('wix-resellers/sandbox');
    assert.deepEqual(sandboxExports, Object.keys(node).sort());
    const response = await mf.dispatchFetch('http://worker.test/validate', { method: 'POST', body: '{"products":[]}' });
    assert.equal(typeof (await response.json()).valid, 'boolean');
  });

  test('startSandboxServer rejects with a message pointing at sandbox.fetch', async () => {
    const response = await mf.dispatchFetch('http://worker.test/start-server');
    assert.equal(response.status, 501);
    assert.match(await response.text(), /needs Node.*sandbox\.fetch/s);
  });

  test('a Worker serves the sandbox: GET /_sandbox/catalog', async () => {
    assert.ok(sandboxExports.includes('Sandbox'), `the workerd sandbox entry exports no Sandbox: ${sandboxExports}`);
    const response = await mf.dispatchFetch('http://worker.test/_sandbox/catalog');
    assert.equal(response.status, 200);
    const catalog = await response.json();
    assert.ok(Array.isArray(catalog.products) && catalog.products.length > 0);
  });
});

describe('both entries in one Worker', () => {
  let mf;
  before(async () => {
    mf = start(await bundle('entries-worker.mjs'));
  });
  after(() => mf?.dispose());

  test('every name both entries export is one object; errors from either client are instanceof both', async () => {
    const response = await mf.dispatchFetch('http://worker.test/', {
      method: 'POST',
      body: JSON.stringify({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId }),
    });
    const r = await response.json();
    assert.deepEqual(r.shared.sort(), ['ResellersClient', 'ResellersError', 'validateAdjustProductInstance', 'validateCreatePackage']);
    assert.deepEqual(r.different, []);
    for (const from of ['main', 'sandbox']) {
      assert.equal(r.results[from].apiCode, 'PACKAGE_NOT_FOUND', `a ${from}-entry client works over sandbox.fetch`);
      assert.ok(r.results[from].apiInstanceOfBoth, `a ${from}-entry client's error is instanceof both classes`);
    }
  });
});
