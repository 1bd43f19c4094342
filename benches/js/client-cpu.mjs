// Client CPU for a 1000-product Create Package V2, network excluded: the
// client's `fetch` returns a prebuilt 200 answer (a 1000-instance package) at
// once. Splits the call into the client's phases with timestamps taken in the
// fake fetch, and measures the JS-only Request/Response work it contains
// (undici's Request construction, Response.arrayBuffer) on its own, so the
// Rust/wasm share can be told apart.
import { ResellersClient, validateCreatePackage } from 'wix-resellers';
import { Sandbox } from 'wix-resellers/sandbox';

const ITER = Number(process.env.BENCH_CPU_ITER || 400);
const WARMUP = 60;
const BATCH = 20; // Responses prebuilt per batch, outside the timed region
const ACCOUNT = '5e11e500-0000-4000-8000-000000000001';
const PRODUCT = 'ca7a1090-0000-4000-8000-000000000101';
const request = {
  products: Array.from({ length: 1000 }, () => ({
    catalogProductId: PRODUCT,
    countryCode: 'GB',
    billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } },
  })),
  externalId: 'order-1000',
  idempotencyKey: 'bench-key-1',
};
// The answer is the sandbox's own answer to this request (1000 PENDING instances).
const answerBytes = (() => {
  const sandbox = new Sandbox({});
  const headers = ['authorization', 'sandbox-reseller-key', 'wix-account-id', ACCOUNT, 'content-type', 'application/json'];
  const raw = sandbox.handleRaw('POST', 'http://127.0.0.1/resellers/v2/packages', headers, new TextEncoder().encode(JSON.stringify(request)));
  if (raw.status !== 200) throw new Error(`the sandbox refused the 1000-product create: ${raw.status}`);
  sandbox.free();
  return raw.body.slice();
})();
const responseHeaders = { 'content-type': 'application/json', 'x-wix-request-id': 'bench-request' };
const makeResponse = () => new Response(answerBytes.slice(), { status: 200, headers: responseHeaders });

let prebuilt = [];
let fetchCalledAt = 0;
let fetchReturnedAt = 0;
let requestBytes = 0;
const fakeFetch = (_request) => {
  fetchCalledAt = performance.now();
  const response = prebuilt.pop();
  fetchReturnedAt = performance.now();
  return Promise.resolve(response);
};
const client = new ResellersClient({ apiKey: 'IST.bench-key-0123456789', accountId: ACCOUNT, baseUrl: 'https://www.wixapis.com', fetch: fakeFetch });

// Check once that the answer is decoded (not an error path).
prebuilt = [makeResponse()];
const check = await client.createPackageV2(request);
if (check.package.productInstances.length !== 1000) throw new Error('the 1000-instance answer was not decoded');
{
  let seen;
  const probe = new ResellersClient({ apiKey: 'IST.bench-key-0123456789', accountId: ACCOUNT, fetch: async (req) => { seen = req; return makeResponse(); } });
  await probe.createPackageV2(request);
  requestBytes = (await seen.arrayBuffer()).byteLength;
}

const total = [];
const before = []; // call -> fetch invoked: stringify bridge, validate, serialise, Request construction
const after = []; // fetch returned -> promise resolved: race, arrayBuffer, copy, decode, JSON bridge back
let cpuUser = 0;
let cpuSystem = 0;
for (let done = 0; done < WARMUP + ITER; ) {
  prebuilt = Array.from({ length: BATCH }, makeResponse);
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < BATCH; i++, done++) {
    const t0 = performance.now();
    await client.createPackageV2(request);
    const t1 = performance.now();
    if (done >= WARMUP) {
      total.push(t1 - t0);
      before.push(fetchCalledAt - t0);
      after.push(t1 - fetchReturnedAt);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  if (done > WARMUP) {
    cpuUser += cpu.user;
    cpuSystem += cpu.system;
  }
}

// BENCH_ONLY_CREATE=1 (for node --cpu-prof) stops after the create loop.
if (process.env.BENCH_ONLY_CREATE) {
  process.stdout.write(`${JSON.stringify({ iterations: ITER, total })}\n`);
  process.exit(0);
}

// validateCreatePackage alone (JSON bridge in, rules, JSON bridge out).
const validate = [];
for (let i = 0; i < WARMUP + ITER; i++) {
  const t0 = performance.now();
  validateCreatePackage(request);
  if (i >= WARMUP) validate.push(performance.now() - t0);
}

// The JS-only parts the client's call contains, measured alone with the same sizes.
const requestBody = new Uint8Array(requestBytes);
const jsRequest = [];
const jsResponse = [];
const jsStringify = [];
const jsParse = [];
const answerText = new TextDecoder().decode(answerBytes);
for (let done = 0; done < WARMUP + ITER; ) {
  prebuilt = Array.from({ length: BATCH }, makeResponse);
  for (let i = 0; i < BATCH; i++, done++) {
    const t0 = performance.now();
    const headers = new Headers();
    headers.append('authorization', 'IST.bench-key-0123456789');
    headers.append('wix-account-id', ACCOUNT);
    headers.append('accept', 'application/json');
    headers.append('content-type', 'application/json');
    const controller = new AbortController();
    const req = new Request('https://www.wixapis.com/resellers/v2/packages', {
      method: 'POST', headers, redirect: 'manual', signal: controller.signal, body: requestBody.slice(),
    });
    const t1 = performance.now();
    const response = prebuilt.pop();
    response.headers.get('x-wix-request-id');
    const buffer = await response.arrayBuffer();
    const t2 = performance.now();
    JSON.stringify(request);
    const t3 = performance.now();
    JSON.parse(answerText);
    const t4 = performance.now();
    if (done >= WARMUP && req && buffer.byteLength) {
      jsRequest.push(t1 - t0);
      jsResponse.push(t2 - t1);
      jsStringify.push(t3 - t2);
      jsParse.push(t4 - t3);
    }
  }
}

const med = (v) => { const s = [...v].sort((a, b) => a - b); return s[(s.length - 1) >> 1] / 2 + s[s.length >> 1] / 2; };
const jsShare = med(jsRequest) + med(jsResponse);
if (process.env.BENCH_DUMP) {
  for (const [k, v] of Object.entries({ total, before, after, validate })) {
    const s = [...v].sort((a, b) => a - b);
    process.stderr.write(`${k} min/p10/p25/p50/p75/p90/max ${[0, 0.1, 0.25, 0.5, 0.75, 0.9, 1].map((q) => s[Math.round((s.length - 1) * q)].toFixed(2)).join(' ')}\n`);
  }
}
process.stdout.write(`${JSON.stringify({
  iterations: ITER,
  requestBytes,
  responseBytes: answerBytes.byteLength,
  totalMs: med(total),
  minMs: Math.min(...total),
  cpuPerCallMs: (cpuUser + cpuSystem) / 1000 / ITER,
  beforeFetchMs: med(before),
  afterFetchMs: med(after),
  validateOnlyMs: med(validate),
  jsRequestMs: med(jsRequest),
  jsResponseMs: med(jsResponse),
  jsStringifyMs: med(jsStringify),
  jsParseMs: med(jsParse),
  rustShareMs: med(total) - jsShare,
  wasmOnlyMs: med(total) - jsShare - med(jsStringify) - med(jsParse),
})}\n`);
