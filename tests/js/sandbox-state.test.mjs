// State snapshots on the installed package: `sandbox.snapshot()` /
// `sandbox.restore()` in-process and `GET`/`PUT /_sandbox/state` through
// startSandboxServer (which forwards them to the engine unchanged); a
// restored sandbox serves the same world and hands out the next IDs the
// saved one would have; a refused snapshot throws (400 over HTTP) and
// changes nothing; the declarations type-check.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ResellersClient, Sandbox, plan, seed, startSandboxServer } from './helpers/api-fronts.mjs';
import { installPackage, root } from './helpers/package.mjs';

const clientOf = (sandbox) => new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch: sandbox.fetch });

/** The snapshot without what every request moves (the clock's floor, the ID generator). */
function world(snapshot) {
  const { clock: _clock, ids: _ids, ...rest } = snapshot;
  return rest;
}

async function seededWorld(sandbox) {
  const client = clientOf(sandbox);
  const { package: first } = await client.createPackageV2({ externalId: 'order-1', products: [plan({ siteId: seed.site })] });
  await client.createPackageV2({ products: [{ catalogProductId: seed.domain, countryCode: 'US', siteId: seed.site }] });
  await client.createPackageV2({ products: [{ catalogProductId: seed.siteBooster, countryCode: 'US' }] }, { idempotencyKey: 'booster-1' });
  sandbox.injectFault({ code: 'PRODUCT_SETTINGS_NOT_FOUND', pathPrefix: '/resellers/v2/packages' });
  return first;
}

test('snapshot() is the whole world, versioned; restore() into a new sandbox serves it and goes on with the same IDs', async () => {
  const saved = new Sandbox();
  const first = await seededWorld(saved);
  const snapshot = saved.snapshot();
  assert.equal(snapshot.format, 'wix-resellers-sandbox-state');
  assert.equal(snapshot.version, 1);
  assert.equal(snapshot.packages.length, 3);
  assert.equal(snapshot.deliveries.length, 1, 'the booster is delivered after 60 s');
  assert.equal(snapshot.idempotency.length, 3, 'every keyed create (the client keys them all)');
  assert.equal(snapshot.faults[0].code, 'PRODUCT_SETTINGS_NOT_FOUND');
  assert.match(snapshot.ids.next, /^[0-9a-f]{16}$/);

  const restored = new Sandbox({ seed: false });
  const summary = restored.restore(snapshot);
  assert.deepEqual(summary, {
    version: 1,
    bytes: summary.bytes,
    accounts: 3,
    sites: 5,
    products: 9,
    packages: 3,
    instances: 3,
  });
  assert.ok(summary.bytes > 4000);
  // One request each from here on, so that both draw the same IDs.
  assert.deepEqual(world(restored.snapshot()), world(saved.snapshot()));

  const [a, b] = [clientOf(saved), clientOf(restored)];
  assert.deepEqual(await b.getPackage(first.id), await a.getPackage(first.id));
  for (const client of [a, b]) {
    await assert.rejects(client.createPackageV2({ products: [plan()] }), { code: 'PRODUCT_SETTINGS_NOT_FOUND' }, 'the armed fault came along');
  }
  const [next, nextToo] = [await a.createPackageV2({ products: [plan()] }, { idempotencyKey: 'k' }), await b.createPackageV2({ products: [plan()] }, { idempotencyKey: 'k' })];
  assert.equal(nextToo.package.id, next.package.id, 'the ID generator came along');
  saved.free();
  restored.free();
});

