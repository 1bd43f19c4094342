// The smallest useful Worker over the lean client, bundled by wrangler
// (`deploy --dry-run`) to read the upload size a real deploy would have: a
// checkout hook that validates the order offline and creates the package.
import { ResellersClient, ResellersError, validateCreatePackage } from 'wix-resellers';

export default {
  async fetch(request, env) {
    const order = await request.json();
    const check = validateCreatePackage(order);
    if (!check.valid) return Response.json(check, { status: 400 });
    const client = new ResellersClient({ apiKey: env.WIX_API_KEY, accountId: env.WIX_ACCOUNT_ID });
    try {
      return Response.json(await client.createPackageV2(order));
    } catch (error) {
      if (error instanceof ResellersError) return Response.json({ code: error.code }, { status: error.status ?? 502 });
      throw error;
    }
  },
};
