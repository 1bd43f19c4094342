// A checkout hook Worker: the client is built from bindings, so a test can
// hand it the sandbox's fetch (`env.WIX_FETCH`) where production has none.
import { ResellersClient, ResellersError } from 'wix-resellers';

export function wixClient(env) {
  return new ResellersClient({ apiKey: env.WIX_API_KEY, accountId: env.WIX_ACCOUNT_ID, ...(env.WIX_FETCH ? { fetch: env.WIX_FETCH } : {}) });
}

export default {
  async fetch(request, env) {
    const { orderId, products } = await request.json();
    try {
      const { package: pkg } = await wixClient(env).createPackageV2({ externalId: orderId, idempotencyKey: orderId, products });
      return Response.json({ packageId: pkg.id }, { status: 201 });
    } catch (error) {
      if (!(error instanceof ResellersError)) throw error;
      return Response.json({ code: error.code }, { status: error.retryable ? 503 : 422 });
    }
  },
};
