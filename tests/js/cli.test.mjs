// The `wix-resellers-sandbox` bin as installed: options, errors, and (when the
// build has the Sandbox engine) a real start, request log and clean stop.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { launchSandboxBin as launch, sandboxBin } from './helpers/cli.mjs';
import { projectImport } from './helpers/package.mjs';

async function run(args) {
  try {
    const { stdout, stderr } = await promisify(execFile)(await sandboxBin(), args, { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

// The engine ships in every build: a sandbox entry without it fails the tests that start the server.
async function assertEngine() {
  const { Sandbox } = await projectImport('wix-resellers/sandbox');
  assert.equal(typeof Sandbox, 'function', 'wix-resellers/sandbox exports no Sandbox class');
}

test('--help prints the usage and exits 0', async () => {
  const { code, stdout } = await run(['--help']);
  assert.equal(code, 0);
  for (const option of ['--port', '--host', '--no-seed', '--state', '--quiet', '--help']) assert.ok(stdout.includes(option), option);
});

test('an unknown option exits 1 with the usage', async () => {
  const { code, stderr } = await run(['--bogus']);
  assert.equal(code, 1);
  assert.match(stderr, /unknown option '--bogus'/);
  assert.match(stderr, /Usage:/);
});

test('a port that is not a number exits 1', async () => {
  const { code, stderr } = await run(['--port', 'eighty']);
  assert.equal(code, 1);
  assert.match(stderr, /--port must be a number/);
});

test('starts, prints its URL and the seeded keys, logs requests, stops on SIGTERM', async () => {
  await assertEngine();
  const { child, url, exited, output } = await launch(['--port', '0']);
  try {
    const response = await fetch(`${url}/_sandbox/catalog`);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(output(), /GET \/_sandbox\/catalog 200 \d+\.\dms/);
    assert.match(output(), /api key|_sandbox\/accounts/);
  } finally {
    child.kill('SIGTERM');
  }
  assert.deepEqual(await exited, { code: 0, signal: null });
});

test('SIGINT stops it too; --quiet logs no requests', async () => {
  await assertEngine();
  const { child, url, exited, output } = await launch(['--port', '0', '--quiet', '--no-seed']);
  await (await fetch(`${url}/_sandbox/catalog`)).arrayBuffer();
  child.kill('SIGINT');
  assert.deepEqual(await exited, { code: 0, signal: null });
  assert.doesNotMatch(output(), /GET \/_sandbox/);
});

test('a port in use exits 1 with a clear message', async () => {
  await assertEngine();
  const blocker = net.createServer();
  await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const { code, stderr } = await run(['--port', String(blocker.address().port)]);
    assert.equal(code, 1);
    assert.match(stderr, /already in use/);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

// The README's flows are typed with the seed's ids, so the banner must list
// every one of them: read from the engine itself, not copied into the test.
test('the banner lists every seeded account, site and catalog product id', async () => {
  await assertEngine();
  const { Sandbox } = await projectImport('wix-resellers/sandbox');
  const seed = new Sandbox({ seed: true });
  const { accounts, sites } = seed.accounts();
  const { products } = seed.catalog();
  assert.ok(sites.length > 0 && products.length > 0, 'the seed has sites and products');
  const { child, exited, output } = await launch(['--port', '0', '--quiet']);
  child.kill('SIGTERM');
  await exited;
  const banner = output();
  for (const account of accounts) assert.ok(banner.includes(account.id), `account ${account.id} missing:\n${banner}`);
  for (const account of accounts.filter((a) => a.apiKey)) assert.ok(banner.includes(account.apiKey), `key of ${account.id} missing`);
  for (const site of sites) assert.match(banner, new RegExp(`^  ${site.id}  ${site.accountId}$`, 'm'), `site ${site.id} missing`);
  for (const product of products) {
    assert.match(banner, new RegExp(`^  ${product.catalogProductId}  ${product.name} +${product.productType} `, 'm'), `product ${product.catalogProductId} missing`);
  }
});
