// The cost of `--state`: a create through real fetch against
// startSandboxServer without a state file, and with one holding the seed
// world or a world of `big` packages (each create rewrites the whole
// snapshot, fsync'd, before it is answered). Rounds interleave the variants
// so that machine noise hits all alike. Prints one JSON line:
// { variants: [{ name, stateBytes, medianMs, p99Ms, writes, snapshotMs }], creates }
// (snapshotMs: the median `snapshotBytes()` at the end, the part of a write
// that is not the file system's).
// Usage: node persist.mjs <dir> [creates per variant] [big]
import fs from 'node:fs';
import path from 'node:path';
import { Sandbox, startSandboxServer } from 'wix-resellers/sandbox';

const [dir, createsText = '300', bigText = '1000'] = process.argv.slice(2);
const CREATES = Number(createsText);
const BIG = Number(bigText);
const ROUND = 10;
const ACCOUNT = '5e11e500-0000-4000-8000-000000000001';
const headers = { authorization: 'sandbox-reseller-key', 'wix-account-id': ACCOUNT, 'content-type': 'application/json' };
const create = JSON.stringify({
  products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000101', countryCode: 'BR', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } } }],
});
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.ceil(pos)] - sorted[lo]) * (pos - lo);
};

fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });

/** A seeded sandbox with `count` packages more, made in-process (no file yet). */
function sandboxWith(count) {
  const sandbox = new Sandbox({});
  const raw = Object.entries(headers).flat();
  const body = new TextEncoder().encode(create);
  for (let n = 0; n < count; n++) {
    const answer = sandbox.handleRaw('POST', 'http://127.0.0.1/resellers/v2/packages', raw, body);
    if (answer.status !== 200) throw new Error(`fill ${n}: HTTP ${answer.status}`);
  }
  return sandbox;
}

const variants = [
  { name: 'no state file', sandbox: sandboxWith(0) },
  { name: 'state file, from the seed', sandbox: sandboxWith(0), file: path.join(dir, 'seed.json') },
  { name: `state file, ${BIG} packages`, sandbox: sandboxWith(BIG), file: path.join(dir, 'big.json') },
];
for (const v of variants) {
  v.server = await startSandboxServer({ sandbox: v.sandbox, state: v.file });
  v.times = [];
  v.writes = 0;
}

async function once(v) {
  const before = v.file ? fs.statSync(v.file).ino : 0;
  const t0 = process.hrtime.bigint();
  const response = await fetch(`${v.server.url}/resellers/v2/packages`, { method: 'POST', headers, body: create });
  await response.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (response.status !== 200) throw new Error(`${v.name}: HTTP ${response.status}`);
  if (v.file && fs.statSync(v.file).ino !== before) v.writes += 1;
  return ms;
}

const deadline = Date.now() + 90_000;
// Warm-up: JIT, the connection pool, the page cache.
for (const v of variants) for (let i = 0; i < 20; i++) await once(v);
for (let done = 0; done < CREATES && Date.now() < deadline; done += ROUND) {
  for (const v of variants) for (let i = 0; i < ROUND; i++) v.times.push(await once(v));
}
for (const v of variants) await v.server.close();
for (const v of variants) {
  const times = [];
  for (let i = 0; i < 21; i++) {
    const t0 = process.hrtime.bigint();
    v.sandbox.snapshotBytes();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  v.snapshotMs = quantile(times, 0.5);
}

process.stdout.write(
  `${JSON.stringify({
    creates: variants[0].times.length,
    variants: variants.map((v) => ({
      name: v.name,
      stateBytes: v.file ? fs.statSync(v.file).size : 0,
      medianMs: quantile(v.times, 0.5),
      p99Ms: quantile(v.times, 0.99),
      writes: v.writes,
      snapshotMs: v.snapshotMs,
    })),
  })}\n`,
);
fs.rmSync(dir, { recursive: true, force: true });
