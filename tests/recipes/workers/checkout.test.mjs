// Inside workerd: the sandbox runs in the test's own isolate (sandbox.fetch,
// no socket, no server to start), and the Worker is called as a function.
import { beforeEach, expect, test } from 'vitest';
import { ResellersError } from 'wix-resellers';
import { Sandbox } from 'wix-resellers/sandbox';
import worker, { wixClient } from './worker.mjs';

const env = { WIX_API_KEY: 'sandbox-reseller-key', WIX_ACCOUNT_ID: '5e11e500-0000-4000-8000-000000000001' };
const plan = {
  catalogProductId: 'ca7a1090-0000-4000-8000-000000000101',
  siteId: '517e0000-0000-4000-8000-000000000a01',
  countryCode: 'US',
  billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
};
const order = (orderId) => new Request('https://shop.example/hook', { method: 'POST', body: JSON.stringify({ orderId, products: [plan] }) });

let sandbox;
beforeEach(() => {
  sandbox = new Sandbox({ seed: true });
});

test('the client works in workerd against sandbox.fetch', async () => {
  expect(navigator.userAgent).toBe('Cloudflare-Workers'); // inside workerd, not Node
  const wix = wixClient({ ...env, WIX_FETCH: sandbox.fetch });
  const { package: pkg } = await wix.createPackageV2({ externalId: 'workers-1', products: [plan] });
  expect(pkg.productInstances[0].status).toBe('PENDING');
  await expect(wix.getPackage('00000000-0000-4000-8000-00000000dead')).rejects.toBeInstanceOf(ResellersError);
});

test('the Worker provisions once per order', async () => {
  const bindings = { ...env, WIX_FETCH: sandbox.fetch };
  const first = await worker.fetch(order('workers-2'), bindings);
  expect(first.status).toBe(201);
  // The same order again: the idempotency key replays the first answer.
  const again = await worker.fetch(order('workers-2'), bindings);
  expect(await again.json()).toEqual(await first.json());
  // Another order for the same site: Wix refuses a second plan there.
  const refused = await worker.fetch(order('workers-3'), bindings);
  expect(refused.status).toBe(422);
  expect(await refused.json()).toEqual({ code: 'PRODUCT_TYPE_ALREADY_ASSIGNED' });
});
