// The ESM example flow, written once for every runtime under test (Node, Deno,
// Bun): only web APIs and node:assert, which all three provide, so a failure
// is the package's and not this file's. The entries (main.mjs, main-npm.mjs)
// differ only in how they import the package.
import assert from 'node:assert/strict';

const RESELLER = { apiKey: 'sandbox-reseller-key', accountId: '5e11e500-0000-4000-8000-000000000001' };
const SITE = '517e0000-0000-4000-8000-000000000a01';
const LIGHT = 'ca7a1090-0000-4000-8000-000000000101';
const MISSING_PACKAGE = '00000000-0000-4000-8000-00000000dead';

/** Creates a package, reads it back and provokes a typed error through `client`. */
async function checkout(client, ResellersError, label) {
  const { package: pkg } = await client.createPackageV2({
    externalId: `order-${label}`,
    products: [{ catalogProductId: LIGHT, siteId: SITE, countryCode: 'US', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } } }],
  });
  assert.equal(pkg.productInstances[0].status, 'PENDING');
  const read = await client.getPackage(pkg.id);
  assert.equal(read.externalId, `order-${label}`);
  // The runtime's error must still be the package's class with its typed fields,
  // whichever glue (and realm) the runtime loaded.
  const error = await client.getPackage(MISSING_PACKAGE).then(() => assert.fail('getPackage of a missing package resolved'), (e) => e);
  assert.ok(error instanceof ResellersError, `a ResellersError, not ${error?.constructor?.name}`);
  assert.equal(error.code, 'PACKAGE_NOT_FOUND');
  assert.equal(error.status, 404);
  assert.match(error.requestId, /^\d+\.\d{18}$/);
  console.log(`ok ${label}: package ${pkg.id} ${pkg.productInstances[0].status}, then ${error.code} (${error.status})`);
}

/**
 * `baseUrl` given: the client over the runtime's real fetch against a server
 * someone else started (the bin). Otherwise: in-process through sandbox.fetch,
 * then over HTTP through startSandboxServer on 127.0.0.1 in this runtime.
 */
export async function run({ ResellersClient, ResellersError, Sandbox, startSandboxServer }, baseUrl) {
  if (baseUrl) {
    await checkout(new ResellersClient({ ...RESELLER, baseUrl }), ResellersError, 'bin');
    return;
  }
  const sandbox = new Sandbox({ seed: true });
  await checkout(new ResellersClient({ ...RESELLER, fetch: sandbox.fetch }), ResellersError, 'in-process');
  sandbox.reset();
  const server = await startSandboxServer({ sandbox, host: '127.0.0.1', port: 0 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await checkout(new ResellersClient({ ...RESELLER, baseUrl: server.url }), ResellersError, 'startSandboxServer');
  } finally {
    await server.close();
  }
}

/** `--base-url URL` from the command line, in each runtime's own argv. */
export function baseUrlArg(argv) {
  const at = argv.indexOf('--base-url');
  return at >= 0 ? argv[at + 1] : undefined;
}
