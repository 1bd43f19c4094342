// Profiling aid: an in-process A/B of package builds, for a change whose
// effect is smaller than the machine's drift between two `make bench` runs.
// Each build is loaded side by side in one Node process and measured in
// turn, in batches, with the order rotated every round, so a busy moment
// costs all builds alike: the 1000-product createPackageV2 with an instant
// fetch (as benches/js/client-cpu.mjs) and validateCreatePackage alone.
//
// Usage: copy dist/npm once per build to compare (e.g. `cp -r dist/npm
// /tmp/ab/before`, change, `scripts/build-pkg.sh`, `cp -r dist/npm
// /tmp/ab/after`), then `node benches/profile/ab.mjs /tmp/ab/before /tmp/ab/after`.
// ROUNDS (default 40) sets the rounds; each round is 10 calls of each per build.
import path from 'node:path';

const dirs = process.argv.slice(2).map((dir) => path.resolve(dir));
if (dirs.length === 0) throw new Error('usage: node benches/profile/ab.mjs PACKAGE_DIR...');
const ROUNDS = Number(process.env.ROUNDS || 40);
const WARMUP_ROUNDS = 4;
const BATCH = 10;
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
const { Sandbox } = await import(path.join(dirs[0], 'sandbox/index.mjs'));
const sandbox = new Sandbox({});
const headers = ['authorization', 'sandbox-reseller-key', 'wix-account-id', ACCOUNT, 'content-type', 'application/json'];
const raw = sandbox.handleRaw('POST', 'http://127.0.0.1/resellers/v2/packages', headers, new TextEncoder().encode(JSON.stringify(request)));
if (raw.status !== 200) throw new Error(`the sandbox refused the 1000-product create: ${raw.status}`);
const answerBytes = raw.body.slice();
sandbox.free();
const responseHeaders = { 'content-type': 'application/json', 'x-wix-request-id': 'bench-request' };

let prebuilt = [];
const fakeFetch = () => Promise.resolve(prebuilt.pop());
const builds = [];
for (const dir of dirs) {
  const mod = await import(path.join(dir, 'index.mjs'));
  const client = new mod.ResellersClient({ apiKey: 'IST.bench-key-0123456789', accountId: ACCOUNT, baseUrl: 'https://www.wixapis.com', fetch: fakeFetch });
  if (!mod.validateCreatePackage(request).valid) throw new Error(`${dir}: the request is not valid`);
  builds.push({ dir, mod, client, create: [], validate: [] });
}

for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
  const order = builds.map((_, i) => builds[(i + round) % builds.length]);
  for (const build of order) {
    prebuilt = Array.from({ length: BATCH }, () => new Response(answerBytes.slice(), { status: 200, headers: responseHeaders }));
    for (let i = 0; i < BATCH; i++) {
      const t0 = performance.now();
      await build.client.createPackageV2(request);
      if (round >= WARMUP_ROUNDS) build.create.push(performance.now() - t0);
    }
    for (let i = 0; i < BATCH; i++) {
      const t0 = performance.now();
      build.mod.validateCreatePackage(request);
      if (round >= WARMUP_ROUNDS) build.validate.push(performance.now() - t0);
    }
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
};
for (const build of builds) {
  process.stdout.write(`${build.dir}: createPackageV2 ${median(build.create).toFixed(3)} ms, validateCreatePackage ${median(build.validate).toFixed(3)} ms (medians of ${build.create.length})\n`);
}
