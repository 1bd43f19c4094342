// The tests of one run share the globalSetup's server: each file resets it
// first (files run one after another in a worker, but several workers may run
// at once, so give each test its own externalId rather than rely on order).
import { beforeAll, expect, inject, test } from 'vitest';
import { ResellersClient, ResellersError } from 'wix-resellers';

const baseUrl = inject('wixBaseUrl'); // a string, by the ProvidedContext augmentation
const wix = new ResellersClient({ apiKey: 'sandbox-reseller-key', accountId: '5e11e500-0000-4000-8000-000000000001', baseUrl });
const LIGHT_PLAN = 'ca7a1090-0000-4000-8000-000000000101';

beforeAll(async () => {
  // The control API over HTTP, as any process can reach it.
  const response = await fetch(`${baseUrl}/_sandbox/reset`, { method: 'POST' });
  expect(response.status).toBe(200);
});

test('a floating plan is created and found by its externalId', async () => {
  const { package: pkg } = await wix.createPackageV2({
    externalId: 'vitest-order-1',
    products: [{ catalogProductId: LIGHT_PLAN, countryCode: 'US', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } } }],
  });
  expect(pkg.productInstances?.[0]?.siteId).toBeUndefined();
  const { packages } = await wix.queryPackages({ filter: { externalId: { $eq: 'vitest-order-1' } } });
  expect(packages?.map((p) => p.id)).toEqual([pkg.id]);
});

test('errors are ResellersError with a code to branch on', async () => {
  const error: unknown = await wix.getPackage('00000000-0000-4000-8000-00000000dead').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ResellersError);
  expect((error as ResellersError).code).toBe('PACKAGE_NOT_FOUND');
});
