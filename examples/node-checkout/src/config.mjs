// Where the service sends its calls. With WIX_API_KEY and WIX_ACCOUNT_ID set
// it talks to the real Wix API, and every call provisions a paid service, so
// it also needs the IDs Wix B2B sales gave you (nothing can discover them).
// Without them it starts the sandbox in this process, on 127.0.0.1 and a
// free port, so the same code runs with no account and no network.
import { ResellersClient } from 'wix-resellers';

/** The IDs the real API needs, by environment variable. */
export const REAL_API_VARS = {
  customerAccountId: 'WIX_CUSTOMER_ACCOUNT_ID', // a DIY customer's sub-account of WIX_ACCOUNT_ID
  customerSiteId: 'WIX_CUSTOMER_SITE_ID', // a site of that sub-account
  customerSecondSiteId: 'WIX_CUSTOMER_SECOND_SITE_ID', // another one, to move the plan to
  resellerSiteId: 'WIX_RESELLER_SITE_ID', // a site of WIX_ACCOUNT_ID (DIFM: built by your staff)
  planProductId: 'WIX_PLAN_PRODUCT_ID', // a Premium plan sold with RECURRING YEAR/1 and MONTH/1
  upgradeProductId: 'WIX_UPGRADE_PRODUCT_ID', // a bigger plan of the same service type
  domainProductId: 'WIX_DOMAIN_PRODUCT_ID', // a product the plan may grant for free (reference)
};

// The sandbox's default seed (GET /_sandbox/accounts and /_sandbox/catalog list them).
const SANDBOX = {
  apiKey: 'sandbox-reseller-key',
  accountId: '5e11e500-0000-4000-8000-000000000001',
  ids: {
    customerAccountId: '5e11e500-0000-4000-8000-000000000002',
    customerSiteId: '517e0000-0000-4000-8000-000000000b01',
    customerSecondSiteId: '517e0000-0000-4000-8000-000000000b02',
    resellerSiteId: '517e0000-0000-4000-8000-000000000a01',
    planProductId: 'ca7a1090-0000-4000-8000-000000000101', // "Light"
    upgradeProductId: 'ca7a1090-0000-4000-8000-000000000103', // "Business"
    domainProductId: 'ca7a1090-0000-4000-8000-000000000201', // "Domain Registration"
  },
};

/**
 * A reseller client and the IDs to use with it.
 * @returns {Promise<{ mode: 'wix' | 'sandbox', client: ResellersClient, ids: Record<keyof typeof REAL_API_VARS, string>, countryCode: string, baseUrl: string, close(): Promise<void> }>}
 */
export async function connect(env = process.env) {
  const countryCode = env.WIX_COUNTRY_CODE || 'US';
  if (env.WIX_API_KEY && env.WIX_ACCOUNT_ID) {
    const missing = Object.values(REAL_API_VARS).filter((name) => !env[name]);
    if (missing.length) {
      throw new Error(`WIX_API_KEY and WIX_ACCOUNT_ID are set, so this would run against the real Wix API; it also needs ${missing.join(', ')}`);
    }
    const ids = Object.fromEntries(Object.entries(REAL_API_VARS).map(([key, name]) => [key, env[name]]));
    const client = new ResellersClient({ apiKey: env.WIX_API_KEY, accountId: env.WIX_ACCOUNT_ID });
    return { mode: 'wix', client, ids, countryCode, baseUrl: 'https://www.wixapis.com', close: async () => {} };
  }
  // Imported only here: production code never loads the sandbox build.
  const { startSandboxServer } = await import('wix-resellers/sandbox');
  const server = await startSandboxServer({ host: '127.0.0.1', port: 0 });
  const client = new ResellersClient({ apiKey: SANDBOX.apiKey, accountId: SANDBOX.accountId, baseUrl: server.url });
  return { mode: 'sandbox', client, ids: { ...SANDBOX.ids }, countryCode, baseUrl: server.url, close: () => server.close() };
}
