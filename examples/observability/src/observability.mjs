// Structured logs and OpenTelemetry spans and metrics for wix-resellers, built
// on the client's two hooks (`onRequest`, `onResponse`) rather than on a
// wrapped `fetch`: a wrapped fetch sees the `authorization` header, the hooks
// never see a header value or the key, so nothing here can leak it.
//
// Both functions take client options and return new ones, so they compose:
//
//   new ResellersClient(withPinoLogging(withOpenTelemetry(options, { tracer, meter }), logger))
//
// Each keeps the hooks already in `options` (the caller's own, or the other
// function's) and calls them too.
import { SpanKind, SpanStatusCode, context } from '@opentelemetry/api';

/** The client's default origin (what `baseUrl` is when it is not given). */
const WIX_ORIGIN = 'https://www.wixapis.com';

/**
 * Client options whose hooks log every attempt with pino: `onRequest` at
 * debug ('wix request'), `onResponse` at info when the attempt got its
 * answer, at warn when it failed ('wix response'). A failed attempt is only a
 * warning because a hook cannot tell whether a retry follows or whether the
 * caller expected the error (a 404 it handles): the caller's own `catch`
 * logs the call's final failure.
 *
 * Fields: method, path, attempt, idempotencyKey; on responses also status,
 * requestId, elapsedMs, retryable, code. They are copied one by one, not
 * spread, so a field a later client version adds reaches the log only once
 * someone has looked at it. No accountId: `withAccount` copies the hooks, so
 * one logger hears the reseller and every sub-account alike.
 *
 * @template {object} T
 * @param {T} options The client options (`apiKey`, `accountId`, ...).
 * @param {import('pino').Logger} logger
 * @returns {T & { onRequest(event: object): void, onResponse(event: object): void }}
 */
export function withPinoLogging(options, logger) {
  return withHooks(options, {
    onRequest(event) {
      logger.debug(requestFields(event), 'wix request');
    },
    onResponse(event) {
      const fields = {
        ...requestFields(event),
        status: event.status,
        requestId: event.requestId,
        elapsedMs: event.elapsedMs,
        retryable: event.retryable,
        code: event.code,
      };
      if (event.code === undefined) logger.info(fields, 'wix response');
      else logger.warn(fields, 'wix response');
    },
  });
}

/**
 * Client options whose hooks record, through the OpenTelemetry API only (the
 * application sets up the SDK and its exporters):
 *
 * - one CLIENT span per attempt, named `<METHOD> <url.template>`, with
 *   http.request.method, url.path, url.template, server.address,
 *   server.port, http.response.status_code, wix.request_id, wix.attempt,
 *   http.request.resend_count (retries only), wix.idempotency_key,
 *   wix.retryable and, for a failed attempt, error.type = the error's code
 *   and status ERROR;
 * - `wix.client.attempt.duration`, a histogram of attempt durations in
 *   seconds;
 * - `wix.client.retries`, a counter of attempts after a call's first
 *   (reconciliation queries included: they are attempts too).
 *
 * Why a span per attempt and not per call: the hooks describe attempts, and
 * no hook says a call is over (the last attempt's event does not know it is
 * the last), so a per-call span could not be ended from here. Wrap a call in
 * your own span (`tracer.startActiveSpan`) for that: with a context manager
 * registered (the Node SDK registers one) the attempt spans are its children.
 *
 * Why the span is made in `onResponse`, its start set `elapsedMs` back:
 * nothing has to pair a response with its request. Two identical reads in
 * flight (same method, path and attempt, no idempotency key) have events
 * that cannot be told apart, so spans opened in `onRequest` could be closed
 * by the wrong answer. The cost: the span is never the active one during
 * the attempt, which changes nothing here (the client sends no traceparent).
 *
 * Metric attributes are low-cardinality on purpose: url.template
 * (`/resellers/v1/packages/{id}`), never url.path, which holds IDs.
 *
 * Named `wix.client.*` rather than `http.client.request.duration`: an
 * instrumented `fetch` (the Node SDK's undici instrumentation) reports that
 * one for the same requests already, and a shared name would count them twice.
 *
 * @template {object & { baseUrl?: string }} T
 * @param {T} options The client options (`baseUrl` names server.address).
 * @param {{ tracer: import('@opentelemetry/api').Tracer, meter: import('@opentelemetry/api').Meter }} otel
 * @returns {T & { onRequest(event: object): void, onResponse(event: object): void }}
 */
