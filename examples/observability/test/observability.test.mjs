// The recipe against the sandbox server, through the package as installed
// from dist/npm: pino writes to an array, spans go to the SDK's in-memory
// exporter, metrics are read with a pull reader, so every assertion is on
// what an exporter would have shipped.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { DataPointType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { ResellersClient, ResellersError } from 'wix-resellers';
import { startSandboxServer } from 'wix-resellers/sandbox';
import { template, withOpenTelemetry, withPinoLogging } from '../src/observability.mjs';

// The sandbox's default seed (GET /_sandbox/accounts and /_sandbox/catalog list them).
const API_KEY = 'sandbox-reseller-key';
const ACCOUNT_ID = '5e11e500-0000-4000-8000-000000000001';
const LIGHT_PLAN = 'ca7a1090-0000-4000-8000-000000000101';
const MONTHLY = { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } };
const GET_ROUTE = '/resellers/v1/packages/{id}';

/** A pull reader: `collect()` gives what a push exporter would be sent. */
class MemoryMetricReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

let server;
let client;
let spans;
let reader;
/** Every line pino wrote, raw (to look for the key) and parsed. */
const raw = [];
const logs = () => raw.map((line) => JSON.parse(line));

before(async () => {
  // What the Node SDK does for an application: carries the active span
  // across awaits, so attempt spans nest under the caller's.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  server = await startSandboxServer({ host: '127.0.0.1', port: 0 });
  spans = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer('observability-test');
  reader = new MemoryMetricReader();
  const meter = new MeterProvider({ readers: [reader] }).getMeter('observability-test');
  const logger = pino({ level: 'debug' }, { write: (line) => raw.push(line) });
  const options = { apiKey: API_KEY, accountId: ACCOUNT_ID, baseUrl: server.url };
  client = new ResellersClient(withPinoLogging(withOpenTelemetry(options, { tracer, meter }), logger));
});
after(async () => {
  await server?.close();
  context.disable();
});
beforeEach(() => {
  raw.length = 0;
  spans.reset();
});

