// A sandbox server in its own process for the overhead and throughput
// benches: startSandboxServer on 127.0.0.1:0 over a seeded Sandbox holding
// `count` packages (created through handleRaw), or over a stub engine that
// answers a fixed body (the node:http front's own ceiling). Prints one JSON
// line { url, ids } and serves until its stdin closes or `maxMs` passes.
// Usage: node server-child.mjs <count> <sandbox|stub> [maxMs]
import { Sandbox, startSandboxServer } from 'wix-resellers/sandbox';

const [count = '1000', kind = 'sandbox', maxMs = '240000'] = process.argv.slice(2);
const ACCOUNT = '5e11e500-0000-4000-8000-000000000001';
const headers = ['authorization', 'sandbox-reseller-key', 'wix-account-id', ACCOUNT, 'content-type', 'application/json'];
const encoder = new TextEncoder();

let engine;
const ids = [];
if (kind === 'stub') {
  const body = encoder.encode(JSON.stringify({ package: { id: '828b98fb-7114-4b3c-90fd-8d0db76aa72b', accountId: ACCOUNT, productInstances: [], createdDate: '2026-11-25T12:00:00.000Z', updatedDate: '2026-11-25T12:00:00.000Z' } }));
  engine = { handleRaw: () => ({ status: 200, headers: ['content-type', 'application/json', 'x-wix-request-id', 'stub'], body, delayMs: 0, reset: false }) };
  ids.push('828b98fb-7114-4b3c-90fd-8d0db76aa72b');
} else {
  engine = new Sandbox({});
  for (let n = 0; n < Number(count); n++) {
    const body = {
      products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000101', countryCode: 'BR', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } } }],
      externalId: `order-${n}`,
    };
    const answer = engine.handleRaw('POST', 'http://127.0.0.1/resellers/v2/packages', headers, encoder.encode(JSON.stringify(body)));
    if (answer.status !== 200) throw new Error(`create ${n}: HTTP ${answer.status}`);
    ids.push(JSON.parse(new TextDecoder().decode(answer.body)).package.id);
  }
}

const server = await startSandboxServer({ sandbox: engine });
const stop = async () => {
  await server.close();
  process.exit(0);
};
setTimeout(stop, Number(maxMs)).unref();
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ url: server.url, ids: ids.slice(0, 2000) })}\n`);
