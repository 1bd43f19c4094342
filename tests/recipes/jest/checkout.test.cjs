// The test file: a client on the globalSetup's server. The files of a run
// share it, so each resets it first and uses its own externalIds.
const { beforeAll, describe, expect, test } = require('@jest/globals');
const { ResellersClient, ResellersError } = require('wix-resellers');

const LIGHT_PLAN = 'ca7a1090-0000-4000-8000-000000000101';
const SITE = '517e0000-0000-4000-8000-000000000a01';
const wix = new ResellersClient({
  apiKey: 'sandbox-reseller-key',
  accountId: '5e11e500-0000-4000-8000-000000000001',
  baseUrl: process.env.WIX_BASE_URL,
});

beforeAll(async () => {
  const response = await fetch(`${process.env.WIX_BASE_URL}/_sandbox/reset`, { method: 'POST' });
  expect(response.status).toBe(200);
});

describe('checkout against the sandbox server', () => {
  test('a plan lands on the site', async () => {
    const { package: pkg } = await wix.createPackageV2({
      externalId: 'jest-order-1',
      products: [{ catalogProductId: LIGHT_PLAN, siteId: SITE, countryCode: 'US', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } } }],
    });
    expect(pkg.productInstances[0]).toMatchObject({ siteId: SITE, status: 'PENDING' });
  });

  test('a typed error, across jest\'s module registry', async () => {
    const error = await wix.getPackage('00000000-0000-4000-8000-00000000dead').catch((e) => e);
    expect(error).toBeInstanceOf(ResellersError);
    expect(error).toMatchObject({ code: 'PACKAGE_NOT_FOUND', status: 404 });
  });
});
