// The CLI as a new user meets it: `wix-resellers-sandbox --port 0` from the
// installed package's bin, read the printed URL, then the README's curl
// equivalent with plain fetch (create, then query, with the seeded key and
// account, which the banner prints), then the client against the same URL;
// Ctrl-C (SIGINT) stops it with exit code 0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchSandboxBin as launch } from './helpers/cli.mjs';
import { ResellersClient, seed } from './helpers/api-fronts.mjs';

test('wix-resellers-sandbox --port 0: printed URL, seeded key, create and query over fetch, SIGINT exits 0', async () => {
  const { child, url, exited, output, errors } = await launch(['--port', '0']);
  try {
    assert.doesNotMatch(url, /:0$/, 'a real port was chosen');
    // the banner tells a new user which key and account to use
    const banner = output();
    assert.match(banner, new RegExp(`reseller account ${seed.resellerAccountId}\\s+api key ${seed.resellerKey}`));
    assert.match(banner, new RegExp(`sub-account\\s+${seed.subAccountId}`));

    const headers = { authorization: seed.resellerKey, 'wix-account-id': seed.resellerAccountId, 'content-type': 'application/json' };
    const create = await fetch(`${url}/resellers/v2/packages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        products: [{ catalogProductId: seed.light, siteId: seed.site, countryCode: 'BR', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } } }],
        externalId: 'some-external-id',
      }),
    });
    assert.equal(create.status, 200);
    assert.ok(create.headers.get('x-wix-request-id'));
    const created = await create.json();
    assert.equal(created.package.externalId, 'some-external-id');
    assert.equal(created.package.productInstances[0].status, 'PENDING');

    const query = await fetch(`${url}/resellers/v1/packages/query`, { method: 'POST', headers, body: JSON.stringify({ query: {} }) });
    assert.equal(query.status, 200);
    const { packages, metadata } = await query.json();
    assert.deepEqual(packages.map((p) => p.id), [created.package.id]);
    assert.equal(packages[0].productInstances[0].status, 'ENABLED');
    assert.equal(metadata.count, 1);

    // the client with baseUrl = the printed URL sees the same state
    const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl: url });
    assert.equal((await client.getPackage(created.package.id)).externalId, 'some-external-id');

    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(output(), /POST \/resellers\/v2\/packages 200 \d+\.\dms/);
    assert.match(output(), /POST \/resellers\/v1\/packages\/query 200/);
    assert.equal(errors(), '');
  } finally {
    child.kill('SIGINT');
  }
  assert.deepEqual(await exited, { code: 0, signal: null });
  assert.match(output(), /stopped \(SIGINT\)/);
  await assert.rejects(fetch(`${url}/_sandbox/catalog`), 'nothing listens after the stop');
});