const createPlan = (externalId) => client.createPackageV2({ products: [{ catalogProductId: LIGHT_PLAN, countryCode: 'BR', billingInfo: MONTHLY }], externalId });
const armFault = async (fault) => {
  const answer = await fetch(`${server.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  assert.equal(answer.status, 200, await answer.text());
};

describe('pino: one line per hook call', () => {
  test('a create logs its request at debug and its answer at info, with every field', async () => {
    const created = await createPlan('obs-log-1');
    const [request, response, ...rest] = logs();
    assert.equal(rest.length, 0);
    assert.equal(request.level, 20);
    assert.equal(request.msg, 'wix request');
    assert.deepEqual(
      { method: request.method, path: request.path, attempt: request.attempt, idempotencyKey: request.idempotencyKey },
      { method: 'POST', path: '/resellers/v2/packages', attempt: 1, idempotencyKey: created.idempotencyKey },
    );
    assert.equal(response.level, 30);
    assert.equal(response.msg, 'wix response');
    assert.equal(response.status, 200);
    assert.equal(response.requestId, created.$response.requestId);
    assert.equal(response.idempotencyKey, created.idempotencyKey);
    assert.equal(response.retryable, false);
    assert.equal(typeof response.elapsedMs, 'number');
    assert.equal('code' in response, false, 'no code on an answer');
  });

  test('a failed attempt is a warning with its code; the line never holds the key', async () => {
    const missing = '00000000-0000-4000-8000-000000000999';
    await assert.rejects(client.getPackage(missing), (error) => error instanceof ResellersError && error.code === 'PACKAGE_NOT_FOUND');
    const response = logs().find((line) => line.msg === 'wix response');
    assert.equal(response.level, 40);
    assert.equal(response.status, 404);
    assert.equal(response.code, 'PACKAGE_NOT_FOUND');
    assert.equal(response.path, `/resellers/v1/packages/${missing}`);
    assert.ok(response.requestId);
    assert.equal('idempotencyKey' in response, false, 'a read has no key');
  });

  test('no line and no span holds the API key or a header, a retried create included', async () => {
    await createPlan('obs-log-2');
    // A 503 on a create with an externalId: a reconciliation query, then the retry.
    await armFault({ pathPrefix: '/resellers/', times: 1, status: 503, retryAfter: 0 });
    await createPlan('obs-log-3');
    assert.ok(raw.length >= 8, `${raw.length} lines`);
    const written = [...raw, ...spans.getFinishedSpans().map((span) => JSON.stringify({ name: span.name, attributes: span.attributes }))];
    for (const text of written) {
      assert.equal(text.includes(API_KEY), false, text);
      assert.equal(/authorization/i.test(text), false, text);
    }
  });
});

describe('OpenTelemetry: one span per attempt', () => {
  test('an attempt is a CLIENT span with the HTTP and Wix attributes', async () => {
    const created = await createPlan('obs-span-1');
    const [span, ...rest] = spans.getFinishedSpans();
    assert.equal(rest.length, 0);
    assert.equal(span.name, 'POST /resellers/v2/packages');
    assert.equal(span.kind, 2 /* SpanKind.CLIENT */);
    assert.deepEqual(span.attributes, {
      'http.request.method': 'POST',
      'url.template': '/resellers/v2/packages',
      'url.path': '/resellers/v2/packages',
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'http.response.status_code': 200,
      'wix.request_id': created.$response.requestId,
      'wix.attempt': 1,
      'wix.retryable': false,
      'wix.idempotency_key': created.idempotencyKey,
    });
    assert.equal(span.status.code, 0 /* UNSET */);
  });

  test('a 503 retried once gives two spans: the failure, then the answer', async () => {
    const created = await createPlan('obs-span-2');
    spans.reset();
    raw.length = 0;
    await armFault({ pathPrefix: '/resellers/', times: 1, status: 503, retryAfter: 0 });
    const read = await client.getPackage(created.package.id);
    assert.equal(read.$response.attempts, 2);

    const [first, second, ...rest] = spans.getFinishedSpans();
    assert.equal(rest.length, 0);
    const path = `/resellers/v1/packages/${created.package.id}`;
    for (const span of [first, second]) {
      assert.equal(span.name, `GET ${GET_ROUTE}`);
      assert.equal(span.attributes['url.path'], path);
      assert.equal(span.attributes['url.template'], GET_ROUTE);
      assert.ok(span.attributes['wix.request_id'], 'the sandbox gives a failure a request ID too');
    }
    assert.equal(first.attributes['wix.attempt'], 1);
    assert.equal(first.attributes['http.response.status_code'], 503);
    assert.equal(first.attributes['error.type'], 'UNAVAILABLE');
    assert.equal(first.attributes['wix.retryable'], true);
    assert.deepEqual(first.status, { code: 2 /* ERROR */, message: 'UNAVAILABLE' });
    assert.equal(second.attributes['wix.attempt'], 2);
    assert.equal(second.attributes['http.request.resend_count'], 1);
    assert.equal(second.attributes['http.response.status_code'], 200);
    assert.equal(second.attributes['wix.request_id'], read.$response.requestId);
    assert.equal('error.type' in second.attributes, false);
    // Back-dated from elapsedMs: the spans follow each other in time.
    const ms = ([s, ns]) => s * 1e3 + ns / 1e6;
    assert.ok(ms(first.startTime) <= ms(first.endTime));
    assert.ok(ms(first.endTime) <= ms(second.startTime) + 1);

    const warned = logs().filter((line) => line.msg === 'wix response').map((line) => [line.level, line.attempt, line.status, line.code]);
    assert.deepEqual(warned, [[40, 1, 503, 'UNAVAILABLE'], [30, 2, 200, undefined]]);
  });

  test('attempt spans are children of the caller\'s span', async () => {
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer('app');
    const created = await createPlan('obs-span-3');
    spans.reset();
    const parent = await tracer.startActiveSpan('checkout', async (span) => {
      await client.getPackage(created.package.id);
      span.end();
      return span;
    });
    const attempt = spans.getFinishedSpans().find((span) => span.name === `GET ${GET_ROUTE}`);
    assert.equal(attempt.spanContext().traceId, parent.spanContext().traceId);
    assert.equal(attempt.parentSpanContext?.spanId, parent.spanContext().spanId);
    assert.equal(trace.getActiveSpan(), undefined, 'nothing left active');
  });
});

describe('OpenTelemetry metrics', () => {
  test('the duration histogram and the retry counter, by route, never by path', async () => {
    const created = await createPlan('obs-metric-1');
    await armFault({ pathPrefix: '/resellers/', times: 1, status: 503, retryAfter: 0 });
    await client.getPackage(created.package.id);

    const { resourceMetrics, errors } = await reader.collect();
    assert.deepEqual(errors, []);
    const metrics = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
    const named = (name) => metrics.find((metric) => metric.descriptor.name === name);

    const duration = named('wix.client.attempt.duration');
    assert.equal(duration.dataPointType, DataPointType.HISTOGRAM);
    assert.equal(duration.descriptor.unit, 's');
    const point = (status) => duration.dataPoints.find((p) => p.attributes['url.template'] === GET_ROUTE && p.attributes['http.response.status_code'] === status);
    assert.ok(point(503).value.count >= 1);
    assert.equal(point(503).attributes['error.type'], 'UNAVAILABLE');
    assert.ok(point(200).value.count >= 1);
    assert.ok(duration.dataPoints.some((p) => p.attributes['url.template'] === '/resellers/v2/packages'));

    const retries = named('wix.client.retries');
    assert.equal(retries.dataPointType, DataPointType.SUM);
    const retried = retries.dataPoints.find((p) => p.attributes['url.template'] === GET_ROUTE);
    assert.ok(retried.value >= 1);
    assert.equal(retried.attributes['http.request.method'], 'GET');

    for (const metric of metrics) {
      for (const p of metric.dataPoints) assert.equal('url.path' in p.attributes, false, `${metric.descriptor.name} is keyed by route, not by path`);
    }
  });
});

describe('composition', () => {
  test('hooks already in the options still run, even when one before them throws', async () => {
    const heard = [];
    const tracer = trace.getTracer('unused');
    const meter = new MeterProvider().getMeter('unused');
    const silent = pino({ level: 'debug' }, { write: (line) => heard.push(`log ${JSON.parse(line).msg}`) });
    const own = {
      apiKey: API_KEY, accountId: ACCOUNT_ID, baseUrl: server.url,
      onRequest() { throw new Error('a buggy hook of the application'); },
      onResponse: async (event) => { heard.push(`own ${event.status}`); throw new Error('and an async one'); },
    };
    const composed = new ResellersClient(withPinoLogging(withOpenTelemetry(own, { tracer, meter }), silent));
    const created = await composed.createPackageV2({ products: [{ catalogProductId: LIGHT_PLAN, countryCode: 'BR', billingInfo: MONTHLY }] });
    assert.ok(created.package.id);
    assert.deepEqual(heard, ['log wix request', 'own 200', 'log wix response']);
  });

  test('template() keeps the route and drops the IDs', () => {
    assert.equal(template('/resellers/v1/packages/e708696c-9f88-4220-b10e-0794b5a3a74c'), GET_ROUTE);
    assert.equal(
      template('/resellers/v1/packages/e708696c-9f88-4220-b10e-0794b5a3a74c/product-instances/517E0000-0000-4000-8000-000000000A01/assign'),
      '/resellers/v1/packages/{id}/product-instances/{id}/assign',
    );
    assert.equal(template('/resellers/v1/packages/query'), '/resellers/v1/packages/query');
    assert.equal(template('/resellers/v1/packages/pkg0123456789abcdef'), GET_ROUTE);
  });
});
