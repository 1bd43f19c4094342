// Per-call time of getPackage through the client vs the same request made with
// raw fetch (same headers, body read as JSON), against one sandbox server in
// another process (keep-alive: both go through Node's global fetch). Beside
// them, raw fetch with a timeout signal (`AbortSignal.timeout`): the least a
// caller writes to get what the client guarantees, an attempt that cannot
// hang. Rounds rotate the order of the contenders; each figure is the median
// of the per-round ratios.
// Usage: node overhead.mjs <url> <id> [rounds] [callsPerRound]
import { ResellersClient } from 'wix-resellers';

const [url, id, roundsArg = '60', perRoundArg = '25'] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);
const PER_ROUND = Number(perRoundArg);
const ACCOUNT = '5e11e500-0000-4000-8000-000000000001';
const API_KEY = 'sandbox-reseller-key';
const TIMEOUT_MS = 30000;
const client = new ResellersClient({ apiKey: API_KEY, accountId: ACCOUNT, baseUrl: url, timeoutMs: TIMEOUT_MS });
const target = `${url}/resellers/v1/packages/${id}`;
const headers = { authorization: API_KEY, 'wix-account-id': ACCOUNT, accept: 'application/json' };

const check = (pkg) => {
  if (pkg.id !== id) throw new Error('wrong package');
};
const contenders = {
  client: async () => check(await client.getPackage(id)),
  raw: async () => {
    const response = await fetch(target, { headers });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    check((await response.json()).package);
  },
  rawTimeout: async () => {
    const response = await fetch(target, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    check((await response.json()).package);
  },
};
const names = Object.keys(contenders);

async function round(call) {
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND; i++) await call();
  return (performance.now() - t0) / PER_ROUND;
}

for (let i = 0; i < 5; i++) for (const name of names) await round(contenders[name]);
const perCall = Object.fromEntries(names.map((name) => [name, []]));
const ratios = { client: [], clientVsTimeout: [], timeout: [] };
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order, so no contender always follows the same one.
  const order = names.map((_, i) => names[(i + r) % names.length]);
  const t = {};
  for (const name of order) t[name] = await round(contenders[name]);
  for (const name of names) perCall[name].push(t[name]);
  ratios.client.push(t.client / t.raw);
  ratios.clientVsTimeout.push(t.client / t.rawTimeout);
  ratios.timeout.push(t.rawTimeout / t.raw);
}
const med = (v) => { const s = [...v].sort((x, y) => x - y); return s[(s.length - 1) >> 1] / 2 + s[s.length >> 1] / 2; };
process.stdout.write(`${JSON.stringify({
  rounds: ROUNDS,
  callsPerRound: PER_ROUND,
  clientMs: med(perCall.client),
  rawMs: med(perCall.raw),
  rawTimeoutMs: med(perCall.rawTimeout),
  ratio: med(ratios.client),
  ratioVsTimeout: med(ratios.clientVsTimeout),
  timeoutRatio: med(ratios.timeout),
})}\n`);
