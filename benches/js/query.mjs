// Query latency of the sandbox engine in Node (wasm), through
// sandbox.handleRaw: the store is filled with one-instance packages by
// handleRaw creates (there is no bulk path), like benches/sandbox.rs (every
// tenth package in the sub-account, every fiftieth canceled), then one page
// is asked for several times per case. Prints the fill time and per-case
// medians for each size.
// Usage: node query.mjs [sizes, e.g. 10000,100000] [runs]
import { Sandbox } from 'wix-resellers/sandbox';

const [sizesArg = '10000,100000', runsArg = '15'] = process.argv.slice(2);
const SIZES = sizesArg.split(',').map(Number);
const RUNS = Number(runsArg);
const RESELLER = '5e11e500-0000-4000-8000-000000000001';
const SUB = '5e11e500-0000-4000-8000-000000000002';
const headersFor = (account) => ['authorization', 'sandbox-reseller-key', 'wix-account-id', account, 'content-type', 'application/json'];
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ORIGIN = 'http://127.0.0.1';

const CASES = [
  ['default', 'default page (limit 100, createdDate DESC)', { query: {} }],
  ['canceled', 'filter productInstances.status $hasSome [CANCELED] (2%)', { query: { filter: { 'productInstances.status': { $hasSome: ['CANCELED'] } } } }],
  ['account', 'filter accountId $eq sub-account (10%)', { query: { filter: { accountId: { $eq: SUB } } } }],
  ['sorted', 'sort updatedDate DESC', { query: { sort: [{ fieldName: 'updatedDate', order: 'DESC' }] } }],
  ['offset', 'offset page (offset 500, with total)', { query: { paging: { limit: 100, offset: 500 } } }],
];

const sandbox = new Sandbox({});
let stored = 0;
function fillTo(size) {
  const t0 = performance.now();
  for (let n = stored; n < size; n++) {
    const account = n % 10 === 0 ? SUB : RESELLER;
    const body = {
      products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000101', countryCode: 'BR', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } } }],
      externalId: `order-${n}`,
    };
    const answer = sandbox.handleRaw('POST', `${ORIGIN}/resellers/v2/packages`, headersFor(account), encoder.encode(JSON.stringify(body)));
    if (answer.status !== 200) throw new Error(`create ${n}: HTTP ${answer.status} ${decoder.decode(answer.body)}`);
    if (n % 50 === 1) {
      const id = JSON.parse(decoder.decode(answer.body)).package.id;
      const cancel = sandbox.handleRaw('DELETE', `${ORIGIN}/resellers/v1/packages/${id}`, headersFor(account), new Uint8Array());
      if (cancel.status !== 200) throw new Error(`cancel ${n}: HTTP ${cancel.status}`);
    }
  }
  const ms = performance.now() - t0;
  const added = size - stored;
  stored = size;
  return { ms, added };
}

const med = (v) => { const s = [...v].sort((x, y) => x - y); return s[(s.length - 1) >> 1] / 2 + s[s.length >> 1] / 2; };
const results = [];
for (const size of SIZES) {
  const fill = fillTo(size);
  const entry = { size, fillMs: fill.ms, fillAdded: fill.added, cases: {} };
  for (const [key, name, body] of CASES) {
    const bytes = encoder.encode(JSON.stringify(body));
    const times = [];
    let returned = 0;
    let responseBytes = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const t0 = performance.now();
      const answer = sandbox.handleRaw('POST', `${ORIGIN}/resellers/v1/packages/query`, headersFor(RESELLER), bytes);
      const ms = performance.now() - t0;
      if (answer.status !== 200) throw new Error(`query ${key}: HTTP ${answer.status}`);
      if (i >= 2) times.push(ms);
      responseBytes = answer.body.byteLength;
      if (i === 0) returned = JSON.parse(decoder.decode(answer.body)).packages.length;
    }
    entry.cases[key] = { name, ms: med(times), maxMs: Math.max(...times), returned, responseBytes };
  }
  results.push(entry);
}
process.stdout.write(`${JSON.stringify({ runs: RUNS, results })}\n`);
