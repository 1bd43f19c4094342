// What the onRequest/onResponse hooks cost per call: the same getPackage and
// queryPackages calls (alternating) through three clients on one in-process
// sandbox (`sandbox.fetch`: no socket, so the hooks' share is not lost in
// network noise): no hooks, two no-op hooks, and hooks that build the log
// object a logger would get (examples/observability's fields) and keep it.
// Rounds rotate the order of the variants, so machine noise hits all alike;
// each figure is the median of the per-round per-call times.
// Prints { calls, rounds, perRound, packages, noneUs, noopUs, logUs, noopDeltaUs, logDeltaUs,
// noneCpuUs, noopCpuUs, logCpuUs, noopCpuDeltaUs, logCpuDeltaUs, events } (µs per call).
// Usage: node hooks.mjs [calls per variant] [calls per round]
import { ResellersClient } from 'wix-resellers';
import { Sandbox } from 'wix-resellers/sandbox';

const [callsArg = '2000', perRoundArg = '20'] = process.argv.slice(2);
const PER_ROUND = Number(perRoundArg);
const ROUNDS = Math.ceil(Number(callsArg) / PER_ROUND);
const ACCOUNT = '5e11e500-0000-4000-8000-000000000001';
const PACKAGES = 20;

const sandbox = new Sandbox({});
// The URL only names the requests: `fetch` is the sandbox, no socket is opened.
const base = { apiKey: 'sandbox-reseller-key', accountId: ACCOUNT, baseUrl: 'http://127.0.0.1', fetch: sandbox.fetch };
const seedClient = new ResellersClient(base);
const ids = [];
for (let n = 0; n < PACKAGES; n++) {
  const created = await seedClient.createPackageV2({
    products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000101', countryCode: 'BR', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } } }],
    externalId: `hooks-${n}`,
  });
  ids.push(created.package.id);
}

// Kept where the optimiser cannot drop them: the log variant's objects must be built.
let events = 0;
let last;
const keep = (entry) => { events += 1; last = entry; };
const variants = {
  none: new ResellersClient(base),
  noop: new ResellersClient({ ...base, onRequest() {}, onResponse() {} }),
  log: new ResellersClient({
    ...base,
    onRequest: (e) => keep({ level: 'debug', msg: 'wix request', time: Date.now(), method: e.method, path: e.path, attempt: e.attempt, idempotencyKey: e.idempotencyKey }),
    onResponse: (e) => keep({
      level: e.code === undefined ? 'info' : 'warn', msg: 'wix response', time: Date.now(), method: e.method, path: e.path, attempt: e.attempt,
      idempotencyKey: e.idempotencyKey, status: e.status, requestId: e.requestId, elapsedMs: e.elapsedMs, retryable: e.retryable, code: e.code,
    }),
  }),
};
const names = Object.keys(variants);

/** One round: [wall µs, process CPU µs] per call (CPU: what a loaded machine's waits do not inflate). */
async function round(client) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    if (i % 2 === 0) {
      const pkg = await client.getPackage(ids[i % PACKAGES]);
      if (pkg.id !== ids[i % PACKAGES]) throw new Error('wrong package');
    } else {
      const page = await client.queryPackages({ filter: { externalId: { $eq: `hooks-${i % PACKAGES}` } } });
      if (page.packages.length !== 1) throw new Error(`query found ${page.packages.length}`);
    }
  }
  const wall = ((performance.now() - t0) / PER_ROUND) * 1000;
  const cpu = process.cpuUsage(c0);
  return [wall, (cpu.user + cpu.system) / PER_ROUND];
}

for (let i = 0; i < 5; i++) for (const name of names) await round(variants[name]);
const perCall = Object.fromEntries(names.map((name) => [name, []]));
const cpuPerCall = Object.fromEntries(names.map((name) => [name, []]));
const deltas = { noop: [], log: [], noopCpu: [], logCpu: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = names.map((_, i) => names[(i + r) % names.length]);
  const t = {};
  for (const name of order) t[name] = await round(variants[name]);
  for (const name of names) {
    perCall[name].push(t[name][0]);
    cpuPerCall[name].push(t[name][1]);
  }
  // Per-round differences: a slow stretch of the machine moves all three.
  deltas.noop.push(t.noop[0] - t.none[0]);
  deltas.log.push(t.log[0] - t.none[0]);
  deltas.noopCpu.push(t.noop[1] - t.none[1]);
  deltas.logCpu.push(t.log[1] - t.none[1]);
}
if (!last || last.msg !== 'wix response') throw new Error('the log hooks did not run');
const med = (v) => { const s = [...v].sort((x, y) => x - y); return s[(s.length - 1) >> 1] / 2 + s[s.length >> 1] / 2; };
process.stdout.write(`${JSON.stringify({
  calls: ROUNDS * PER_ROUND,
  rounds: ROUNDS,
  perRound: PER_ROUND,
  packages: PACKAGES,
  noneUs: med(perCall.none),
  noopUs: med(perCall.noop),
  logUs: med(perCall.log),
  noopDeltaUs: med(deltas.noop),
  logDeltaUs: med(deltas.log),
  noneCpuUs: med(cpuPerCall.none),
  noopCpuUs: med(cpuPerCall.noop),
  logCpuUs: med(cpuPerCall.log),
  noopCpuDeltaUs: med(deltas.noopCpu),
  logCpuDeltaUs: med(deltas.logCpu),
  events,
})}\n`);
