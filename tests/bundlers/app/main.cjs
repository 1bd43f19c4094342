'use strict';
// CommonJS entry: `require('wix-resellers')` resolves the package's index.cjs,
// a different file from the one `import` resolves, so it is bundled too.
const { ResellersClient, ResellersError } = require('wix-resellers');

async function main() {
  const client = new ResellersClient({ apiKey: 'sandbox-reseller-key', accountId: '5e11e500-0000-4000-8000-000000000001', baseUrl: process.env.WIX_BASE_URL });
  const { package: created } = await client.createPackageV2({
    externalId: 'bundled-1',
    idempotencyKey: `bundled-${Math.random()}`,
    products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000101', countryCode: 'US', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } } }],
  });
  const error = await client.getPackage('00000000-0000-4000-8000-000000000000').catch((caught) => caught);
  return { created: created.productInstances[0].status, externalId: created.externalId, typedError: error instanceof ResellersError, code: error?.code };
}

main().then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
