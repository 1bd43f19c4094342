// A checkout hook that survives a Wix outage longer than any retry budget.
//
// The hook (`fetch`, POST /checkout) does not call Wix at all: it checks the
// order offline and puts it on a Cloudflare Queue, so a paid order is durable
// the moment the shop gets its 202, whatever Wix is doing. The consumer
// (`queue`) provisions each order, and a failure becomes a delayed redelivery
// of that one message instead of a lost order.
//
// Exactly one package per order, across redeliveries, duplicate enqueues and
// resets after sending: the order id is the package's `externalId` (looked up
// before creating) and the create's idempotency key (two deliveries racing
// past the lookup still make one package); inside one call the client itself
// reconciles an unknown outcome by `externalId` before it resends.
//
// What cannot succeed (a non-retryable error: unknown product, a rule Wix
// enforces) is parked on the dead-letter queue at once; a retryable failure
// on the last delivery is moved there by the queue itself (`max_retries`).
// The dead-letter consumer records it, so nothing is dropped silently.
//
// Every outcome is written to the KV namespace OUTCOMES under the order id
// (GET /outcomes/:orderId reads it): `retrying`, then `provisioned` or
// `dead-lettered`.
//
// Bindings: WIX_API_KEY, WIX_ACCOUNT_ID (secrets), WIX_BASE_URL (optional: a
// sandbox), WEBHOOK_SECRET (optional), ORDERS and DEAD_LETTERS (queues),
// OUTCOMES (KV); RETRY_BASE_SECONDS, RETRY_MAX_SECONDS, WIX_DEADLINE_MS (vars).
import { ResellersClient, ResellersError, validateCreatePackage } from 'wix-resellers';

const DEAD_LETTER_QUEUE = 'wix-checkout-orders-dlq';

/** The create request for an order: everything derived from the order, so every delivery sends the same one. */
function createRequest(order) {
  const key = `order-${order.orderId}`;
  return {
    externalId: key,
    idempotencyKey: key,
    products: order.products.map((product) => ({ ...(order.countryCode ? { countryCode: order.countryCode } : {}), ...product })),
  };
}

/** `{ orderId, customerAccountId?, countryCode?, products }`, or a 400/422 Response. */
function readOrder(body) {
  if (body === null || typeof body !== 'object') return Response.json({ error: 'the body must be a JSON object' }, { status: 400 });
  const { orderId, customerAccountId, countryCode, products } = body;
  if (typeof orderId !== 'string' || !/^[\w-]{1,64}$/.test(orderId)) {
    return Response.json({ error: 'orderId must be 1 to 64 letters, digits, _ or -' }, { status: 400 });
  }
  if (!Array.isArray(products) || products.length === 0) return Response.json({ error: 'products must be a non-empty array' }, { status: 400 });
  const order = { orderId, ...(customerAccountId ? { customerAccountId } : {}), ...(countryCode ? { countryCode } : {}), products };
  // Checked here, before it is queued: a malformed order would only fail on
  // every delivery, and the shop is still on the line to hear why.
  const { valid, fieldViolations } = validateCreatePackage(createRequest(order));
  if (!valid) return Response.json({ orderId, error: 'INVALID_ORDER', fieldViolations }, { status: 422 });
  return order;
}

async function checkout(request, env) {
  if (env.WEBHOOK_SECRET && request.headers.get('x-webhook-secret') !== env.WEBHOOK_SECRET) {
    return Response.json({ error: 'bad webhook secret' }, { status: 401 });
  }
  let body;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'the body is not JSON' }, { status: 400 });
  }
  const order = readOrder(body);
  if (order instanceof Response) return order;
  // Only once send() resolves is the order durable; if it throws, the shop
  // gets a 5xx and redelivers (and a duplicate enqueue still makes one package).
  await env.ORDERS.send({ order, receivedAt: new Date().toISOString() }, { contentType: 'json' });
  return Response.json({ orderId: order.orderId, queued: true }, { status: 202 });
}

async function recordOutcome(env, orderId, outcome) {
  await env.OUTCOMES.put(orderId, JSON.stringify({ orderId, ...outcome, at: new Date().toISOString() }));
}

/** What an error may say in an outcome: never the API key (the client's texts are already redacted). */
const failureOf = (error) =>
  error instanceof ResellersError
    ? { code: error.code, kind: error.kind, status: error.status, retryable: error.retryable, attempts: error.attempts, requestId: error.requestId, message: error.message }
    : { code: 'WORKER_ERROR', retryable: true, message: String(error?.message ?? error) };

/** Exponential backoff between deliveries, in whole seconds (what `delaySeconds` takes): base x 2^(attempt-1), capped. */
function backoffSeconds(attempts, env) {
  const base = Number(env.RETRY_BASE_SECONDS ?? 30);
  const max = Number(env.RETRY_MAX_SECONDS ?? 3600);
  return Math.min(max, Math.ceil(base * 2 ** (attempts - 1)));
}

