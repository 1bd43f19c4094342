// The app's code, unchanged for the tests: the client is made with no
// baseUrl, so it calls https://www.wixapis.com with the global fetch.
import { ResellersClient } from 'wix-resellers';

export function wixClient(env = process.env) {
  return new ResellersClient({ apiKey: env.WIX_API_KEY, accountId: env.WIX_ACCOUNT_ID });
}

export async function checkout(wix, orderId, siteId) {
  const { package: pkg } = await wix.createPackageV2({
    externalId: orderId,
    idempotencyKey: orderId,
    products: [{ catalogProductId: process.env.WIX_PLAN_PRODUCT_ID, siteId, countryCode: 'US', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } } }],
  });
  return pkg;
}