test('restore() takes the JSON text too, and refuses a bad snapshot whole, changing nothing', async () => {
  const sandbox = new Sandbox();
  await seededWorld(sandbox);
  const good = sandbox.snapshot();
  const other = new Sandbox();
  await clientOf(other).createPackageV2({ products: [plan()] });
  const before = world(other.snapshot());

  const bad = [
    [JSON.stringify({ ...good, version: 2 }), /version 1, not 2/],
    ['{"format":', /not a snapshot this sandbox can restore/],
    [{ ...good, format: 'something' }, /format/],
    [{ ...good, packages: [good.packages[0], good.packages[0]] }, /packages\[1\]\.id: another package has this ID/],
    [{ ...good, extra: true }, /unknown field `extra`/],
    [{ ...good, clock: { nowMs: 1n, offsetMs: 0 } }, /restore: .*BigInt/i],
    [{ ...good, catalog: [() => 1] }, /restore: .*function/i],
  ];
  for (const [snapshot, message] of bad) {
    assert.throws(() => other.restore(snapshot), message);
    assert.deepEqual(world(other.snapshot()), before, `${String(message)}: the world is as it was`);
  }
  const summary = other.restore(JSON.stringify(good));
  assert.equal(summary.packages, 3);
  assert.deepEqual(world(other.snapshot()), world(good));
  sandbox.free();
  other.free();
});

test('GET and PUT /_sandbox/state over HTTP: the server forwards them to the engine', async () => {
  const sandbox = new Sandbox();
  await seededWorld(sandbox);
  const target = new Sandbox({ seed: false });
  const [from, to] = [await startSandboxServer({ sandbox }), await startSandboxServer({ sandbox: target })];
  try {
    const got = await fetch(`${from.url}/_sandbox/state`);
    assert.equal(got.status, 200);
    assert.match(got.headers.get('content-type') ?? '', /application\/json/);
    const text = await got.text();
    const put = await fetch(`${to.url}/_sandbox/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: text });
    assert.equal(put.status, 200);
    assert.equal((await put.json()).bytes, Buffer.byteLength(text));
    assert.deepEqual(world(target.snapshot()), world(JSON.parse(text)));

    const refused = await fetch(`${to.url}/_sandbox/state`, { method: 'PUT', body: JSON.stringify({ ...JSON.parse(text), version: 9 }) });
    assert.equal(refused.status, 400);
    const [violation] = (await refused.json()).details.validationError.fieldViolations;
    assert.equal(violation.field, 'version');
    assert.deepEqual(world(target.snapshot()), world(JSON.parse(text)), 'nothing changed');

    const wrongMethod = await fetch(`${to.url}/_sandbox/state`, { method: 'POST', body: text });
    assert.equal(wrongMethod.status, 405);
  } finally {
    await from.close();
    await to.close();
    sandbox.free();
    target.free();
  }
});

test('the snapshot declarations type-check: snapshot(), restore(object | text), fault codes', async () => {
  const dir = await installPackage();
  const source = `import { Sandbox, type SandboxErrorCode, type SandboxState, type SandboxStateRestored } from 'wix-resellers/sandbox';
const sandbox = new Sandbox();
const state: SandboxState = sandbox.snapshot();
const version: 1 = state.version;
const format: 'wix-resellers-sandbox-state' = state.format;
const restored: SandboxStateRestored = sandbox.restore(state);
const bytes: number = sandbox.restore(JSON.stringify(state)).bytes + restored.packages;
const next: string = state.ids.next;
const now: number = state.clock.nowMs;
const apiKey: string | undefined = state.accounts[0]?.apiKey;
const product: string | undefined = state.catalog[0]?.catalogProductId;
const instance: string | undefined = state.packages[0]?.productInstances[0]?.instanceId;
const due: number | undefined = state.deliveries[0]?.dueMs;
const replayed: number | undefined = state.idempotency[0]?.status;
const code: SandboxErrorCode | undefined = state.faults[0]?.code;
sandbox.injectFault({ code: 'PRODUCT_SETTINGS_NOT_FOUND', mode: 'floating', times: 2 });
// @ts-expect-error not a code of the API
sandbox.injectFault({ code: 'NO_SUCH_CODE' });
// @ts-expect-error a snapshot is an object or its text
sandbox.restore(42);
export { version, format, bytes, next, now, apiKey, product, instance, due, replayed, code };
`;
  fs.writeFileSync(path.join(dir, 'sandbox-state-types.mts'), source);
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.node16.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'tsconfig.sandbox-state.json'), JSON.stringify({ ...config, files: ['sandbox-state-types.mts'] }));
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.sandbox-state.json')], { cwd: dir, timeout: 120_000 });
  } catch (error) {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  }
});
