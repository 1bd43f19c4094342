// Per-call time of getPackage through the client vs the same request made with
// raw fetch (same headers, body read as JSON), against one sandbox server in
// another process (keep-alive: both go through Node's global fetch). Rounds
// alternate client, raw, client, raw, ...; the figure is the median of the
// per-round-pair ratios.
// Usage: node overhead.mjs <url> <id> [rounds] [callsPerRound]
import { ResellersClient } from 'wix-resellers';

const [url, id, roundsArg = '60', perRoundArg = '25'] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);
const PER_ROUND = Number(perRoundArg);
const ACCOUNT = '5e11e500-0000-4000-8000-000000000001';
const API_KEY = 'sandbox-reseller-key';
const client = new ResellersClient({ apiKey: API_KEY, accountId: ACCOUNT, baseUrl: url });
const target = `${url}/resellers/v1/packages/${id}`;
const headers = { authorization: API_KEY, 'wix-account-id': ACCOUNT, accept: 'application/json' };

const viaClient = async () => {
  const pkg = await client.getPackage(id);
  if (pkg.id !== id) throw new Error('wrong package');
};
const viaRaw = async () => {
  const response = await fetch(target, { headers });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  const body = await response.json();
  if (body.package.id !== id) throw new Error('wrong package');
};

async function round(call) {
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND; i++) await call();
  return (performance.now() - t0) / PER_ROUND;
}

for (let i = 0; i < 5; i++) {
  await round(viaClient);
  await round(viaRaw);
}
const clientMs = [];
const rawMs = [];
const ratios = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which goes first, so neither always follows the other.
  const [a, b] = r % 2 ? [await round(viaRaw), await round(viaClient)].reverse() : [await round(viaClient), await round(viaRaw)];
  clientMs.push(a);
  rawMs.push(b);
  ratios.push(a / b);
}
const med = (v) => { const s = [...v].sort((x, y) => x - y); return s[(s.length - 1) >> 1] / 2 + s[s.length >> 1] / 2; };
process.stdout.write(`${JSON.stringify({ rounds: ROUNDS, callsPerRound: PER_ROUND, clientMs: med(clientMs), rawMs: med(rawMs), ratio: med(ratios) })}\n`);