function clientFor(env, order) {
  const reseller = new ResellersClient({
    apiKey: env.WIX_API_KEY,
    accountId: env.WIX_ACCOUNT_ID,
    ...(env.WIX_BASE_URL ? { baseUrl: env.WIX_BASE_URL } : {}),
    // The client's own retries (2, full-jitter backoff) ride out a blip; a
    // longer outage ends the call within the deadline, and the queue, not a
    // held-open invocation, waits out the rest. A Retry-After beyond it
    // fails at once with error.retryAfterMs, which the redelivery honours.
    maxRetries: 2,
    deadlineMs: Number(env.WIX_DEADLINE_MS ?? 30_000),
    timeoutMs: 10_000,
  });
  // DIY orders belong to the customer's own account; DIFM ones to the reseller's.
  return order.customerAccountId ? reseller.withAccount(order.customerAccountId) : reseller;
}

async function provision(order, env) {
  const client = clientFor(env, order);
  const create = createRequest(order);
  // A previous delivery may have made the package and died before its ack
  // (or lost the answer to a reset): find it instead of buying a second.
  const { packages = [] } = await client.queryPackages({ filter: { externalId: { $eq: create.externalId } } });
  if (packages.length > 0) return { pkg: packages[0], replayed: true };
  const { package: pkg } = await client.createPackageV2(create);
  return { pkg, replayed: false };
}

async function consumeOrder(message, env) {
  const { order } = message.body;
  try {
    const { pkg, replayed } = await provision(order, env);
    await recordOutcome(env, order.orderId, { status: 'provisioned', packageId: pkg.id, externalId: pkg.externalId, replayed, deliveries: message.attempts });
    message.ack();
  } catch (error) {
    const failure = failureOf(error);
    if (!failure.retryable) {
      // Will fail the same way on every delivery: park it now with the reason.
      await env.DEAD_LETTERS.send({ order, error: failure, deliveries: message.attempts }, { contentType: 'json' });
      message.ack();
      return;
    }
    const delaySeconds = error.retryAfterMs > 0 ? Math.ceil(error.retryAfterMs / 1000) : backoffSeconds(message.attempts, env);
    // Kept for the dead-letter consumer: if this was the last delivery, the
    // queue moves the message there and this is the only record of why.
    await recordOutcome(env, order.orderId, { status: 'retrying', deliveries: message.attempts, delaySeconds, lastError: failure });
    console.log(JSON.stringify({ event: 'provision_retry', orderId: order.orderId, deliveries: message.attempts, delaySeconds, code: failure.code }));
    message.retry({ delaySeconds });
  }
}

async function consumeDeadLetter(message, env) {
  const { order } = message.body;
  // Sent by consumeOrder (non-retryable: the error is in the body) or moved
  // here by the queue after max_retries (the last error is in OUTCOMES).
  const previous = message.body.error ? null : JSON.parse((await env.OUTCOMES.get(order.orderId)) ?? 'null');
  const reason = message.body.error ? 'not-retryable' : 'retries-exhausted';
  await recordOutcome(env, order.orderId, {
    status: 'dead-lettered',
    reason,
    error: message.body.error ?? previous?.lastError ?? null,
    deliveries: message.body.deliveries ?? previous?.deliveries ?? null,
    order,
  });
  console.log(JSON.stringify({ event: 'order_dead_lettered', orderId: order.orderId, reason }));
  message.ack();
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/checkout') {
      if (request.method !== 'POST') return new Response('use POST', { status: 405, headers: { allow: 'POST' } });
      return checkout(request, env);
    }
    const outcome = /^\/outcomes\/([\w-]{1,64})$/.exec(pathname);
    if (outcome && request.method === 'GET') {
      const value = await env.OUTCOMES.get(outcome[1]);
      return value === null ? Response.json({ orderId: outcome[1], status: 'unknown' }, { status: 404 }) : new Response(value, { headers: { 'content-type': 'application/json' } });
    }
    return new Response('not found', { status: 404 });
  },

  async queue(batch, env) {
    const consume = batch.queue === DEAD_LETTER_QUEUE ? consumeDeadLetter : consumeOrder;
    // Each message is acked or retried on its own, so one order's outage
    // never redelivers the orders of the same batch that went through.
    await Promise.all(
      batch.messages.map(async (message) => {
        try {
          await consume(message, env);
        } catch (error) {
          // A message neither acked nor retried is acked when the handler
          // returns: anything unexpected (KV down, say) must retry explicitly.
          console.log(JSON.stringify({ event: 'consumer_error', queue: batch.queue, message: String(error?.message ?? error) }));
          message.retry({ delaySeconds: backoffSeconds(message.attempts, env) });
        }
      }),
    );
  },
};