export function withOpenTelemetry(options, { tracer, meter }) {
  const origin = new URL(options.baseUrl ?? WIX_ORIGIN);
  const server = {
    'server.address': origin.hostname,
    'server.port': Number(origin.port) || (origin.protocol === 'http:' ? 80 : 443),
  };
  const duration = meter.createHistogram('wix.client.attempt.duration', {
    description: 'Duration of one attempt of a wix-resellers call (each retry is one attempt)',
    unit: 's',
    // OpenTelemetry's HTTP client buckets, so the figures line up with them.
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
  });
  const retries = meter.createCounter('wix.client.retries', {
    description: 'Attempts of wix-resellers calls after the first (retries and reconciliation queries)',
    unit: '{attempt}',
  });

  return withHooks(options, {
    onRequest(event) {
      // Counted when the retry is sent, not when an attempt fails retryably:
      // the last attempt of a call may fail retryably and never be retried.
      if (event.attempt > 1) retries.add(1, { 'http.request.method': event.method, 'url.template': template(event.path), ...server });
    },
    onResponse(event) {
      const end = Date.now();
      const route = template(event.path);
      const shared = {
        'http.request.method': event.method,
        'url.template': route,
        ...server,
        ...(event.status !== undefined && { 'http.response.status_code': event.status }),
        ...(event.code !== undefined && { 'error.type': event.code }),
      };
      duration.record(event.elapsedMs / 1000, shared);
      // The hook runs in the call's async context, so context.active() is the
      // caller's span when there is one (and a context manager to carry it).
      const span = tracer.startSpan(`${event.method} ${route}`, {
        kind: SpanKind.CLIENT,
        startTime: end - event.elapsedMs,
        attributes: {
          ...shared,
          'url.path': event.path,
          'wix.attempt': event.attempt,
          'wix.retryable': event.retryable,
          ...(event.attempt > 1 && { 'http.request.resend_count': event.attempt - 1 }),
          ...(event.requestId !== undefined && { 'wix.request_id': event.requestId }),
          ...(event.idempotencyKey !== undefined && { 'wix.idempotency_key': event.idempotencyKey }),
        },
      }, context.active());
      if (event.code !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: event.code });
      span.end(end);
    },
  });
}

/**
 * The path with each ID segment replaced by `{id}`: Resellers IDs are GUIDs.
 * Anything else long with a digit in it is taken for an ID too, so an
 * unexpected ID shape cannot blow up a metric's cardinality.
 * @param {string} path
 */
export function template(path) {
  return path
    .split('/')
    .map((segment) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) || (segment.length >= 16 && /\d/.test(segment)) ? '{id}' : segment))
    .join('/');
}

/** The request event's fields, in the log's words. */
const requestFields = (event) => ({ method: event.method, path: event.path, attempt: event.attempt, idempotencyKey: event.idempotencyKey });

/**
 * `options` with `hooks` added after the hooks it already has. Each hook
 * gets its own copy of the event and runs even when the one before threw or
 * rejected: the client swallows what the combined hook throws, but it could
 * not stop the first hook's bug from silencing the second.
 */
function withHooks(options, hooks) {
  const both = (first, second) => (first ? (event) => { quietly(first, event); quietly(second, event); } : second);
  return { ...options, onRequest: both(options.onRequest, hooks.onRequest), onResponse: both(options.onResponse, hooks.onResponse) };
}

function quietly(hook, event) {
  try {
    const result = hook({ ...event });
    // An async hook's rejection would otherwise be an unhandled rejection.
    if (result && typeof result.then === 'function') result.then(undefined, () => {});
  } catch (_) {
    // Ignored, as the client ignores it: a logger's bug must not fail a paid call.
  }
}
