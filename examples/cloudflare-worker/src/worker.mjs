// A checkout hook on Cloudflare Workers: the shop calls it when an order is
// paid, and it provisions the order's Wix services as one package.
//
// Webhooks are delivered at least once, so a replay must not buy twice. The
// order id becomes the package's `externalId` (looked up before creating) and
// its idempotency key (two deliveries racing past the lookup still make one
// package); when a create's outcome is unknown (a reset after sending) the
// client itself reconciles by `externalId` before retrying.
//
// Bindings: WIX_API_KEY and WIX_ACCOUNT_ID (secrets: `wrangler secret put`),
// WIX_BASE_URL (optional: a sandbox in development), WEBHOOK_SECRET (optional
// shared secret the shop sends in `x-webhook-secret`).
import { ResellersClient, ResellersError, validateCreatePackage } from 'wix-resellers';

const CYCLES = {
  YEAR: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
  MONTH: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } },
  ONE_TIME: { type: 'ONE_TIME' },
};

/**
 * Accepts the flat shape `{ orderId, customerAccountId?, siteId?, countryCode?, products }`
 * and a shop's `order.paid` event `{ type, data: { order: { id, status, customer, billingAddress, lineItems } } }`.
 * Returns `{ paid, orderId, customerAccountId, products }`, or throws a 400 text.
 */
export function readOrder(body) {
  if (body === null || typeof body !== 'object') throw new BadRequest('the body must be a JSON object');
  if (body.type !== undefined) {
    const order = body.data?.order;
    if (body.type !== 'order.paid' || !order) return { paid: false, orderId: order?.id ?? null };
    const country = order.billingAddress?.country;
    return {
      paid: order.status === 'paid',
      orderId: order.id,
      customerAccountId: order.customer?.wixAccountId,
      products: (order.lineItems ?? []).map((item) => ({
        catalogProductId: item.sku,
        countryCode: country,
        ...(item.wixSiteId ? { siteId: item.wixSiteId } : {}),
        ...(CYCLES[item.billingCycle] ? { billingInfo: CYCLES[item.billingCycle] } : {}),
      })),
    };
  }
  const { orderId, customerAccountId, siteId, countryCode, products } = body;
  return {
    paid: true,
    orderId,
    customerAccountId,
    products: (Array.isArray(products) ? products : []).map((product) => ({
      ...(siteId ? { siteId } : {}),
      ...(countryCode ? { countryCode } : {}),
      ...product,
    })),
  };
}

class BadRequest extends Error {}

/** The package whose externalId is this order's, or null. */
async function findOrderPackage(client, externalId) {
  const { packages = [] } = await client.queryPackages({ filter: { externalId: { $eq: externalId } } });
  return packages[0] ?? null;
}

function summary(orderId, pkg, replayed) {
  return {
    orderId,
    replayed,
    package: {
      id: pkg.id,
      accountId: pkg.accountId,
      externalId: pkg.externalId,
      instances: (pkg.productInstances ?? []).map(({ instanceId, catalogProductId, siteId, status }) => ({ instanceId, catalogProductId, siteId, status })),
    },
  };
}

async function provision(request, env) {
  if (env.WEBHOOK_SECRET && request.headers.get('x-webhook-secret') !== env.WEBHOOK_SECRET) {
    return Response.json({ error: 'bad webhook secret' }, { status: 401 });
  }
  let order;
  try {
    order = readOrder(await request.json());
  } catch (error) {
    return Response.json({ error: `not an order: ${error.message}` }, { status: 400 });
  }
  if (typeof order.orderId !== 'string' || !order.orderId) return Response.json({ error: 'orderId is required' }, { status: 400 });
  // Not paid (or another event): acknowledge, so the shop stops redelivering.
  if (!order.paid) return Response.json({ orderId: order.orderId, ignored: true }, { status: 202 });

  const externalId = `order:${order.orderId}`;
  const create = { externalId, idempotencyKey: externalId, products: order.products };
  // Checked offline first: a bad order will never succeed, so answer 422 (no retry) without calling Wix.
  const { valid, fieldViolations } = validateCreatePackage(create);
  if (!valid) return Response.json({ orderId: order.orderId, error: 'INVALID_ORDER', fieldViolations }, { status: 422 });

  const reseller = new ResellersClient({
    apiKey: env.WIX_API_KEY,
    accountId: env.WIX_ACCOUNT_ID,
    ...(env.WIX_BASE_URL ? { baseUrl: env.WIX_BASE_URL } : {}),
    timeoutMs: 10_000, // a webhook sender gives up after ~30 s; keep our retries inside that
  });
  // DIY orders belong to the customer's own account; DIFM ones to the reseller's.
  const client = order.customerAccountId ? reseller.withAccount(order.customerAccountId) : reseller;

  const existing = await findOrderPackage(client, externalId);
  if (existing) return Response.json(summary(order.orderId, existing, true), { status: 200 });
  const { package: created } = await client.createPackageV2(create);
  return Response.json(summary(order.orderId, created, false), { status: 201 });
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname !== '/webhooks/order-paid') return new Response('not found', { status: 404 });
    if (request.method !== 'POST') return new Response('use POST', { status: 405, headers: { allow: 'POST' } });
    try {
      return await provision(request, env);
    } catch (error) {
      if (!(error instanceof ResellersError)) throw error;
      // Transient (network, timeout, 429, 5xx): 503 makes the shop redeliver, and
      // the redelivery finds the package by externalId if this attempt made it.
      // Anything else will fail the same way again: 422 with the code to act on.
      const status = error.retryable ? 503 : 422;
      const body = { error: error.code, kind: error.kind, status: error.status, requestId: error.requestId, message: error.message, fieldViolations: error.fieldViolations };
      console.log(JSON.stringify({ event: 'provision_failed', ...body })); // never holds the API key
      return Response.json(body, { status, headers: error.retryable ? { 'retry-after': '30' } : {} });
    }
  },
};
