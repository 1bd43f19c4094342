// The app every bundler bundles: one create and one typed error against the
// sandbox at WIX_BASE_URL, reported as one JSON line (run.mjs asserts it).
// Imported by the ESM entries and by the Next.js route handler.
import { ResellersClient, ResellersError } from 'wix-resellers';

const LIGHT_PLAN = 'ca7a1090-0000-4000-8000-000000000101';
const YEARLY = { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } };

export async function check(baseUrl) {
  const client = new ResellersClient({ apiKey: 'sandbox-reseller-key', accountId: '5e11e500-0000-4000-8000-000000000001', baseUrl });
  const { package: created } = await client.createPackageV2({
    externalId: 'bundled-1',
    idempotencyKey: `bundled-${Math.random()}`,
    products: [{ catalogProductId: LIGHT_PLAN, countryCode: 'US', billingInfo: YEARLY }],
  });
  let error;
  try {
    await client.getPackage('00000000-0000-4000-8000-000000000000');
  } catch (caught) {
    error = caught;
  }
  return {
    created: created.productInstances[0].status,
    externalId: created.externalId,
    typedError: error instanceof ResellersError,
    code: error?.code,
  };
}
