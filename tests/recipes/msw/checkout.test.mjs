// Recipe: MSW. The app keeps its production base URL; MSW's node server
// intercepts every request to https://www.wixapis.com and hands it to an
// in-process sandbox (sandbox.fetch takes the intercepted Request as it is),
// so the sandbox answers exactly what Wix would, and nothing leaves the
// process: onUnhandledRequest 'error' fails any request MSW did not match.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { ResellersError } from 'wix-resellers';
import { Sandbox } from 'wix-resellers/sandbox';
import { checkout, wixClient } from './app.mjs';

const sandbox = new Sandbox({ seed: true });
const server = setupServer(http.all('https://www.wixapis.com/*', ({ request }) => sandbox.fetch(request)));

// The seed's reseller, site and plan, where the app reads its configuration.
const env = {
  WIX_API_KEY: 'sandbox-reseller-key',
  WIX_ACCOUNT_ID: '5e11e500-0000-4000-8000-000000000001',
  WIX_PLAN_PRODUCT_ID: 'ca7a1090-0000-4000-8000-000000000101',
};
const SITE = '517e0000-0000-4000-8000-000000000a01';

before(() => {
  Object.assign(process.env, env);
  server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => sandbox.reset());
after(() => server.close());

test('the app, unchanged, provisions against the sandbox', async () => {
  const wix = wixClient();
  const pkg = await checkout(wix, 'order-2001', SITE);
  assert.equal(pkg.productInstances[0].status, 'PENDING');
  // The sandbox holds what the app made: read it back through the control API.
  assert.equal(sandbox.snapshot().packages.length, 1);
});

test('Wix errors arrive typed, with the production URL in use', async () => {
  const wix = wixClient();
  await checkout(wix, 'order-2002', SITE);
  // The same site cannot hold a second live Premium plan.
  const error = await checkout(wix, 'order-2003', SITE).catch((e) => e);
  assert.ok(error instanceof ResellersError);
  assert.equal(error.status, 428);
  assert.equal(error.code, 'PRODUCT_TYPE_ALREADY_ASSIGNED');
});
