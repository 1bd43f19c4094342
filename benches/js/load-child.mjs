// Load generator for the sandbox server bench, in its own process:
// get-package requests over `concurrency` keep-alive connections
// (node:http Agent), bounded by a request count and a time limit, to a
// loopback URL only. Prints { requests, seconds, perSecond, p50Ms, p99Ms, errors }.
// Usage: node load-child.mjs <url> <ids.json> [concurrency] [count] [maxMs]
import fs from 'node:fs';
import http from 'node:http';

const [url, idsFile, concArg = '64', countArg = '40000', maxMsArg = '15000'] = process.argv.slice(2);
const base = new URL(url);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error(`load only goes to loopback, not ${base.hostname}`);
const ids = JSON.parse(fs.readFileSync(idsFile, 'utf8'));
const CONCURRENCY = Number(concArg);
const COUNT = Number(countArg);
const MAX_MS = Number(maxMsArg);
const WARMUP = Math.min(2000, COUNT / 10);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const headers = { authorization: 'sandbox-reseller-key', 'wix-account-id': '5e11e500-0000-4000-8000-000000000001', accept: 'application/json' };

function get(n) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request(
      { host: base.hostname, port: base.port, path: `/resellers/v1/packages/${ids[(n * 7919) % ids.length]}`, agent, headers },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - t0 }));
      },
    );
    req.on('error', () => resolve({ ok: false, ms: performance.now() - t0 }));
    req.end();
  });
}

async function run(total, deadline, latencies) {
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < total && performance.now() < deadline) {
      const result = await get(next++);
      if (!result.ok) errors++;
      latencies?.push(result.ms);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { done: next, errors };
}

await run(WARMUP, performance.now() + MAX_MS);
const latencies = [];
const t0 = performance.now();
const { done, errors } = await run(COUNT, t0 + MAX_MS, latencies);
const seconds = (performance.now() - t0) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
process.stdout.write(`${JSON.stringify({ concurrency: CONCURRENCY, requests: done, seconds, perSecond: done / seconds, p50Ms: q(0.5), p99Ms: q(0.99), errors })}\n`);
